package org.paperlink.localstack.backup;

import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;

/**
 * What the backup and restore commands share: where the store is, and how to reach it.
 */
final class BackupCommands {

	private BackupCommands() {
	}

	/** {@code -Dpaperlink.backup.uri}, else the local run's store. */
	static String uri() {
		String given = System.getProperty("paperlink.backup.uri", "");
		return given.isBlank() ? localStore() : given;
	}

	static boolean uriGiven() {
		return !System.getProperty("paperlink.backup.uri", "").isBlank();
	}

	static String localStore() {
		return "mongodb://127.0.0.1:" + Integer.getInteger("paperlink.store.port", 27027);
	}

	/**
	 * A store that does not answer is said so within seconds, not after half a minute.
	 */
	static MongoClientSettings settings(String uri) {
		return MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(uri))
			.applyToClusterSettings((cluster) -> cluster.serverSelectionTimeout(5, TimeUnit.SECONDS))
			.build();
	}

	/**
	 * One connection for everything: the embedded store takes an {@code fsyncUnlock} only
	 * from the connection that locked.
	 */
	static MongoClientSettings oneConnection(String uri) {
		return MongoClientSettings.builder(settings(uri))
			.applyToConnectionPoolSettings((pool) -> pool.maxSize(1))
			.build();
	}

}
