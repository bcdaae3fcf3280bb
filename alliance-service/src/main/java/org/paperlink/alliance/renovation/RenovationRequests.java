package org.paperlink.alliance.renovation;

import java.time.LocalDate;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.paperlink.events.Category;
import org.paperlink.platform.PlainText;
import org.paperlink.platform.KnownCode;

final class RenovationRequests {

	private RenovationRequests() {
	}

	record Register(
			@NotBlank @Size(max = 200) @Pattern(regexp = PlainText.SINGLE_LINE, message = "{PlainText}") String title,
			@NotBlank @KnownCode(Category.class) String category,
			@NotNull @PositiveOrZero @Max(100_000_000) Long addedCapacityTonnes,
			@NotNull @PositiveOrZero @Max(1_000_000_000_000L) Long investmentYuan,
			@NotBlank @KnownCode(KeyProjectLevel.class) String keyProjectLevel, @NotNull LocalDate plannedStart,
			@NotNull LocalDate plannedCompletion) {

	}

	record ChangeStatus(@NotBlank @KnownCode(RenovationStatus.class) String status,
			@Size(max = 500) @Pattern(regexp = PlainText.SINGLE_LINE, message = "{PlainText}") String note) {

	}

}
