package org.paperlink.alliance.member;

import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

@Mapper(componentModel = "spring")
public interface MemberMapper {

	@Mapping(target = "contact", expression = "java(showContact ? member.contact() : null)")
	@Mapping(target = "username", expression = "java(showContact ? member.username() : null)")
	@Mapping(target = "capacities", expression = "java(member.capacitiesByCategory())")
	MemberView toView(Member member, boolean showContact);

}
