package io.github.healthgrpc.internal.engine;

import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import io.github.healthgrpc.ServingStatusMapper;
import io.github.healthgrpc.internal.model.StatusAggregator;
import io.github.healthgrpc.internal.model.StatusCodes;
import org.jspecify.annotations.Nullable;

/**
 * How the status of a published name is computed: the aggregate, with its own aggregator,
 * of the indicators that a membership test selects within a scope of the contributor
 * tree.
 *
 * @param scope a contributor path, or {@code null} for the whole tree
 * @param members selects indicator paths
 * @param aggregator aggregates the statuses of one level
 * @param mapper the name's own mapping to a serving status, or {@code null} for the
 * engine's
 * @param whenEmpty the status code when no indicator is selected
 */
record NameRule(@Nullable String scope, Predicate<String> members, StatusAggregator aggregator,
		@Nullable ServingStatusMapper mapper, String whenEmpty) {

	NameRule(@Nullable String scope, Predicate<String> members, StatusAggregator aggregator) {
		this(scope, members, aggregator, null, StatusCodes.UNKNOWN);
	}

	/**
	 * A name that follows no indicator: always {@code status}, as grpc-java's
	 * {@code HealthStatusManager} keeps {@code ""} SERVING when nothing sets it.
	 */
	static NameRule fixed(String status, @Nullable ServingStatusMapper mapper) {
		return new NameRule(null, (path) -> false, (codes) -> status, mapper, status);
	}

	/** The indicator paths this rule reads. */
	Set<String> members(ContributorTree tree) {
		return tree.members(this.scope, this.members);
	}

	/**
	 * The aggregated status code, {@link #whenEmpty()} when no indicator is selected.
	 * @param tree the contributors
	 * @param statuses the status code of each indicator path
	 */
	String status(ContributorTree tree, Map<String, String> statuses) {
		String status = tree.aggregate(this.scope, this.members, this.aggregator, statuses);
		return (status != null) ? status : this.whenEmpty;
	}

}
