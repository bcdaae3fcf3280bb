package org.paperlink.bench;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.ChannelOption;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/** A load generator on WebClient: closed loops of a fixed number of clients. */
final class Http {

	final WebClient client;

	Http(int connections) {
		ConnectionProvider pool = ConnectionProvider.builder("bench")
			.maxConnections(connections)
			.pendingAcquireMaxCount(-1)
			.pendingAcquireTimeout(Duration.ofMinutes(5))
			.build();
		this.client = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool)
				.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
				.responseTimeout(Duration.ofSeconds(60))))
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
			.build();
	}

	/** A request and its status; the body is read and dropped. */
	record Call(HttpMethod method, String uri, String bearer, Object body) {

	}

	Mono<Integer> send(Call call) {
		WebClient.RequestBodySpec spec = this.client.method(call.method()).uri(call.uri());
		if (call.bearer() != null) {
			spec.header("Authorization", "Bearer " + call.bearer());
		}
		WebClient.RequestHeadersSpec<?> ready = (call.body() != null)
				? spec.contentType(MediaType.APPLICATION_JSON).bodyValue(call.body()) : spec;
		return ready.exchangeToMono((response) -> response.releaseBody().thenReturn(response.statusCode().value()));
	}

	<T> Mono<T> json(Call call, Class<T> type) {
		WebClient.RequestBodySpec spec = this.client.method(call.method()).uri(call.uri());
		if (call.bearer() != null) {
			spec.header("Authorization", "Bearer " + call.bearer());
		}
		WebClient.RequestHeadersSpec<?> ready = (call.body() != null)
				? spec.contentType(MediaType.APPLICATION_JSON).bodyValue(call.body()) : spec;
		return ready.retrieve().bodyToMono(type);
	}

	/** The figures of a closed-loop run. */
	record Run(double perSecond, Latencies latencies, long errors) {

		String summary() {
			return String.format("%.0f req/s, %s, %d errors", this.perSecond, this.latencies.summary(), this.errors);
		}

	}

	/**
	 * {@code clients} loops, each sending its next request as soon as the last is
	 * answered, for the duration; the first second is warm-up and not counted.
	 */
	/** The next request of one client, given its index and how many it has sent. */
	interface Calls {

		Call next(int client, long sent);

	}

	Run closedLoop(int clients, Duration duration, Calls next) {
		Latencies latencies = new Latencies();
		AtomicLong errors = new AtomicLong();
		long warmEnd = System.nanoTime() + Duration.ofSeconds(1).toNanos();
		long end = warmEnd + duration.toNanos();
		Flux.range(0, clients).flatMap((client) -> {
			AtomicLong sent = new AtomicLong();
			return Mono.defer(() -> {
				long start = System.nanoTime();
				return send(next.next(client, sent.getAndIncrement())).doOnNext((status) -> {
					if (start >= warmEnd) {
						if (status >= 200 && status < 300) {
							latencies.add(System.nanoTime() - start);
						}
						else {
							errors.incrementAndGet();
						}
					}
				}).onErrorResume((ex) -> {
					errors.incrementAndGet();
					return Mono.just(0);
				});
			}).repeat(() -> System.nanoTime() < end);
		}, clients).blockLast();
		return new Run(latencies.count() / (duration.toNanos() / 1e9), latencies, errors.get());
	}

	static Map<String, Object> map(Object... pairs) {
		Map<String, Object> map = new java.util.LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			map.put((String) pairs[i], pairs[i + 1]);
		}
		return map;
	}

}
