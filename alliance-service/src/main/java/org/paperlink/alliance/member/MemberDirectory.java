package org.paperlink.alliance.member;

import java.util.regex.Pattern;

import org.paperlink.platform.PageResponse;
import org.paperlink.platform.Pages;
import org.paperlink.platform.Refusal;
import org.paperlink.platform.Role;
import org.paperlink.platform.SignedInUser;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/**
 * Reads members for the directory and for profiles, showing contacts only to those
 * allowed.
 */
@Service
public class MemberDirectory {

	private final ReactiveMongoTemplate mongo;

	private final MemberRepository members;

	private final MemberMapper mapper;

	MemberDirectory(ReactiveMongoTemplate mongo, MemberRepository members, MemberMapper mapper) {
		this.mongo = mongo;
		this.members = members;
		this.mapper = mapper;
	}

	/** Active members, filtered by pillar and a name fragment, ordered by name. */
	public Mono<PageResponse<MemberView>> activeMembers(String pillar, String nameContains, int page, int size,
			SignedInUser caller) {
		return list(MemberStatus.ACTIVE, pillar, nameContains, page, size, caller);
	}

	public Mono<PageResponse<MemberView>> list(MemberStatus status, String pillar, String nameContains, int page,
			int size, SignedInUser caller) {
		Criteria criteria = Criteria.where("status").is(status);
		if (pillar != null && !pillar.isBlank()) {
			criteria = criteria.and("pillar").is(pillar);
		}
		if (nameContains != null && !nameContains.isBlank()) {
			criteria = criteria.and("enterpriseName").regex(Pattern.quote(nameContains.strip()), "i");
		}
		Query query = Query.query(criteria);
		return Pages.read(this.mongo, query, Sort.by("enterpriseName"), Member.class, (member) -> view(member, caller),
				page, size);
	}

	/**
	 * One member, for its profile: the member itself and the staff.
	 */
	public Mono<Member> readable(String id, SignedInUser caller) {
		if (!caller.isMember(id) && !caller.hasAny(Role.SECRETARIAT, Role.PARTY_COMMITTEE, Role.ADMIN)) {
			return Mono.error(Refusal.forbidden("not-your-enterprise"));
		}
		return this.members.existing(id);
	}

	/**
	 * The signed-in member's own enterprise: 403 for a caller that is no member, 404 if
	 * the enterprise is gone.
	 */
	public Mono<Member> enterpriseOf(SignedInUser caller) {
		if (caller.memberId() == null) {
			return Mono.error(Refusal.forbidden("not-your-enterprise"));
		}
		return this.members.existing(caller.memberId());
	}

	public MemberView view(Member member, SignedInUser caller) {
		boolean showContact = caller != null
				&& (caller.isMember(member.id()) || caller.hasAny(Role.SECRETARIAT, Role.PARTY_COMMITTEE));
		return this.mapper.toView(member, showContact);
	}

}
