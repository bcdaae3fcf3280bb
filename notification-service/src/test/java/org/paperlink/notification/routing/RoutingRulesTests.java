package org.paperlink.notification.routing;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.paperlink.events.EventType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The routing rules are data, checked against the event contract when they are read: a
 * rule that could never hold or never reach anyone stops start-up with a message that
 * names what is wrong.
 */
class RoutingRulesTests {

	private static RoutingRules.Recipients to(String addressee) {
		return new RoutingRules.Recipients(Addressee.valueOf(addressee), List.of(Channel.INBOX), null);
	}

	private static RoutingRules.Rule capacityRule(String urgentWhen, String addressee) {
		return new RoutingRules.Rule(EventType.CAPACITY_REPORTED, null, NotificationCategory.CAPACITY,
				"capacity.reported", urgentWhen, null, List.of(to(addressee)));
	}

	@Test
	void aRuleReadingTheEventsFieldsIsTaken() {
		RoutingRules.Rule rule = capacityRule("changeTonnes >= 100000 or changeTonnes <= -100000",
				"member:pillarLeadMemberId");

		assertThat(rule.event()).isEqualTo(EventType.CAPACITY_REPORTED);
	}

	@Test
	void aConditionNamingAFieldTheEventLacksStopsStartUp() {
		assertThatThrownBy(() -> capacityRule("changeTonne >= 100000", "role:PARTY_COMMITTEE"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("changeTonne,")
			.hasMessageContaining("CapacityReported");
	}

	@Test
	void aRecipientNamedByAFieldTheEventLacksStopsStartUp() {
		assertThatThrownBy(() -> capacityRule(null, "member:pillarLead")).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("pillarLead,");
	}

	@Test
	void aRuleForAnEventTypeTheContractDoesNotKnowStopsStartUp() {
		assertThat(new CloudEventTypes().convert("org.paperlink.capacity.reported.v1"))
			.isEqualTo(EventType.CAPACITY_REPORTED);
		assertThatThrownBy(() -> new CloudEventTypes().convert("org.paperlink.capacity.reportd.v1"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("org.paperlink.capacity.reportd.v1");
	}

}
