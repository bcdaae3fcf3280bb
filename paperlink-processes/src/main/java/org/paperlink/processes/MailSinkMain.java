package org.paperlink.processes;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CountDownLatch;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local run's SMTP server: {@code MailSinkMain <directory> <port>}. It accepts every
 * message (GreenMail) and writes each to the directory as an {@code .eml} file any mail
 * client opens.
 */
public final class MailSinkMain {

	private static final Logger log = LoggerFactory.getLogger(MailSinkMain.class);

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

	private MailSinkMain() {
	}

	public static void main(String[] args) throws Exception {
		Path directory = Path.of(args[0]).toAbsolutePath();
		int port = Integer.parseInt(args[1]);
		Files.createDirectories(directory);
		GreenMail mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		mail.start();
		log.info("Mail sink listening on 127.0.0.1:{}, messages in {}", port, directory);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			mail.stop();
			stopped.countDown();
		}, "mail-sink-shutdown"));
		int written = 0;
		while (stopped.getCount() > 0) {
			if (mail.waitForIncomingEmail(1000, written + 1)) {
				MimeMessage[] received = mail.getReceivedMessages();
				for (; written < received.length; written++) {
					MimeMessage message = received[written];
					String to = message.getAllRecipients()[0].toString().replaceAll("[^A-Za-z0-9@._-]", "_");
					Path file = directory.resolve(STAMP.format(LocalDateTime.now()) + "-" + to + ".eml");
					try (OutputStream out = Files.newOutputStream(file)) {
						message.writeTo(out);
					}
					log.info("Mail to {}: {} ({})", to, message.getSubject(), file.getFileName());
				}
			}
		}
	}

}
