package io.github.healthgrpc.internal.engine;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

import io.github.healthgrpc.internal.model.Contributor;
import io.github.healthgrpc.internal.model.HealthCheck;
import io.github.healthgrpc.internal.model.StatusAggregator;
import org.jspecify.annotations.Nullable;

/**
 * The contributors of one cycle as paths: indicators are leaves ({@code db}), composites
 * are inner nodes whose members are {@code parent/child}. The contributors are kept as
 * they are, by path; a member's path is computed from its parent's while walking.
 */
final class ContributorTree {

	private final List<Contributor> roots;

	private final Map<String, Contributor> byPath;

	private ContributorTree(List<Contributor> roots) {
		this.roots = roots;
		Map<String, Contributor> byPath = new LinkedHashMap<>();
		collect("", roots, byPath);
		this.byPath = Collections.unmodifiableMap(byPath);
	}

	/**
	 * Takes the paths of contributors.
	 * @param contributors the top-level contributors
	 */
	static ContributorTree of(List<Contributor> contributors) {
		return new ContributorTree(List.copyOf(contributors));
	}

	private static void collect(String prefix, List<Contributor> contributors, Map<String, Contributor> into) {
		for (Contributor contributor : contributors) {
			String path = prefix + contributor.name();
			into.put(path, contributor);
			collect(path + "/", contributor.members(), into);
		}
	}

	/** Every path, leaves and composites, in order, parents before their members. */
	Collection<String> paths() {
		return this.byPath.keySet();
	}

	/** Whether a path names a contributor. */
	boolean contains(String path) {
		return this.byPath.containsKey(path);
	}

	/** The indicators by path. */
	Map<String, HealthCheck> indicators() {
		Map<String, HealthCheck> indicators = new LinkedHashMap<>();
		for (Map.Entry<String, Contributor> entry : this.byPath.entrySet()) {
			if (entry.getValue() instanceof Contributor.Indicator indicator) {
				indicators.put(entry.getKey(), indicator.check());
			}
		}
		return indicators;
	}

	/**
	 * The indicator paths under a scope that a membership test selects.
	 * @param scope a contributor path, or {@code null} for the whole tree
	 * @param members tests an indicator's path
	 */
	Set<String> members(@Nullable String scope, Predicate<String> members) {
		Set<String> paths = new LinkedHashSet<>();
		addMembers(prefix(scope), scope(scope), members, paths);
		return paths;
	}

	private static void addMembers(String prefix, List<Contributor> contributors, Predicate<String> members,
			Set<String> into) {
		for (Contributor contributor : contributors) {
			String path = prefix + contributor.name();
			if (!(contributor instanceof Contributor.Indicator)) {
				addMembers(path + "/", contributor.members(), members, into);
			}
			else if (members.test(path)) {
				into.add(path);
			}
		}
	}

	/**
	 * Aggregates the statuses of a scope as Actuator's health endpoint does: each
	 * composite is the aggregate of its selected members, and composites without any are
	 * left out.
	 * @param scope a contributor path, or {@code null} for the whole tree
	 * @param members tests an indicator's path
	 * @param aggregator aggregates the statuses of one level
	 * @param statuses the status code of each indicator path
	 * @return the aggregate, or {@code null} if no indicator is selected
	 */
	@Nullable String aggregate(@Nullable String scope, Predicate<String> members, StatusAggregator aggregator,
			Map<String, String> statuses) {
		List<Contributor> contributors = scope(scope);
		String prefix = prefix(scope);
		if (scope != null && contributors.size() == 1 && contributors.get(0) instanceof Contributor.Indicator leaf) {
			String path = prefix + leaf.name();
			return members.test(path) ? status(statuses, path) : null;
		}
		return aggregate(prefix, contributors, members, aggregator, statuses);
	}

	private static @Nullable String aggregate(String prefix, List<Contributor> contributors, Predicate<String> members,
			StatusAggregator aggregator, Map<String, String> statuses) {
		Set<String> collected = new LinkedHashSet<>();
		for (Contributor contributor : contributors) {
			String path = prefix + contributor.name();
			String status;
			if (contributor instanceof Contributor.Indicator) {
				status = members.test(path) ? status(statuses, path) : null;
			}
			else {
				status = aggregate(path + "/", contributor.members(), members, aggregator, statuses);
			}
			if (status != null) {
				collected.add(status);
			}
		}
		return collected.isEmpty() ? null : aggregator.aggregate(collected);
	}

	private static String status(Map<String, String> statuses, String path) {
		return Objects.requireNonNull(statuses.get(path), path);
	}

	/**
	 * The contributors a scope covers: the whole tree's, a composite's members, or an
	 * indicator itself.
	 */
	private List<Contributor> scope(@Nullable String scope) {
		if (scope == null) {
			return this.roots;
		}
		Contributor contributor = this.byPath.get(scope);
		if (contributor == null) {
			return List.of();
		}
		return (contributor instanceof Contributor.Indicator) ? List.of(contributor) : contributor.members();
	}

	/** What the paths of the contributors {@link #scope} covers start with. */
	private String prefix(@Nullable String scope) {
		if (scope == null) {
			return "";
		}
		// A name never holds the separator, so an indicator's parent ends at the last
		// one.
		return (this.byPath.get(scope) instanceof Contributor.Indicator)
				? scope.substring(0, scope.lastIndexOf('/') + 1) : scope + "/";
	}

}
