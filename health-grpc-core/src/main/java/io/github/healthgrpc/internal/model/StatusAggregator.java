package io.github.healthgrpc.internal.model;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Aggregates the status codes of the members of one level into one. */
@FunctionalInterface
public interface StatusAggregator {

	/**
	 * Aggregates.
	 * @param statusCodes the members' status codes, at least one
	 * @return the aggregate status code
	 */
	String aggregate(Set<String> statusCodes);

	/**
	 * The first code of an order that occurs, as Actuator's default aggregator does;
	 * codes not in the order are ignored, and {@code UNKNOWN} is the answer when none is
	 * in it.
	 * @param order the codes, most severe first (compared case-insensitively)
	 * @return the aggregator
	 */
	static StatusAggregator ordered(List<String> order) {
		List<String> codes = order.stream().map((code) -> code.toUpperCase(Locale.ROOT)).toList();
		return (statusCodes) -> {
			int best = Integer.MAX_VALUE;
			for (String code : statusCodes) {
				int index = codes.indexOf(code.toUpperCase(Locale.ROOT));
				best = (index >= 0) ? Math.min(best, index) : best;
			}
			return (best < Integer.MAX_VALUE) ? codes.get(best) : StatusCodes.UNKNOWN;
		};
	}

}
