package io.github.healthgrpc.internal.boot;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.ServingStatusListener;
import io.github.healthgrpc.internal.engine.Evaluation;
import io.github.healthgrpc.internal.engine.EvaluationListener;
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
 * One {@link RegistryMeters} per registry follows the status table and the engine's
 * evaluations, and {@link HealthReading} reads every gauge: lambdas would each be a class
 * loaded at start-up. The binder itself is no {@link ServingStatusListener}: the engine
 * takes every bean of that type, and this one needs the engine.
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

	private final HealthEngine engine;

	GrpcHealthMetrics(HealthEngine engine) {
		this.engine = engine;
		this.table = engine.statusTable();
		this.service = engine.grpcService();
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		bindWatchMeters(registry, this.service, "main");
		RegistryMeters meters = new RegistryMeters(registry, this.table);
		// Told under the table's lock, in order, first of the names already visible.
		this.table.addListenerToldOfCurrentStatuses(meters);
		this.engine.addEvaluationListener(meters);
		Gauge.builder(MAINTENANCE, this.engine, HealthReading.instanceInMaintenance())
			.description("Whether the whole instance is in maintenance (1) or not (0)")
			.tag("scope", "instance")
			.register(registry);
		Gauge.builder(MAINTENANCE, this.engine, HealthReading.namesInMaintenance())
			.description("How many gRPC health names are in maintenance of their own")
			.tag("scope", "names")
			.register(registry);
		FunctionCounter.builder(DAMPING_ABSORBED, this.engine, HealthReading.dampingAbsorbed())
			.description("Changes of gRPC health names that damping held back and that did not last")
			.register(registry);
	}

	/**
	 * The Watch meters of one health service: the main server's, or the dedicated health
	 * listener's.
	 * @param registry the registry
	 * @param service the service
	 * @param listener the {@value #LISTENER_TAG} tag: main or health
	 */
	static void bindWatchMeters(MeterRegistry registry, HealthGrpcService service, String listener) {
		Gauge.builder(WATCH_STREAMS, service, HealthReading.openWatches())
			.description("Open gRPC health Watch streams")
			.tag(LISTENER_TAG, listener)
			.register(registry);
		bindRejectedWatches(registry, service, listener, "limit", HealthReading.watchesRejectedOverLimit());
		bindRejectedWatches(registry, service, listener, "name_too_long", HealthReading.watchesRejectedNameTooLong());
	}

	private static void bindRejectedWatches(MeterRegistry registry, HealthGrpcService service, String listener,
			String reason, HealthReading reading) {
		FunctionCounter.builder(WATCH_REJECTED, service, reading)
			.description("gRPC health Watch calls refused")
			.tag("reason", reason)
			.tag(LISTENER_TAG, listener)
			.register(registry);
	}

	/**
	 * The meters of one registry that follow the names' statuses and the evaluations.
	 */
	private static final class RegistryMeters implements ServingStatusListener, EvaluationListener {

		private final MeterRegistry registry;

		private final HealthStatusTable table;

		private final Map<String, Gauge> statusGauges = new ConcurrentHashMap<>();

		RegistryMeters(MeterRegistry registry, HealthStatusTable table) {
			this.registry = registry;
			this.table = table;
		}

		// Called under the table's lock: only quick, non-blocking meter updates here.
		@Override
		public void statusChanged(String name, @Nullable ServingStatus previous, @Nullable ServingStatus current) {
			if (current == null) {
				Gauge gauge = this.statusGauges.remove(name);
				if (gauge != null) {
					this.registry.remove(gauge);
				}
				return;
			}
			if (!this.statusGauges.containsKey(name)) {
				this.statusGauges.put(name,
						Gauge.builder(STATUS, this.table, HealthReading.servingStatus(name))
							.description("Current gRPC health serving status (0 UNKNOWN, 1 SERVING, 2 NOT_SERVING)")
							.tag("service", name)
							.register(this.registry));
			}
			Counter.builder(TRANSITIONS)
				.description("Changes of a gRPC health name's serving status")
				.tag("service", name)
				.tag("status", current.name())
				.register(this.registry)
				.increment();
		}

		@Override
		public void evaluated(Evaluation previous, Evaluation current) {
			for (Map.Entry<String, IndicatorResult> indicator : current.indicators().entrySet()) {
				IndicatorResult result = indicator.getValue();
				Timer.builder(EVALUATION)
					.description("Evaluations of a health contributor by gRPC health")
					.tag("indicator", indicator.getKey())
					.tag("outcome", result.outcome().tag())
					.register(this.registry)
					.record(result.duration().toNanos(), TimeUnit.NANOSECONDS);
			}
		}

	}

}
