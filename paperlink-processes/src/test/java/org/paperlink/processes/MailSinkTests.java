package org.paperlink.processes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The local run's mail sink keeps every message as it was sent, one file each, whoever it
 * is to and in whatever order the mailboxes fill.
 */
class MailSinkTests {

	@TempDir
	Path directory;

	@Test
	void eachMessageLandsOnceAsItWasSentWhateverTheOrderOfItsRecipients() throws Exception {
		Path mail = this.directory.resolve("mail");
		int port = ManagedProcess.Ports.anyFree();
		try (MailSinkProcess sink = new MailSinkProcess(mail, port, ManagedProcess.Ports.anyFree())) {
			sink.start();
			send(port, "party@paperlink.local", "产能变动：恒丰纸业 +120000 吨/年");
			send(port, "secretariat@paperlink.local", "新入盟申请：大隗新星纸业");
			send(port, "party@paperlink.local", "产能变动：东森纸业 +80000 吨/年");

			await().atMost(Duration.ofSeconds(20)).until(() -> files(mail).size() == 3);
			await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> files(mail).size() == 3);
		}
		assertThat(files(mail).stream().map(this::subjectAndRecipient)).containsExactlyInAnyOrder(
				"party@paperlink.local 产能变动：恒丰纸业 +120000 吨/年", "secretariat@paperlink.local 新入盟申请：大隗新星纸业",
				"party@paperlink.local 产能变动：东森纸业 +80000 吨/年");
	}

	/**
	 * Each message is written and then dropped from the sink's memory while others keep
	 * arriving: three senders at once, 300 messages, each lands exactly once.
	 */
	@Test
	void messagesArrivingWhileOthersAreWrittenLandExactlyOnce() throws Exception {
		Path mail = this.directory.resolve("mail");
		int port = ManagedProcess.Ports.anyFree();
		try (MailSinkProcess sink = new MailSinkProcess(mail, port, ManagedProcess.Ports.anyFree())) {
			sink.start();
			java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(3);
			try {
				List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
				for (int i = 0; i < 300; i++) {
					String subject = "产能变动 第" + i + "条";
					sent.add(senders.submit(() -> {
						send(port, "party@paperlink.local", subject);
						return null;
					}));
				}
				for (java.util.concurrent.Future<?> each : sent) {
					each.get();
				}
			}
			finally {
				senders.shutdown();
			}
			await().atMost(Duration.ofSeconds(60)).until(() -> files(mail).size() >= 300);
			await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> files(mail).size() == 300);
		}
		assertThat(files(mail).stream().map(this::subjectAndRecipient).distinct()).hasSize(300);
	}

	private static void send(int port, String to, String subject) throws MessagingException {
		Properties properties = new Properties();
		properties.put("mail.smtp.host", "127.0.0.1");
		properties.put("mail.smtp.port", Integer.toString(port));
		Session session = Session.getInstance(properties);
		MimeMessage message = new MimeMessage(session);
		message.setFrom(new InternetAddress("noreply@paperlink.local"));
		message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
		message.setSubject(subject, "UTF-8");
		message.setText("正文 " + subject, "UTF-8");
		Transport.send(message);
	}

	private String subjectAndRecipient(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), in);
			return message.getAllRecipients()[0] + " " + message.getSubject();
		}
		catch (IOException | MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<Path> files(Path directory) throws IOException {
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter((file) -> file.toString().endsWith(".eml")).toList();
		}
	}

}
