package io.github.healthgrpc.internal.engine;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Include and exclude patterns over contributor paths ({@code db},
 * {@code stores/primary}), with the rules of Actuator's health groups: {@code *} matches
 * every path, a path matches itself and everything below it, an empty include means
 * everything, and exclude wins over include.
 */
final class ContributorPathPredicate implements Predicate<String> {

	private static final ContributorPathPredicate ALL = new ContributorPathPredicate(Set.of(), Set.of());

	private final Set<String> include;

	private final Set<String> exclude;

	private ContributorPathPredicate(Set<String> include, Set<String> exclude) {
		this.include = include;
		this.exclude = exclude;
	}

	/**
	 * Creates a predicate.
	 * @param include the patterns to include, empty for all
	 * @param exclude the patterns to exclude, empty for none
	 */
	static ContributorPathPredicate of(Collection<String> include, Collection<String> exclude) {
		return new ContributorPathPredicate(clean(include), clean(exclude));
	}

	/** Matches every path. */
	static ContributorPathPredicate all() {
		return ALL;
	}

	@Override
	public boolean test(String path) {
		String name = path.trim();
		boolean included = this.include.isEmpty() || this.include.contains("*") || matches(name, this.include);
		return included && !this.exclude.contains("*") && !matches(name, this.exclude);
	}

	private static boolean matches(String name, Set<String> patterns) {
		String candidate = name;
		while (true) {
			if (patterns.contains(candidate)) {
				return true;
			}
			int slash = candidate.lastIndexOf('/');
			if (slash < 0) {
				return false;
			}
			candidate = candidate.substring(0, slash);
		}
	}

	private static Set<String> clean(Collection<String> patterns) {
		Set<String> cleaned = new LinkedHashSet<>();
		for (String pattern : patterns) {
			if (pattern != null && !pattern.isBlank()) {
				cleaned.add(pattern.trim());
			}
		}
		return Set.copyOf(cleaned);
	}

	/** The patterns that name a path (not {@code *}), included or excluded. */
	Set<String> namedPatterns() {
		Set<String> named = new LinkedHashSet<>(this.include);
		named.addAll(this.exclude);
		named.remove("*");
		return named;
	}

	@Override
	public String toString() {
		return "include " + (this.include.isEmpty() ? "[*]" : this.include) + ", exclude " + this.exclude;
	}

}
