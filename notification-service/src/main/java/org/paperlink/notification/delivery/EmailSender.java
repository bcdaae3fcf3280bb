package org.paperlink.notification.delivery;

import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * Email over SMTP, plain UTF-8 text, the emails of a flush over one connection. The
 * subject is the notification's title, which marks urgency itself in the reader's
 * language; the header {@code X-PaperLink-Event-Id} names the event the email tells of,
 * and the {@code Message-ID} is derived from the delivery, so that a repeat (a crash
 * between the server's acceptance and its record) is the same message to a mail client.
 */
@Component
public class EmailSender {

	private final JavaMailSenderImpl mail;

	private static final String UTF_8 = "UTF-8";

	/**
	 * Jakarta Mail 2.1 looks its stream provider up through the ServiceLoader again on
	 * every header it encodes or decodes, scanning the class path each time (27 % of
	 * notification-service's CPU under steady reports; jakartaee/mail-api#861, open).
	 * Named here, the lookup is a class already loaded.
	 */
	private static final String STREAM_PROVIDER = "jakarta.mail.util.StreamProvider";

	static {
		if (System.getProperty(STREAM_PROVIDER) == null) {
			System.setProperty(STREAM_PROVIDER, "org.eclipse.angus.mail.util.MailStreamProvider");
		}
	}

	/** The sender, parsed and encoded once. */
	private final InternetAddress sender;

	EmailSender(JavaMailSenderImpl mail,
			@Value("${paperlink.mail.from:纸联 PaperLink <noreply@paperlink.local>}") String from)
			throws AddressException, UnsupportedEncodingException {
		this.mail = mail;
		InternetAddress parsed = new InternetAddress(from, true);
		this.sender = new InternetAddress(parsed.getAddress(), parsed.getPersonal(), UTF_8);
	}

	/** The email's text: the notification's body, signed. Its subject is the title. */
	public static String text(Delivery delivery) {
		return delivery.body() + "\n\n—— 纸联 PaperLink · 大隗镇造纸产业联盟";
	}

	/** The Message-ID of a delivery's email: the same for every attempt. */
	public static String messageId(Delivery delivery) {
		return "<" + delivery.id() + "@paperlink.local>";
	}

	/**
	 * What came of one run of a line: its first {@code sent} emails went out, and the
	 * next failed with {@code failure} (none when all went out).
	 */
	record Outcome(int sent, Exception failure) {

	}

	/**
	 * Sends runs of emails over one connection, each run in its order: a run stops at its
	 * first failure, so nothing behind it overtakes it, and the other runs go on.
	 * @return one outcome per run, in order
	 */
	Mono<List<Outcome>> send(List<List<Delivery>> runs) {
		return Mono.fromCallable(() -> sendOverOneConnection(runs)).subscribeOn(Schedulers.boundedElastic());
	}

	private List<Outcome> sendOverOneConnection(List<List<Delivery>> runs) {
		List<Outcome> outcomes = new ArrayList<>();
		Transport transport;
		try {
			transport = connect();
		}
		catch (MessagingException ex) {
			runs.forEach((run) -> outcomes.add(new Outcome(0, ex)));
			return outcomes;
		}
		try {
			for (List<Delivery> run : runs) {
				outcomes.add(sendRun(transport, run));
			}
		}
		finally {
			try {
				transport.close();
			}
			catch (MessagingException ex) {
				// every message was accepted or failed already; a failed QUIT changes
				// nothing
			}
		}
		return outcomes;
	}

	private Outcome sendRun(Transport transport, List<Delivery> run) {
		int sent = 0;
		for (Delivery delivery : run) {
			try {
				MimeMessage message = message(delivery);
				transport.sendMessage(message, message.getAllRecipients());
				sent++;
			}
			catch (MessagingException | RuntimeException ex) {
				return new Outcome(sent, ex);
			}
		}
		return new Outcome(sent, null);
	}

	private Transport connect() throws MessagingException {
		Session session = this.mail.getSession();
		Transport transport = session
			.getTransport((this.mail.getProtocol() != null) ? this.mail.getProtocol() : "smtp");
		transport.connect(this.mail.getHost(), this.mail.getPort(), blankAsNull(this.mail.getUsername()),
				blankAsNull(this.mail.getPassword()));
		return transport;
	}

	private static String blankAsNull(String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

	/**
	 * The message, built with Jakarta Mail itself: Spring's {@code MimeMessageHelper}
	 * reads the MIME types file again for every message it did not create (37 % of
	 * notification-service's CPU under steady reports).
	 */
	private MimeMessage message(Delivery delivery) throws MessagingException {
		String messageId = messageId(delivery);
		MimeMessage message = new MimeMessage(this.mail.getSession()) {
			@Override
			protected void updateMessageID() throws MessagingException {
				setHeader("Message-ID", messageId);
			}
		};
		message.setFrom(this.sender);
		message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(delivery.address(), true));
		message.setSubject(delivery.title(), UTF_8);
		message.setText(text(delivery), UTF_8);
		message.setHeader(ChannelSender.EVENT_ID_HEADER, delivery.eventId());
		message.setSentDate(new Date());
		message.saveChanges();
		return message;
	}

}
