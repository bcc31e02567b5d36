package io.github.healthgrpc.internal.boot;

import io.github.healthgrpc.internal.client.UpstreamWatch;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Micrometer meters of the watched upstreams, tagged with the channel name (from
 * configuration: low-cardinality).
 * <ul>
 * <li>{@code grpc.health.client.status} (gauge, tag {@code channel}): the upstream's
 * status as the server side reports its own: 1 SERVING, 2 NOT_SERVING (NOT_SERVING,
 * SERVICE_UNKNOWN, unreachable), 0 UNKNOWN (no status yet, UNKNOWN, no health
 * service).</li>
 * <li>{@code grpc.health.client.watch.restarts} (counter, tag {@code channel}): Watch
 * streams opened again after a failed or ended one.</li>
 * </ul>
 */
final class GrpcHealthClientMetrics implements MeterBinder {

	static final String STATUS = "grpc.health.client.status";

	static final String RESTARTS = "grpc.health.client.watch.restarts";

	private final GrpcHealthClients clients;

	GrpcHealthClientMetrics(GrpcHealthClients clients) {
		this.clients = clients;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.clients.watches().forEach((name, watch) -> {
			Gauge.builder(STATUS, watch, (upstream) -> upstream.health().servingStatusNumber())
				.description("Status of a watched upstream gRPC service (0 UNKNOWN, 1 SERVING, 2 NOT_SERVING)")
				.tag("channel", name)
				.register(registry);
			FunctionCounter.builder(RESTARTS, watch, UpstreamWatch::restarts)
				.description("Watch streams on an upstream's health opened again after a failure")
				.tag("channel", name)
				.register(registry);
		});
	}

}
