package org.paperlink.localstack.backup;

import java.util.List;

/**
 * A backup that cannot be restored, or a restore that would overwrite data: each reason
 * in words for the person at the console, in Chinese and English. Nothing was changed.
 */
public class BackupRefused extends RuntimeException {

	private final List<String> reasons;

	BackupRefused(List<String> reasons) {
		super(String.join("; ", reasons));
		this.reasons = List.copyOf(reasons);
	}

	public List<String> reasons() {
		return this.reasons;
	}

}
