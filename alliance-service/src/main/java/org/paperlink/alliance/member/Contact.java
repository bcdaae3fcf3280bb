package org.paperlink.alliance.member;

/** The person to reach at an enterprise. Shown only to those allowed to see it. */
public record Contact(String name, String phone, String email) {

}
