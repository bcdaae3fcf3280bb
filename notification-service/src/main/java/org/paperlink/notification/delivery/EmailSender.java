package org.paperlink.notification.delivery;

import jakarta.mail.internet.MimeMessage;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Email over SMTP (Spring Mail), plain UTF-8 text. The subject is the notification's
 * title, which marks urgency itself in the reader's language; the header
 * {@code X-PaperLink-Event-Id} names the event the email tells of.
 */
@Component
public class EmailSender implements ChannelSender {

	private final JavaMailSender mail;

	private final String from;

	EmailSender(JavaMailSender mail,
			@Value("${paperlink.mail.from:纸联 PaperLink <noreply@paperlink.local>}") String from) {
		this.mail = mail;
		this.from = from;
	}

	@Override
	public Transport transport() {
		return Transport.EMAIL;
	}

	/** The email's text: the notification's body, signed. Its subject is the title. */
	public static String text(Delivery delivery) {
		return delivery.body() + "\n\n—— 纸联 PaperLink · 大隗镇造纸产业联盟";
	}

	@Override
	public Mono<Void> send(Delivery delivery) {
		return Mono.fromRunnable(() -> {
			MimeMessage message = this.mail.createMimeMessage();
			try {
				MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
				helper.setFrom(this.from);
				helper.setTo(delivery.address());
				helper.setSubject(delivery.title());
				helper.setText(text(delivery));
			}
			catch (jakarta.mail.MessagingException ex) {
				throw new IllegalStateException(ex);
			}
			try {
				message.setHeader(ChannelSender.EVENT_ID_HEADER, delivery.eventId());
			}
			catch (jakarta.mail.MessagingException ex) {
				throw new IllegalStateException(ex);
			}
			this.mail.send(message);
		}).subscribeOn(Schedulers.boundedElastic()).then();
	}

}
