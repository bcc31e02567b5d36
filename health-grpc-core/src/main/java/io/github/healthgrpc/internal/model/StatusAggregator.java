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
	 * @param order the codes, most severe first (compared as Spring Boot does: letters
	 * and digits only, ignoring case, so {@code out-of-service} is
	 * {@code OUT_OF_SERVICE})
	 * @return the aggregator
	 */
	static StatusAggregator ordered(List<String> order) {
		List<String> codes = order.stream().map((code) -> code.toUpperCase(Locale.ROOT)).toList();
		List<String> uniformCodes = order.stream().map(StatusAggregator::uniform).toList();
		return (statusCodes) -> {
			int best = Integer.MAX_VALUE;
			for (String code : statusCodes) {
				int index = uniformCodes.indexOf(uniform(code));
				best = (index >= 0) ? Math.min(best, index) : best;
			}
			return (best < Integer.MAX_VALUE) ? codes.get(best) : StatusCodes.UNKNOWN;
		};
	}

	private static String uniform(String code) {
		StringBuilder uniform = new StringBuilder(code.length());
		code.codePoints()
			.filter(Character::isLetterOrDigit)
			.map(Character::toLowerCase)
			.forEach(uniform::appendCodePoint);
		return uniform.toString();
	}

}
