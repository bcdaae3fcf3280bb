package org.paperlink.alliance.renovation;

import java.util.List;

/**
 * The life of a renovation project. Each status names the statuses it may move to; a
 * suspended project may only resume to where it was.
 */
public enum RenovationStatus {

	PLANNED, APPROVED, UNDER_CONSTRUCTION, COMPLETED, IN_PRODUCTION, SUSPENDED;

	/**
	 * Where a project in this status may go next; {@code resumeTo} matters only when
	 * SUSPENDED.
	 */
	List<RenovationStatus> next(RenovationStatus resumeTo) {
		return switch (this) {
			case PLANNED -> List.of(APPROVED, SUSPENDED);
			case APPROVED -> List.of(UNDER_CONSTRUCTION, SUSPENDED);
			case UNDER_CONSTRUCTION -> List.of(COMPLETED, SUSPENDED);
			case COMPLETED -> List.of(IN_PRODUCTION, SUSPENDED);
			case IN_PRODUCTION -> List.of();
			case SUSPENDED -> (resumeTo != null) ? List.of(resumeTo) : List.of();
		};
	}

}
