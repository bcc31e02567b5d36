package io.github.healthgrpc.internal.boot;

import java.util.Objects;
import java.util.function.ToDoubleFunction;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.internal.engine.HealthEngine;
import io.github.healthgrpc.internal.protocol.HealthGrpcService;
import io.github.healthgrpc.internal.protocol.HealthStatusTable;
import org.jspecify.annotations.Nullable;

/**
 * What one gauge or function counter of {@link GrpcHealthMetrics} reads from the object
 * it is registered with (the engine, a health service or the status table). One class for
 * every meter, not a lambda each: each lambda is one more class to load at start-up.
 */
final class HealthReading implements ToDoubleFunction<Object> {

	private static final int INSTANCE_IN_MAINTENANCE = 0;

	private static final int NAMES_IN_MAINTENANCE = 1;

	private static final int DAMPING_ABSORBED = 2;

	private static final int OPEN_WATCHES = 3;

	private static final int WATCHES_REJECTED_OVER_LIMIT = 4;

	private static final int WATCHES_REJECTED_NAME_TOO_LONG = 5;

	private static final int SERVING_STATUS = 6;

	private final int kind;

	// The name of a serving-status reading; null for the others.
	private final @Nullable String name;

	private HealthReading(int kind, @Nullable String name) {
		this.kind = kind;
		this.name = name;
	}

	/** Of a {@link HealthEngine}: 1 if the whole instance is in maintenance, else 0. */
	static HealthReading instanceInMaintenance() {
		return new HealthReading(INSTANCE_IN_MAINTENANCE, null);
	}

	/** Of a {@link HealthEngine}: how many names are in maintenance of their own. */
	static HealthReading namesInMaintenance() {
		return new HealthReading(NAMES_IN_MAINTENANCE, null);
	}

	/** Of a {@link HealthEngine}: the changes that damping absorbed. */
	static HealthReading dampingAbsorbed() {
		return new HealthReading(DAMPING_ABSORBED, null);
	}

	/** Of a {@link HealthGrpcService}: its open Watch streams. */
	static HealthReading openWatches() {
		return new HealthReading(OPEN_WATCHES, null);
	}

	/**
	 * Of a {@link HealthGrpcService}: the Watch calls it refused because too many streams
	 * on unknown names were open.
	 */
	static HealthReading watchesRejectedOverLimit() {
		return new HealthReading(WATCHES_REJECTED_OVER_LIMIT, null);
	}

	/**
	 * Of a {@link HealthGrpcService}: the Watch calls it refused because the name was too
	 * long.
	 */
	static HealthReading watchesRejectedNameTooLong() {
		return new HealthReading(WATCHES_REJECTED_NAME_TOO_LONG, null);
	}

	/**
	 * Of the {@link HealthStatusTable}: the ServingStatus number of the name, NaN once it
	 * is gone.
	 */
	static HealthReading servingStatus(String name) {
		return new HealthReading(SERVING_STATUS, name);
	}

	@Override
	public double applyAsDouble(Object source) {
		return switch (this.kind) {
			case INSTANCE_IN_MAINTENANCE -> ((HealthEngine) source).isInstanceInMaintenance() ? 1 : 0;
			case NAMES_IN_MAINTENANCE -> ((HealthEngine) source).maintenanceNames().size();
			case DAMPING_ABSORBED -> ((HealthEngine) source).dampingAbsorbedCount();
			case OPEN_WATCHES -> ((HealthGrpcService) source).openWatchCount();
			case WATCHES_REJECTED_OVER_LIMIT -> ((HealthGrpcService) source).rejectedWatchesOverLimit();
			case WATCHES_REJECTED_NAME_TOO_LONG -> ((HealthGrpcService) source).rejectedWatchesNameTooLong();
			default -> code(((HealthStatusTable) source).get(Objects.requireNonNull(this.name, "name")));
		};
	}

	private static double code(@Nullable ServingStatus status) {
		return (status != null) ? status.getNumber() : Double.NaN;
	}

}
