package org.paperlink.alliance.member;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.paperlink.alliance.validation.MainlandMobile;
import org.paperlink.platform.PlainText;

/** An enterprise's contact person as an application or a profile change gives it. */
public record ContactRequest(
		@NotBlank @Size(max = 50) @Pattern(regexp = PlainText.SINGLE_LINE, message = "{PlainText}") String name,
		@NotBlank @MainlandMobile String phone, @Email @Size(max = 100) String email) {

	public ContactRequest {
		phone = (phone != null) ? phone.strip() : null;
	}

	public Contact toContact() {
		return new Contact(this.name.strip(), this.phone, (this.email != null) ? this.email.strip() : null);
	}

}
