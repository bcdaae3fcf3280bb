package org.paperlink.alliance.member;

import reactor.core.publisher.Flux;

import org.springframework.data.repository.reactive.ReactiveCrudRepository;

public interface MemberRepository extends ReactiveCrudRepository<Member, String> {

	Flux<Member> findByStatus(MemberStatus status);

}
