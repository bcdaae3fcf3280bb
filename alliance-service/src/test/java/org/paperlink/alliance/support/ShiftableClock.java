package org.paperlink.alliance.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The system clock, which a test may move forward to see what time does (listings
 * expiring), and must move back when done.
 */
public final class ShiftableClock extends Clock {

	private final AtomicReference<Duration> shift = new AtomicReference<>(Duration.ZERO);

	private final ZoneId zone;

	private ShiftableClock(ZoneId zone) {
		this.zone = zone;
	}

	public void shift(Duration by) {
		this.shift.set(by);
	}

	public void reset() {
		this.shift.set(Duration.ZERO);
	}

	@Override
	public ZoneId getZone() {
		return this.zone;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		ShiftableClock other = new ShiftableClock(zone);
		other.shift.set(this.shift.get());
		return other;
	}

	@Override
	public Instant instant() {
		return Instant.now().plus(this.shift.get());
	}

	@TestConfiguration(proxyBeanMethods = false)
	public static class Config {

		@Bean
		@Primary
		ShiftableClock shiftableClock() {
			return new ShiftableClock(ZoneId.systemDefault());
		}

	}

}
