package io.github.healthgrpc.internal.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A health contributor as the engine sees it, whatever framework it comes from: an
 * {@link Indicator} that checks one thing, or a {@link Composite} of named members.
 */
public sealed interface Contributor permits Contributor.Indicator, Contributor.Composite {

	/**
	 * The name of this contributor among its siblings.
	 * @return the name, never containing the path separator of its parent
	 */
	String name();

	/**
	 * The members of a composite.
	 * @return the members, in order; none for an indicator
	 */
	default List<Contributor> members() {
		return List.of();
	}

	/**
	 * Converts a framework's contributors into this model, members of composites
	 * included.
	 * @param <T> the framework's contributor type
	 * @param contributors the top-level contributors by name, in order
	 * @param adapter tells indicators and composites of the framework apart
	 * @return the contributors, in the same order; contributors of any other kind are
	 * left out
	 */
	static <T> List<Contributor> of(Map<String, T> contributors, ContributorAdapter<T> adapter) {
		List<Contributor> converted = new ArrayList<>(contributors.size());
		for (Map.Entry<String, T> entry : contributors.entrySet()) {
			String name = entry.getKey();
			T contributor = entry.getValue();
			HealthCheck check = adapter.check(contributor);
			Map<String, T> members = (check != null) ? null : adapter.members(contributor);
			if (check != null) {
				converted.add(new Indicator(name, check));
			}
			else if (members != null) {
				converted.add(new Composite(name, of(members, adapter)));
			}
		}
		return List.copyOf(converted);
	}

	/**
	 * Checks one thing.
	 *
	 * @param name the name among its siblings
	 * @param check what to call; equal checks are the same indicator, called at most once
	 * at a time
	 */
	record Indicator(String name, HealthCheck check) implements Contributor {

		public Indicator {
			Objects.requireNonNull(name, "name must not be null");
			Objects.requireNonNull(check, "check must not be null");
		}

	}

	/**
	 * Named members, whose status is their aggregate.
	 *
	 * @param name the name among its siblings
	 * @param members the members, in order
	 */
	record Composite(String name, List<Contributor> members) implements Contributor {

		public Composite {
			Objects.requireNonNull(name, "name must not be null");
			members = List.copyOf(members);
		}

	}

}
