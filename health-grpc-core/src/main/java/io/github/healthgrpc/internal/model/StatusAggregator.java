package io.github.healthgrpc.internal.model;

import java.util.ArrayList;
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
		// Loops, not streams: every lambda is a class to load at start-up.
		List<String> codes = new ArrayList<>(order.size());
		List<String> uniformCodes = new ArrayList<>(order.size());
		for (String code : order) {
			codes.add(code.toUpperCase(Locale.ROOT));
			uniformCodes.add(uniform(code));
		}
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
		for (int i = 0; i < code.length(); i += Character.charCount(code.codePointAt(i))) {
			int codePoint = code.codePointAt(i);
			if (Character.isLetterOrDigit(codePoint)) {
				uniform.appendCodePoint(Character.toLowerCase(codePoint));
			}
		}
		return uniform.toString();
	}

}
