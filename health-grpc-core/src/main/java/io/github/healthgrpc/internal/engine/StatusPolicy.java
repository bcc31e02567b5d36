package io.github.healthgrpc.internal.engine;

import io.github.healthgrpc.ServingStatusMapper;
import io.github.healthgrpc.internal.model.StatusAggregator;
import org.jspecify.annotations.Nullable;

/**
 * How one published name turns its members' status codes into a serving status, where it
 * differs from the engine's defaults: its own status order and its own mapping.
 *
 * @param aggregator the name's own status order, or {@code null} for the default (the
 * whole application's, or the mirrored group's)
 * @param mapper the name's own mapping, or {@code null} for the engine's
 */
public record StatusPolicy(@Nullable StatusAggregator aggregator, @Nullable ServingStatusMapper mapper) {

	/** The engine's defaults. */
	public static final StatusPolicy DEFAULT = new StatusPolicy(null, null);

	StatusAggregator aggregatorOr(StatusAggregator fallback) {
		return (this.aggregator != null) ? this.aggregator : fallback;
	}

	boolean isDefault() {
		return this.aggregator == null && this.mapper == null;
	}

}
