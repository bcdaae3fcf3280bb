package org.paperlink.alliance.member;

/**
 * Published inside this service when a member joins, leaves or changes, so read models
 * refresh.
 */
public record MembershipChanged(String memberId) {

}
