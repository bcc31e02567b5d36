package io.github.healthgrpc.internal.engine;

import java.util.ArrayList;
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
 * are inner nodes whose members are {@code parent/child}.
 */
final class ContributorTree {

	private final List<Node> roots;

	private final Map<String, Node> nodesByPath;

	private ContributorTree(List<Node> roots) {
		this.roots = roots;
		Map<String, Node> nodes = new LinkedHashMap<>();
		collect(roots, nodes);
		this.nodesByPath = Collections.unmodifiableMap(nodes);
	}

	/**
	 * Takes the paths of contributors.
	 * @param contributors the top-level contributors
	 */
	static ContributorTree of(List<Contributor> contributors) {
		return new ContributorTree(nodes("", contributors));
	}

	private static List<Node> nodes(String prefix, List<Contributor> contributors) {
		List<Node> nodes = new ArrayList<>(contributors.size());
		for (Contributor contributor : contributors) {
			String path = prefix + contributor.name();
			if (contributor instanceof Contributor.Indicator indicator) {
				nodes.add(new Node(path, indicator.check(), List.of()));
			}
			else if (contributor instanceof Contributor.Composite composite) {
				nodes.add(new Node(path, null, nodes(path + "/", composite.members())));
			}
		}
		return List.copyOf(nodes);
	}

	private static void collect(List<Node> nodes, Map<String, Node> into) {
		for (Node node : nodes) {
			into.put(node.path(), node);
			collect(node.children(), into);
		}
	}

	/** Every path, leaves and composites, in order, parents before their members. */
	Collection<String> paths() {
		return this.nodesByPath.keySet();
	}

	/** Whether a path names a contributor. */
	boolean contains(String path) {
		return this.nodesByPath.containsKey(path);
	}

	/** The indicators by path. */
	Map<String, HealthCheck> indicators() {
		Map<String, HealthCheck> indicators = new LinkedHashMap<>();
		for (Node node : this.nodesByPath.values()) {
			HealthCheck check = node.check();
			if (check != null) {
				indicators.put(node.path(), check);
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
		for (Node node : scopeNodes(scope)) {
			addMembers(node, members, paths);
		}
		return paths;
	}

	private void addMembers(Node node, Predicate<String> members, Set<String> into) {
		if (node.check() != null) {
			if (members.test(node.path())) {
				into.add(node.path());
			}
			return;
		}
		for (Node child : node.children()) {
			addMembers(child, members, into);
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
		List<Node> nodes = scopeNodes(scope);
		if (scope != null && nodes.size() == 1 && nodes.get(0).check() != null) {
			Node leaf = nodes.get(0);
			return members.test(leaf.path()) ? status(statuses, leaf.path()) : null;
		}
		return aggregate(nodes, members, aggregator, statuses);
	}

	private @Nullable String aggregate(List<Node> nodes, Predicate<String> members, StatusAggregator aggregator,
			Map<String, String> statuses) {
		Set<String> collected = new LinkedHashSet<>();
		for (Node node : nodes) {
			String status;
			if (node.check() != null) {
				status = members.test(node.path()) ? status(statuses, node.path()) : null;
			}
			else {
				status = aggregate(node.children(), members, aggregator, statuses);
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

	private List<Node> scopeNodes(@Nullable String scope) {
		if (scope == null) {
			return this.roots;
		}
		Node node = this.nodesByPath.get(scope);
		if (node == null) {
			return List.of();
		}
		return (node.check() != null) ? List.of(node) : node.children();
	}

	private record Node(String path, @Nullable HealthCheck check, List<Node> children) {
	}

}
