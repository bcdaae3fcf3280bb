package org.paperlink.localstack;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.paperlink.processes.ManagedProcess;
import org.paperlink.testsupport.RecordedTopic;
import org.paperlink.events.Topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The local run supervises its processes: each kind of child (the store, the broker, the
 * mail sink, a service) is killed once with SIGKILL, and the run serves again without
 * anyone restarting it: a member's report is accepted by the replica that was killed and
 * reaches the Party committee by email and by robot. Runs on the shared two-replica run.
 */
@Order(4)
class SupervisionTests {

	private static final AtomicInteger nextFigure = new AtomicInteger(400_000);

	private static LocalStack stack;

	private static LocalRunClient client;

	private static RecordedTopic capacity;

	private static LocalRunClient.SignedInMember member;

	@BeforeAll
	static void start() throws Exception {
		stack = SharedLocalRun.twoReplicas();
		client = new LocalRunClient(stack.settings());
		capacity = new RecordedTopic(stack.kafka().bootstrapServers(), Topics.CAPACITY);
		member = client.newMember(client.token("secretariat", "paperlink"), "监护测试纸业（示例）");
	}

	@AfterAll
	static void stop() {
		if (capacity != null) {
			capacity.close();
		}
	}

	@Test
	void eachKindOfChildKilledIsStartedAgainAndTheRunServesWithoutARestartByHand() {
		List<String> reported = new CopyOnWriteArrayList<>();
		ManagedProcess secondAlliance = stack.allianceReplicas().get(1);
		try (Supervisor supervisor = stack.supervise(reported::add)) {
			for (ManagedProcess child : List.of(stack.store().process(), stack.kafka().process(),
					stack.mail().process(), secondAlliance)) {
				child.kill();
				assertThat(child.isAlive()).isFalse();
				// reports go to the second alliance-service, the one killed last
				String eventId = await().atMost(Duration.ofMinutes(4))
					.pollInterval(Duration.ofSeconds(2))
					.until(() -> acceptedReport(1), Optional::isPresent)
					.get();
				await().atMost(Duration.ofMinutes(2))
					.pollInterval(Duration.ofSeconds(1))
					.alias("the report after " + child.name()
							+ " was killed reaches the Party committee by email and robot")
					.until(() -> Evidence.PartyEffects.in(stack.settings().dataDirectory())
						.all()
						.stream()
						.filter((effect) -> effect.eventId().equals(eventId))
						.count() == 2);
				assertThat(supervisor.restarts()).containsEntry(child.name(), 1);
			}
		}
		assertThat(reported).anyMatch((line) -> line.startsWith("document-store 已退出 / has exited"))
			.anyMatch((line) -> line.startsWith("alliance-service-2 已重启 / restarted (restart 1)"));
	}

	/**
	 * A capacity report by the test member to one alliance replica: its event's id once
	 * it is accepted and on the topic, nothing if it was refused or not (yet) published.
	 */
	private static Optional<String> acceptedReport(int replica) throws IOException, InterruptedException {
		String body = LocalRunClient.capacityReport(nextFigure.incrementAndGet());
		HttpResponse<String> answer;
		try {
			answer = client
				.send(client.post(client.alliance(replica, "/api/v1/members/" + member.id() + "/capacity-reports"),
						member.token(), body));
		}
		catch (IOException ex) {
			// the replica is not listening yet
			return Optional.empty();
		}
		if (answer.statusCode() != 201) {
			return Optional.empty();
		}
		String reportId = JsonPath.read(answer.body(), "$.id");
		return Optional.ofNullable(await().atMost(Duration.ofMinutes(2))
			.until(() -> capacity.matching((record) -> record.value() != null && record.value().contains(reportId))
				.stream()
				.map((record) -> RecordedTopic.header(record, "ce_id"))
				.findFirst()
				.orElse(null), java.util.Objects::nonNull));
	}

}
