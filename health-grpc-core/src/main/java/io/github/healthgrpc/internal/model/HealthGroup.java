package io.github.healthgrpc.internal.model;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * A named set of contributors with its own status order, such as an Actuator health
 * group. The whole application is a group too, the primary one, named {@code ""}: what
 * {@code ""} publishes by default.
 *
 * @param name the group's name, published as a gRPC health name ({@code ""} for the
 * primary group)
 * @param membership tests a contributor path
 * @param aggregator aggregates the statuses of one level
 */
public record HealthGroup(String name, Predicate<String> membership, StatusAggregator aggregator) {

	public HealthGroup {
		Objects.requireNonNull(name, "name must not be null");
		Objects.requireNonNull(membership, "membership must not be null");
		Objects.requireNonNull(aggregator, "aggregator must not be null");
	}

}
