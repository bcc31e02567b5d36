package io.github.healthgrpc.internal.engine;

import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

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
 */
record NameRule(@Nullable String scope, Predicate<String> members, StatusAggregator aggregator) {

	/** The indicator paths this rule reads. */
	Set<String> members(ContributorTree tree) {
		return tree.members(this.scope, this.members);
	}

	/**
	 * The aggregated status code, {@code UNKNOWN} when no indicator is selected.
	 * @param tree the contributors
	 * @param statuses the status code of each indicator path
	 */
	String status(ContributorTree tree, Function<String, String> statuses) {
		String status = tree.aggregate(this.scope, this.members, this.aggregator, statuses);
		return (status != null) ? status : StatusCodes.UNKNOWN;
	}

}
