package org.paperlink.alliance.registration;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.paperlink.alliance.member.ContactRequest;
import org.paperlink.events.Category;
import org.paperlink.platform.PlainText;
import org.paperlink.alliance.structure.Pillar;
import org.paperlink.platform.KnownCode;
import org.paperlink.alliance.validation.PasswordPolicy;
import org.paperlink.alliance.validation.Uscc;
import org.paperlink.alliance.validation.Usernames;

/**
 * An enterprise's application to join the alliance, with the account it will sign in
 * with.
 */
record RegistrationRequest(
		@NotBlank @Size(max = 100) @Pattern(regexp = PlainText.SINGLE_LINE,
				message = "{PlainText}") String enterpriseName,
		@NotBlank @Uscc String uscc, @NotBlank @KnownCode(Pillar.class) String pillar,
		@NotEmpty @Size(max = 16) List<@NotBlank @KnownCode(Category.class) String> produces,
		@Size(max = 16) List<@NotBlank @KnownCode(Category.class) String> consumes,
		@NotNull @PositiveOrZero @Max(100_000_000) Long annualCapacityTonnes, @NotNull @Valid ContactRequest contact,
		@Size(max = 50) @Pattern(regexp = PlainText.SINGLE_LINE, message = "{PlainText}") String village,
		@Size(max = 200) @Pattern(regexp = PlainText.SINGLE_LINE, message = "{PlainText}") String address,
		@NotBlank @Pattern(regexp = Usernames.APPLICANT_PATTERN, message = "{ApplicantUsername}") String username,
		@NotBlank @PasswordPolicy String password) {

	/**
	 * The declared capacity, all in the first product: a member reports per category
	 * later.
	 */
	Map<String, Long> capacitiesByCategory() {
		return Map.of(this.produces.get(0), this.annualCapacityTonnes);
	}

	/**
	 * The same application with another password: a bulk import makes each account's
	 * first one.
	 */
	RegistrationRequest withPassword(String newPassword) {
		return new RegistrationRequest(this.enterpriseName, this.uscc, this.pillar, this.produces, this.consumes,
				this.annualCapacityTonnes, this.contact, this.village, this.address, this.username, newPassword);
	}

	RegistrationRequest {
		uscc = (uscc != null) ? uscc.strip().toUpperCase(Locale.ROOT) : null;
		enterpriseName = (enterpriseName != null) ? enterpriseName.strip() : null;
		username = (username != null) ? username.strip() : null;
		consumes = (consumes != null) ? consumes : List.of();
	}

}
