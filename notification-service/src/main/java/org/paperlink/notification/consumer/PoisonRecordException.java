package org.paperlink.notification.consumer;

/**
 * A record that can never be processed, however often it is retried: it goes to the DLT
 * at once.
 */
public class PoisonRecordException extends RuntimeException {

	public PoisonRecordException(String message, Throwable cause) {
		super(message, cause);
	}

}
