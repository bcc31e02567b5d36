package io.github.healthgrpc.internal.engine;

import java.util.Collection;
import java.util.Objects;
import java.util.Set;

/**
 * Include and exclude patterns over contributor paths, as configured under a property:
 * which paths are published under their own names, or what {@code ""} aggregates.
 *
 * @param property the property the patterns come from, named in error messages
 * @param include the patterns to include, empty for all
 * @param exclude the patterns to exclude
 */
public record NameSelection(String property, Set<String> include, Set<String> exclude) {

	public NameSelection {
		Objects.requireNonNull(property, "property must not be null");
		include = Set.copyOf(include);
		exclude = Set.copyOf(exclude);
	}

	/**
	 * Everything, under a property.
	 * @param property the property
	 * @return the selection
	 */
	public static NameSelection all(String property) {
		return new NameSelection(property, Set.of("*"), Set.of());
	}

	/**
	 * A selection.
	 * @param property the property
	 * @param include the patterns to include, empty for all
	 * @param exclude the patterns to exclude
	 * @return the selection
	 */
	public static NameSelection of(String property, Collection<String> include, Collection<String> exclude) {
		return new NameSelection(property, Set.copyOf(include), Set.copyOf(exclude));
	}

	ContributorPathPredicate predicate() {
		return ContributorPathPredicate.of(this.include, this.exclude);
	}

}
