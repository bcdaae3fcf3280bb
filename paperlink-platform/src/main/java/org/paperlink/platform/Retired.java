package org.paperlink.platform;

/**
 * A collection an earlier release wrote and this one neither writes nor reads: the
 * {@link RetentionSweeper} drops it at start, so that what it held does not stay for
 * good. A service declares one bean per collection, as for {@link Retained}.
 */
public record Retired(String collection) {

}
