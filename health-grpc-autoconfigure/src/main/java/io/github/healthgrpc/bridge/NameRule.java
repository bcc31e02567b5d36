package io.github.healthgrpc.bridge;

import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.actuate.health.StatusAggregator;

/**
 * How the status of a published name is computed: the aggregate, with its own aggregator, of the
 * indicators that a membership test selects within a scope of the contributor tree.
 *
 * @param scope a contributor path, or {@code null} for the whole tree
 * @param members selects indicator paths
 * @param aggregator aggregates the statuses of one level
 */
public record NameRule(String scope, Predicate<String> members, StatusAggregator aggregator) {

	/** The indicator paths this rule reads. */
	public Set<String> members(ContributorTree tree) {
		return tree.members(this.scope, this.members);
	}

	/**
	 * The aggregated status.
	 * @param tree the contributors
	 * @param statuses the status of each indicator path
	 * @return the status, {@code UNKNOWN} when no indicator is selected
	 */
	public Status status(ContributorTree tree, Function<String, Status> statuses) {
		Status status = tree.aggregate(this.scope, this.members, this.aggregator, statuses);
		return (status != null) ? status : Status.UNKNOWN;
	}

}
