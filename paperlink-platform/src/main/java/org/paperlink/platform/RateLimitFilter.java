package org.paperlink.platform;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Token buckets (Bucket4j) on writes: a public endpoint's per client address, any other
 * per signed-in user. Over the limit is 429 with {@code Retry-After}. Buckets live in
 * this replica's memory and hold its share of the limit ({@link RateLimits#replicas()}):
 * the limit is meant to stop floods, not to meter. Behind trusted proxies the client's
 * address comes from {@code X-Forwarded-For}; from anyone else that header is ignored, so
 * a caller cannot pick its own bucket.
 */
class RateLimitFilter implements WebFilter {

	private final AccessMatrix matrix;

	private final RateLimits limits;

	private final ProblemResponseWriter problems;

	private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfterAccess(Duration.ofMinutes(30))
		.build();

	private final List<AddressRange> trustedProxies;

	RateLimitFilter(AccessMatrix matrix, RateLimits limits, ProblemResponseWriter problems) {
		this.matrix = matrix;
		this.limits = limits;
		this.problems = problems;
		this.trustedProxies = limits.trustedProxies().stream().map(AddressRange::of).toList();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		HttpMethod method = exchange.getRequest().getMethod();
		if (!this.limits.enabled() || HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)
				|| HttpMethod.OPTIONS.equals(method)) {
			return chain.filter(exchange);
		}
		boolean publicWrite = this.matrix.ruleFor(exchange).map(AccessMatrix.Rule::isPublic).orElse(false);
		Mono<String> key = publicWrite ? Mono.just("address:" + clientAddress(exchange))
				: ReactiveSecurityContextHolder.getContext()
					.mapNotNull((context) -> context.getAuthentication())
					.map((authentication) -> "user:" + authentication.getName());
		// An anonymous call to a protected endpoint has no key; security answers it with
		// 401.
		return key.map((bucketKey) -> this.buckets.get(bucketKey, (ignored) -> newBucket(publicWrite)))
			.map((bucket) -> Optional.of(bucket.tryConsumeAndReturnRemaining(1)))
			.defaultIfEmpty(Optional.empty())
			.flatMap((probe) -> (probe.isEmpty() || probe.get().isConsumed()) ? chain.filter(exchange)
					: refuse(exchange, probe.get()));
	}

	private Mono<Void> refuse(ServerWebExchange exchange, ConsumptionProbe probe) {
		long seconds = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1);
		exchange.getResponse().getHeaders().set("Retry-After", Long.toString(seconds));
		return this.problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "rate-limited", seconds);
	}

	private Bucket newBucket(boolean publicWrite) {
		long capacity = this.limits
			.shareOf(publicWrite ? this.limits.publicCapacity() : this.limits.authenticatedCapacity());
		Duration period = publicWrite ? this.limits.publicPeriod() : this.limits.authenticatedPeriod();
		return Bucket.builder()
			.addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, period).build())
			.build();
	}

	/**
	 * The peer's address, or, when the peer is a trusted proxy, the nearest address in
	 * {@code X-Forwarded-For} (read from the right, where each proxy appends) that is not
	 * a trusted proxy. What a client wrote at the left of the header is never reached.
	 */
	String clientAddress(ServerWebExchange exchange) {
		InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
		String address = (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress()
				: "unknown";
		List<String> forwarded = exchange.getRequest().getHeaders().getValuesAsList("X-Forwarded-For");
		for (int i = forwarded.size() - 1; i >= 0 && isTrustedProxy(address); i--) {
			String hop = forwarded.get(i).strip();
			if (hop.isEmpty()) {
				break;
			}
			address = hop;
		}
		return address;
	}

	private boolean isTrustedProxy(String address) {
		return this.trustedProxies.stream().anyMatch((proxy) -> proxy.contains(address));
	}

}
