package org.paperlink.bench;

import java.nio.file.Files;
import java.nio.file.Path;

import org.paperlink.processes.ManagedProcess;

/**
 * CPU time a process has used, user and system, from {@code /proc/<pid>/stat}: read
 * before and after a scenario, with the same process's idle rate measured alone and
 * subtracted.
 */
final class ProcessCpu {

	/** Clock ticks per second of /proc's times: USER_HZ, 100 on Linux. */
	private static final double TICKS_PER_SECOND = 100.0;

	private ProcessCpu() {
	}

	/** CPU seconds used so far by the process (0 when it is gone). */
	static double seconds(ManagedProcess process) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
			// the fields after the command's name, which may hold spaces, in parentheses
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			long user = Long.parseLong(fields[11]);
			long system = Long.parseLong(fields[12]);
			return (user + system) / TICKS_PER_SECOND;
		}
		catch (Exception ex) {
			return 0;
		}
	}

	/** The idle rate of a process: CPU seconds per second over {@code seconds}. */
	static double idleRate(ManagedProcess process, int seconds) throws InterruptedException {
		double before = seconds(process);
		long start = System.nanoTime();
		Thread.sleep(seconds * 1000L);
		return (seconds(process) - before) / ((System.nanoTime() - start) / 1e9);
	}

}
