package org.paperlink.alliance.member;

/**
 * Where an enterprise stands: an application (PENDING) becomes a member (ACTIVE) or is
 * REJECTED.
 */
public enum MemberStatus {

	PENDING, ACTIVE, REJECTED, SUSPENDED

}
