package org.paperlink.alliance.domain;

/**
 * A document that changes only through the
 * {@link org.paperlink.alliance.outbox.AggregateStore}: each change is one guarded write
 * of the new state together with the events it caused. Implementing this puts the type's
 * collection under the relay's watch.
 */
public interface Aggregate {

	String id();

	/** Raised by one with every change; a change applies only to the version it read. */
	long version();

}
