package io.github.healthgrpc.internal.boot;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.internal.engine.HealthEngine;
import io.github.healthgrpc.internal.engine.IndicatorResult;
import io.github.healthgrpc.internal.protocol.HealthGrpcService;
import io.github.healthgrpc.internal.protocol.HealthStatusTable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer meters of gRPC health. Tags stay low-cardinality: published names and
 * contributor paths are few and fixed by configuration; client-supplied names never
 * become tags.
 * <ul>
 * <li>{@code grpc.health.status} (gauge, tag {@code service}): the current ServingStatus
 * number (0 UNKNOWN, 1 SERVING, 2 NOT_SERVING) of each published name; removed with the
 * name.</li>
 * <li>{@code grpc.health.status.transitions} (counter, tags {@code service},
 * {@code status}): changes of a name's status, by the status it changed to.</li>
 * <li>{@code grpc.health.indicator.evaluation} (timer, tags {@code indicator},
 * {@code outcome} = up, down, timeout, error): each evaluation of a health
 * contributor.</li>
 * <li>{@code grpc.health.watch.streams} (gauge, tag {@code listener} = main, health):
 * open Watch streams, on the gRPC server's port and on the dedicated health listener
 * ({@code grpc.health.server.port}, only when there is one).</li>
 * <li>{@code grpc.health.watch.rejected} (counter, tags {@code reason} = limit,
 * name_too_long, and {@code listener}): Watch calls refused.</li>
 * </ul>
 */
final class GrpcHealthMetrics implements MeterBinder {

	static final String STATUS = "grpc.health.status";

	static final String TRANSITIONS = "grpc.health.status.transitions";

	static final String EVALUATION = "grpc.health.indicator.evaluation";

	static final String WATCH_STREAMS = "grpc.health.watch.streams";

	static final String WATCH_REJECTED = "grpc.health.watch.rejected";

	static final String DAMPING_ABSORBED = "grpc.health.damping.absorbed";

	static final String MAINTENANCE = "grpc.health.maintenance";

	static final String LISTENER_TAG = "listener";

	private final HealthStatusTable table;

	private final HealthGrpcService service;

	private final @Nullable HealthGrpcService listenerService;

	private final HealthEngine engine;

	private final Map<String, Gauge> statusGauges = new ConcurrentHashMap<>();

	GrpcHealthMetrics(HealthEngine engine, @Nullable HealthListener listener) {
		this.engine = engine;
		this.table = engine.statusTable();
		this.service = engine.grpcService();
		this.listenerService = (listener != null) ? listener.service() : null;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		bindWatchMeters(registry, this.service, "main");
		if (this.listenerService != null) {
			bindWatchMeters(registry, this.listenerService, "health");
		}
		// Called under the table's lock, in order, first for the names already visible:
		// only quick, non-blocking meter updates here.
		this.table.addListenerToldOfCurrentStatuses((name, previous, current) -> {
			if (current == null) {
				Gauge gauge = this.statusGauges.remove(name);
				if (gauge != null) {
					registry.remove(gauge);
				}
				return;
			}
			registerStatusGauge(registry, name);
			Counter.builder(TRANSITIONS)
				.description("Changes of a gRPC health name's serving status")
				.tag("service", name)
				.tag("status", current.name())
				.register(registry)
				.increment();
		});
		this.engine.addEvaluationListener(
				(previous, current) -> current.indicators().forEach((path, result) -> record(registry, path, result)));
		Gauge.builder(MAINTENANCE, this.engine, (engine) -> engine.isInstanceInMaintenance() ? 1 : 0)
			.description("Whether the whole instance is in maintenance (1) or not (0)")
			.tag("scope", "instance")
			.register(registry);
		Gauge.builder(MAINTENANCE, this.engine, (engine) -> engine.maintenanceNames().size())
			.description("How many gRPC health names are in maintenance of their own")
			.tag("scope", "names")
			.register(registry);
		FunctionCounter.builder(DAMPING_ABSORBED, this.engine, HealthEngine::dampingAbsorbedCount)
			.description("Changes of gRPC health names that damping held back and that did not last")
			.register(registry);
	}

	private static void bindWatchMeters(MeterRegistry registry, HealthGrpcService service, String listener) {
		Gauge.builder(WATCH_STREAMS, service, HealthGrpcService::openWatchCount)
			.description("Open gRPC health Watch streams")
			.tag(LISTENER_TAG, listener)
			.register(registry);
		for (HealthGrpcService.WatchRejection reason : HealthGrpcService.WatchRejection.values()) {
			FunctionCounter.builder(WATCH_REJECTED, service, (counted) -> counted.rejectedWatchCount(reason))
				.description("gRPC health Watch calls refused")
				.tag("reason", reason.tag())
				.tag(LISTENER_TAG, listener)
				.register(registry);
		}
	}

	private void registerStatusGauge(MeterRegistry registry, String name) {
		this.statusGauges.computeIfAbsent(name,
				(key) -> Gauge.builder(STATUS, this.table, (table) -> code(table.get(key)))
					.description("Current gRPC health serving status (0 UNKNOWN, 1 SERVING, 2 NOT_SERVING)")
					.tag("service", key)
					.register(registry));
	}

	private static void record(MeterRegistry registry, String path, IndicatorResult result) {
		Timer.builder(EVALUATION)
			.description("Evaluations of a health contributor by gRPC health")
			.tag("indicator", path)
			.tag("outcome", result.outcome().tag())
			.register(registry)
			.record(result.duration().toNanos(), TimeUnit.NANOSECONDS);
	}

	private static double code(@Nullable ServingStatus status) {
		return (status != null) ? status.getNumber() : Double.NaN;
	}

}
