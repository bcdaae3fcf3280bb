package org.paperlink.events;

import java.time.Instant;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Every consumer reads an event through {@link EventType#read}: a field added by a newer
 * producer is ignored, even with a mapper that refuses unknown fields in request bodies.
 */
class TolerantReadingTests {

	private final JsonMapper strict = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.findAndAddModules()
		.build();

	@Test
	void aFieldAddedByANewerProducerIsIgnored() {
		CapacityReported report = new CapacityReported("r-1", "m-1", "恒丰纸业", "PAPERMAKING", null, "KRAFT", 100, 120, 20,
				LocalDate.of(2026, 12, 1), "EXPANSION", null, "hengfeng", Instant.parse("2026-12-01T08:00:00Z"));
		ObjectNode newer = this.strict.valueToTree(report);
		newer.put("carbonIntensity", 0.42);
		String payload = this.strict.writeValueAsString(newer);

		assertThatException().as("the strict mapper alone refuses it")
			.isThrownBy(() -> this.strict.readValue(payload, CapacityReported.class));
		assertThat(EventType.CAPACITY_REPORTED.read(this.strict, payload)).isEqualTo(report);
	}

}
