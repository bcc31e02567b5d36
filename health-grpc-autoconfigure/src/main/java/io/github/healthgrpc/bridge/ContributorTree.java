package io.github.healthgrpc.bridge;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.boot.actuate.health.NamedContributors;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.actuate.health.StatusAggregator;

/**
 * A snapshot of the Actuator contributor registry as paths: indicators are leaves ({@code db}),
 * composites are inner nodes whose members are {@code parent/child}. Taken once per evaluation cycle,
 * so contributors registered or removed at run time are followed.
 */
public final class ContributorTree {

	private final List<Node> roots;

	private final Map<String, Node> nodesByPath;

	private ContributorTree(List<Node> roots) {
		this.roots = roots;
		Map<String, Node> nodes = new LinkedHashMap<>();
		collect(roots, nodes);
		this.nodesByPath = Collections.unmodifiableMap(nodes);
	}

	/**
	 * Takes a snapshot of a registry (or any named contributors).
	 * @param contributors the contributors
	 */
	public static ContributorTree of(NamedContributors<HealthContributor> contributors) {
		return new ContributorTree(children("", contributors));
	}

	private static List<Node> children(String prefix, NamedContributors<HealthContributor> contributors) {
		List<Node> nodes = new ArrayList<>();
		for (NamedContributor<HealthContributor> named : contributors) {
			String path = prefix + named.getName();
			HealthContributor contributor = named.getContributor();
			if (contributor instanceof HealthIndicator indicator) {
				nodes.add(new Node(path, indicator, List.of()));
			}
			else if (contributor instanceof CompositeHealthContributor composite) {
				nodes.add(new Node(path, null, children(path + "/", composite)));
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

	/** Every path, leaves and composites, in registry order, parents before their members. */
	public Collection<String> paths() {
		return this.nodesByPath.keySet();
	}

	/** Whether a path names a contributor. */
	public boolean contains(String path) {
		return this.nodesByPath.containsKey(path);
	}

	/** The indicators by path. */
	public Map<String, HealthIndicator> indicators() {
		Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
		this.nodesByPath.forEach((path, node) -> {
			if (node.indicator() != null) {
				indicators.put(path, node.indicator());
			}
		});
		return indicators;
	}

	/**
	 * The indicator paths under a scope that a membership test selects.
	 * @param scope a contributor path, or {@code null} for the whole tree
	 * @param members tests an indicator's path
	 */
	public Set<String> members(String scope, Predicate<String> members) {
		Set<String> paths = new LinkedHashSet<>();
		for (Node node : scopeNodes(scope)) {
			addMembers(node, members, paths);
		}
		return paths;
	}

	private void addMembers(Node node, Predicate<String> members, Set<String> into) {
		if (node.indicator() != null) {
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
	 * Aggregates the statuses of a scope as Actuator's health endpoint does: each composite is the
	 * aggregate of its selected members, and composites without any are left out.
	 * @param scope a contributor path, or {@code null} for the whole tree
	 * @param members tests an indicator's path
	 * @param aggregator aggregates the statuses of one level
	 * @param statuses the status of each indicator path
	 * @return the aggregate, or {@code null} if no indicator is selected
	 */
	public Status aggregate(String scope, Predicate<String> members, StatusAggregator aggregator,
			Function<String, Status> statuses) {
		List<Node> nodes = scopeNodes(scope);
		if (scope != null && nodes.size() == 1 && nodes.get(0).indicator() != null) {
			Node leaf = nodes.get(0);
			return members.test(leaf.path()) ? statuses.apply(leaf.path()) : null;
		}
		return aggregate(nodes, members, aggregator, statuses);
	}

	private Status aggregate(List<Node> nodes, Predicate<String> members, StatusAggregator aggregator,
			Function<String, Status> statuses) {
		Set<Status> collected = new LinkedHashSet<>();
		for (Node node : nodes) {
			Status status;
			if (node.indicator() != null) {
				status = members.test(node.path()) ? statuses.apply(node.path()) : null;
			}
			else {
				status = aggregate(node.children(), members, aggregator, statuses);
			}
			if (status != null) {
				collected.add(status);
			}
		}
		return collected.isEmpty() ? null : aggregator.getAggregateStatus(collected);
	}

	private List<Node> scopeNodes(String scope) {
		if (scope == null) {
			return this.roots;
		}
		Node node = this.nodesByPath.get(scope);
		if (node == null) {
			return List.of();
		}
		return (node.indicator() != null) ? List.of(node) : node.children();
	}

	private record Node(String path, HealthIndicator indicator, List<Node> children) {
	}

}
