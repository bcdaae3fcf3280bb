package org.paperlink.alliance.capacity;

import java.time.LocalDate;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import org.paperlink.events.Category;
import org.paperlink.platform.KnownCode;

/** A member's report of the new annual capacity of one of its products. */
record CapacityReportRequest(@NotBlank @KnownCode(Category.class) String category,
		@NotNull @PositiveOrZero @Max(100_000_000) Long annualTonnes, @NotNull LocalDate effectiveFrom,
		@NotBlank @KnownCode(CapacityReason.class) String reason) {

}
