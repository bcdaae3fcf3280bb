package org.paperlink.bench;

import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The HTTP baseline: a WebFlux endpoint that does nothing, on Reactor Netty, run as its
 * own JVM with the services' JVM options.
 */
public final class NoOpServer {

	private NoOpServer() {
	}

	public static void main(String[] args) {
		HttpHandler handler = RouterFunctions.toHttpHandler(
				RouterFunctions.route().GET("/noop", (request) -> ServerResponse.ok().bodyValue("ok")).build());
		DisposableServer server = HttpServer.create()
			.port(Integer.parseInt(args[0]))
			.handle(new ReactorHttpHandlerAdapter(handler))
			.bindNow();
		server.onDispose().block();
	}

}
