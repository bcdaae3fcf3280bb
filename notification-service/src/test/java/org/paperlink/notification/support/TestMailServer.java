package org.paperlink.notification.support;

import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.paperlink.processes.ManagedProcess;

/** A real SMTP server (GreenMail) on loopback, one per test JVM. */
public final class TestMailServer {

	private static GreenMail shared;

	private TestMailServer() {
	}

	public static synchronized GreenMail shared() {
		if (shared == null) {
			shared = new GreenMail(
					new ServerSetup(ManagedProcess.Ports.anyFree(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
			shared.start();
		}
		return shared;
	}

	/** Messages sent to {@code address} whose subject contains {@code text}. */
	public static List<MimeMessage> to(String address, String text) {
		return Arrays.stream(shared().getReceivedMessages()).filter((message) -> {
			try {
				return message.getAllRecipients()[0].toString().equals(address) && message.getSubject().contains(text);
			}
			catch (jakarta.mail.MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		}).toList();
	}

}
