package org.paperlink.processes;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CountDownLatch;

import com.icegreen.greenmail.imap.ImapHostManager;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Flags;
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

	private static final String EVENT_ID_HEADER = "X-PaperLink-Event-Id";

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

	/** Files written so far by this sink, in the order of arrival. */
	private static final java.util.concurrent.atomic.AtomicLong WRITTEN = new java.util.concurrent.atomic.AtomicLong();

	/**
	 * The start of a file's name: the time, then the sink's own count of what it wrote,
	 * so that names sort in the order of arrival even within one millisecond (a run of
	 * emails over one connection arrives faster than that, and a random suffix alone made
	 * the evidence read such a run out of order).
	 */
	private static synchronized String arrival() {
		return STAMP.format(LocalDateTime.now()) + "-" + String.format("%010d", WRITTEN.incrementAndGet());
	}

	private MailSinkMain() {
	}

	/**
	 * Records every POST as a JSON file named after its time, its path and the event it
	 * names in {@code X-PaperLink-Event-Id}; answers like a robot: errcode 0.
	 */
	private static void startWebhookReceiver(Path directory, int port) throws Exception {
		Files.createDirectories(directory);
		com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer
			.create(new java.net.InetSocketAddress("127.0.0.1", port), 0);
		server.createContext("/", (exchange) -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			String name = exchange.getRequestURI().getPath().replaceAll("[^A-Za-z0-9-]", "_");
			// the event the call is about, so that evidence can be grouped by event
			String event = exchange.getRequestHeaders().getFirst(EVENT_ID_HEADER);
			if (event != null && event.matches("[0-9a-fA-F-]{36}")) {
				name += "-event-" + event;
			}
			writeWhole(
					directory.resolve(
							arrival() + name + "-" + java.util.UUID.randomUUID().toString().substring(0, 8) + ".json"),
					body);
			byte[] answer = "{\"errcode\":0,\"errmsg\":\"ok\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, answer.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(answer);
			}
		});
		server.start();
		log.info("Webhook receiver listening on 127.0.0.1:{}, requests in {}", port, directory);
	}

	public static void main(String[] args) throws Exception {
		Path directory = Path.of(args[0]).toAbsolutePath();
		int port = Integer.parseInt(args[1]);
		Files.createDirectories(directory);
		GreenMail mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		mail.start();
		if (args.length > 2) {
			startWebhookReceiver(directory.resolveSibling("webhooks"), Integer.parseInt(args[2]));
		}
		log.info("Mail sink listening on 127.0.0.1:{}, messages in {}", port, directory);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			mail.stop();
			stopped.countDown();
		}, "mail-sink-shutdown"));
		// each message is written once and then taken out of GreenMail's memory, so that
		// the sink stays small however long the local run runs (GreenMail keeps every
		// message it received: at 128 MiB it ran out of heap after some 24,000, and
		// listing them all again for each new one cost more with every message)
		ImapHostManager mailboxes = mail.getManagers().getImapHostManager();
		while (stopped.getCount() > 0) {
			if (mail.waitForIncomingEmail(1000, 1)) {
				for (GreenMailUser user : mail.getUserManager().listUser()) {
					MailFolder inbox = mailboxes.getInbox(user);
					// by uid, a copy: the message list itself grows while it is read
					for (long uid : inbox.getMessageUids()) {
						StoredMessage stored = inbox.getMessage(uid);
						write(directory, user.getEmail(), stored.getMimeMessage());
						stored.setFlag(Flags.Flag.DELETED, true);
					}
					// only what was written: a message arriving meanwhile stays for the
					// next round
					inbox.expunge();
				}
			}
		}
	}

	private static void write(Path directory, String mailbox, MimeMessage message) throws Exception {
		String to = mailbox.replaceAll("[^A-Za-z0-9@._-]", "_");
		Path file = directory
			.resolve(arrival() + "-" + to + "-" + java.util.UUID.randomUUID().toString().substring(0, 8) + ".eml");
		java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
		message.writeTo(raw);
		writeWhole(file, raw.toByteArray());
		log.info("Mail to {}: {} ({})", to, message.getSubject(), file.getFileName());
	}

	/**
	 * Writes a file so that a reader of the directory sees it whole or not at all: under
	 * another name first, then renamed.
	 */
	private static void writeWhole(Path file, byte[] content) throws java.io.IOException {
		Path part = file.resolveSibling(file.getFileName() + ".part");
		Files.write(part, content);
		Files.move(part, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
	}

}
