package org.paperlink.alliance.member;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.paperlink.events.Category;
import org.paperlink.platform.KnownCode;
import org.paperlink.platform.PlainText;

/**
 * What a member may change in its own profile; a field left out stays as it is. Its name,
 * code, pillar and products are the secretariat's.
 */
public record ProfileChange(@Valid ContactRequest contact,
		@Size(max = 50) @Pattern(regexp = PlainText.SINGLE_LINE, message = "{PlainText}") String village,
		@Size(max = 200) @Pattern(regexp = PlainText.SINGLE_LINE, message = "{PlainText}") String address,
		@Size(max = 16) List<@NotBlank @KnownCode(Category.class) String> consumes) {

}
