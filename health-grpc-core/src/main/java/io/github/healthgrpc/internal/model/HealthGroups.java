package io.github.healthgrpc.internal.model;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What the whole application's status is made of, and the named groups besides it.
 *
 * @param primaryMembership which contributor paths count toward the whole application's
 * status
 * @param primaryAggregator aggregates the statuses of one level, for the whole
 * application and for every name that has no order of its own
 * @param groups the named groups
 */
public record HealthGroups(Predicate<String> primaryMembership, StatusAggregator primaryAggregator,
		List<HealthGroup> groups) {

	public HealthGroups {
		Objects.requireNonNull(primaryMembership, "primaryMembership must not be null");
		Objects.requireNonNull(primaryAggregator, "primaryAggregator must not be null");
		groups = List.copyOf(groups);
	}

	/**
	 * No groups: every contributor counts toward the whole.
	 * @param aggregator aggregates the statuses of one level
	 * @return the groups
	 */
	public static HealthGroups none(StatusAggregator aggregator) {
		return new HealthGroups((path) -> true, aggregator, List.of());
	}

}
