package org.paperlink.alliance.outbox;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Carries a trace across the outbox: the request's trace context is stored with the
 * event, and the relay continues that trace when it publishes, however much later.
 * Without tracing (tests, or tracing switched off) both ends do nothing.
 */
@Component
class TraceContexts {

	private static final String TRACEPARENT = "traceparent";

	private final Tracer tracer;

	private final Propagator propagator;

	TraceContexts(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
		this.tracer = tracer.getIfAvailable();
		this.propagator = propagator.getIfAvailable();
	}

	/** The current trace context as a W3C traceparent, or null. */
	String current() {
		if (this.tracer == null || this.propagator == null) {
			return null;
		}
		TraceContext context = this.tracer.currentTraceContext().context();
		if (context == null) {
			return null;
		}
		Map<String, String> carrier = new HashMap<>();
		this.propagator.inject(context, carrier, Map::put);
		return carrier.get(TRACEPARENT);
	}

	/** Runs the work in a span that continues the stored trace. */
	<T> T continuing(String traceparent, String name, Supplier<T> work) {
		if (traceparent == null || this.tracer == null || this.propagator == null) {
			return work.get();
		}
		Span span = this.propagator.extract(Map.of(TRACEPARENT, traceparent), Map::get)
			.name(name)
			.kind(Span.Kind.PRODUCER)
			.start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(span)) {
			return work.get();
		}
		finally {
			span.end();
		}
	}

}
