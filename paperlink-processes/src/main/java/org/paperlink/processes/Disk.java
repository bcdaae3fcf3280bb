package org.paperlink.processes;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What is written stays written: the one way the store, its journal and the backups make
 * a file, or a directory's entries (a file created, renamed or deleted), survive a power
 * cut.
 */
public final class Disk {

	private Disk() {
	}

	/** Syncs a file's content, or a directory's entries, to the disk. */
	public static void sync(Path path) throws IOException {
		try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
			channel.force(true);
		}
	}

}
