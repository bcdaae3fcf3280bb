package org.paperlink.alliance.demo;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;

import org.paperlink.alliance.member.Member;
import org.paperlink.alliance.member.MemberStatus;
import org.paperlink.alliance.outbox.AggregateStore;
import org.paperlink.alliance.outbox.ChangeListeners;
import org.paperlink.alliance.security.AccountService;
import org.paperlink.alliance.structure.AllianceStructure;
import org.paperlink.events.MemberUpdated;
import org.paperlink.platform.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Seeds the demo alliance in the {@code demo} profile: the structure, 38 members (each
 * with an event carrying its contact) and the demo accounts. Only what is missing is
 * written, so a restart keeps every change made since.
 */
@Component
@Profile("demo")
class DemoAllianceSeeder implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DemoAllianceSeeder.class);

	private final ReactiveMongoTemplate mongo;

	private final AggregateStore store;

	private final AccountService accounts;

	private final JsonMapper json;

	private final ChangeListeners listeners;

	private final Clock clock;

	DemoAllianceSeeder(ReactiveMongoTemplate mongo, AggregateStore store, AccountService accounts, JsonMapper json,
			ChangeListeners listeners, Clock clock) {
		this.mongo = mongo;
		this.store = store;
		this.accounts = accounts;
		this.json = json;
		this.listeners = listeners;
		this.clock = clock;
	}

	@Override
	public void run(ApplicationArguments args) throws IOException {
		DemoAlliance demo = load();
		// Start-up waits for the seed on purpose: readiness must not be reported before
		// the demo
		// accounts exist.
		Long written = seed(demo).toFuture().join();
		this.listeners.manyWritten(Member.class);
		log.info("Demo alliance ready: {} members, {} documents written now", demo.members().size(), written);
	}

	Mono<Long> seed(DemoAlliance demo) {
		AllianceStructure structure = new AllianceStructure(AllianceStructure.ID, demo.structure().name(),
				demo.structure().model(), demo.structure().partyCommittee(),
				AllianceStructure.defaults(demo.structure().name()).pillars());
		Mono<Long> structureWritten = insertIfMissing(structure);
		Flux<Long> membersWritten = Flux.range(0, demo.members().size())
			.concatMap((index) -> insertWithContact(member(index, demo.members().get(index))));
		Flux<Long> historyWritten = Flux.range(0, demo.members().size())
			.concatMap((index) -> Flux.fromIterable(demo.members().get(index).capacityHistoryOrEmpty())
				.concatMap((entry) -> insertIfMissing(entry.ofMember(memberId(index)))));
		Flux<Long> staffWritten = Flux.fromIterable(demo.staff())
			.concatMap((staff) -> account(staff.username(), demo.password(),
					staff.roles().stream().map(Role::valueOf).toList(), null));
		Flux<Long> memberAccountsWritten = Flux.range(0, demo.members().size())
			.filter((index) -> demo.members().get(index).username() != null)
			.concatMap((index) -> account(demo.members().get(index).username(), demo.password(), List.of(Role.MEMBER),
					memberId(index)));
		return Flux.concat(structureWritten, membersWritten, historyWritten, staffWritten, memberAccountsWritten)
			.reduce(0L, Long::sum);
	}

	/** Stable ids, so that a restart recognises what it seeded before. */
	static String memberId(int index) {
		return String.format("de%022d", index + 1);
	}

	private Member member(int index, DemoAlliance.DemoMember demo) {
		return new Member(memberId(index), demo.enterpriseName(), demo.uscc(), demo.uscc(), demo.pillar(), demo.tier(),
				MemberStatus.ACTIVE, demo.produces(), demo.consumes(), demo.annualCapacityTonnes(), demo.contact(),
				demo.village(), demo.address(), demo.username(), demo.sample(), demo.note(), this.clock.instant(),
				this.clock.instant(), "demo", null, demo.capacities(), demo.renovations(), 0);
	}

	/**
	 * A demo member, written with a {@code member.updated} event carrying its contact, so
	 * that notification-service knows where to email it as it knows a registered one.
	 */
	private Mono<Long> insertWithContact(Member member) {
		String email = (member.contact() != null) ? member.contact().email() : null;
		MemberUpdated contactKnown = new MemberUpdated(member.id(), member.enterpriseName(), member.pillar(),
				member.status().name(), List.of("contact"), "演示联盟 demo alliance", "demo", this.clock.instant(), email);
		return this.store.insert(member, List.of(contactKnown))
			.thenReturn(1L)
			.onErrorResume(DuplicateKeyException.class, (ex) -> Mono.just(0L));
	}

	private Mono<Long> insertIfMissing(Object document) {
		return this.mongo.insert(document)
			.thenReturn(1L)
			.onErrorResume(DuplicateKeyException.class, (ex) -> Mono.just(0L));
	}

	private Mono<Long> account(String username, String password, List<Role> roles, String memberId) {
		return this.accounts.exists(username)
			.flatMap((exists) -> exists ? Mono.just(0L)
					: this.accounts.upsert(username, password, roles, memberId).thenReturn(1L));
	}

	static DemoAlliance load(JsonMapper json) throws IOException {
		try (InputStream in = new ClassPathResource("demo/demo-alliance.json").getInputStream()) {
			return json.readValue(in, DemoAlliance.class);
		}
	}

	private DemoAlliance load() throws IOException {
		return load(this.json);
	}

}
