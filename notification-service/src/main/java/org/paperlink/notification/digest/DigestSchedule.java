package org.paperlink.notification.digest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;

/**
 * When the morning's daily jobs (the Party committee's digest, the members' saved-search
 * digests) are due: {@code paperlink.digest.cron}, in China's time. The cron is their
 * first try; a catch-up every few minutes finds the run that is due and not done (all
 * replicas down at 08:00, an error, a replica killed mid-job) and does it
 * ({@link OncePerDay} keeps it to once).
 */
@Component
public class DigestSchedule {

	public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

	private final CronExpression cron;

	DigestSchedule(@Value("${paperlink.digest.cron:0 0 8 * * *}") String cron) {
		this.cron = CronExpression.parse(cron);
	}

	/**
	 * The day whose run is due at this moment: today once its time has come, else none.
	 */
	public Optional<LocalDate> dueDay(ZonedDateTime now) {
		ZonedDateTime local = now.withZoneSameInstant(ZONE);
		ZonedDateTime due = this.cron.next(local.toLocalDate().atStartOfDay(ZONE).minusNanos(1));
		return (due == null || local.isBefore(due)) ? Optional.empty() : Optional.of(local.toLocalDate());
	}

	/** When the run of that day is due. */
	public Instant dueAt(LocalDate day) {
		return this.cron.next(day.atStartOfDay(ZONE).minusNanos(1)).toInstant();
	}

}
