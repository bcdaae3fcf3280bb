package org.paperlink.alliance.market;

import java.time.LocalDate;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.paperlink.events.Category;
import org.paperlink.platform.PlainText;
import org.paperlink.platform.KnownCode;

/**
 * A supply offer or purchase need as a member posts it. Whether the unit fits the
 * category, the price range is the right way round and the validity date is within a year
 * is checked by the service, with the taxonomy and the clock.
 *
 * @param region a village or the town; the enterprise's village when absent
 */
record ListingRequest(@NotBlank @KnownCode(Side.class) String side,
		@NotBlank @KnownCode(Category.class) String category,
		@Size(max = 60) @Pattern(regexp = PlainText.SINGLE_LINE, message = "{PlainText}") String spec,
		@NotNull @Positive @Max(1_000_000_000) Long quantity, @NotBlank @KnownCode(Unit.class) String unit,
		@PositiveOrZero @Max(10_000_000_000L) Long priceMinYuan,
		@PositiveOrZero @Max(10_000_000_000L) Long priceMaxYuan,
		@Size(max = 40) @Pattern(regexp = PlainText.SINGLE_LINE, message = "{PlainText}") String region,
		@NotNull LocalDate validUntil) {

}
