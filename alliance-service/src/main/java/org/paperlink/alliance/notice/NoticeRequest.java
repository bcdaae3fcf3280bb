package org.paperlink.alliance.notice;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.paperlink.alliance.structure.Pillar;
import org.paperlink.platform.PlainText;
import org.paperlink.platform.KnownCode;

/** A notice to publish, now or at {@code publishAt}. */
record NoticeRequest(
		@NotBlank @Size(max = 200) @Pattern(regexp = PlainText.SINGLE_LINE_MARKUP_ESCAPED,
				message = "{PlainText}") String title,
		@NotBlank @Size(max = 20_000) @Pattern(regexp = PlainText.MULTI_LINE, message = "{PlainText}") String body,
		@NotNull @Valid AudienceRequest audience,
		@Pattern(regexp = "NORMAL|URGENT", message = "{Priority}") String priority, Boolean requiresAck,
		@Min(1) @Max(720) Integer remindAfterHours, OffsetDateTime publishAt) {

	NoticeRequest {
		priority = (priority != null) ? priority : "NORMAL";
		requiresAck = Boolean.TRUE.equals(requiresAck);
	}

	record AudienceRequest(@NotNull @Pattern(regexp = "ALL|PILLARS|MEMBERS", message = "{AudienceScope}") String scope,
			@Size(max = 4) List<@KnownCode(Pillar.class) String> pillars,
			@Size(max = 10_000) List<@NotBlank @Size(max = 64) String> memberIds) {

		AudienceRequest {
			pillars = (pillars != null) ? pillars : List.of();
			memberIds = (memberIds != null) ? memberIds : List.of();
		}

	}

}
