package io.github.healthgrpc.internal.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import io.github.healthgrpc.ServingStatusMapper;
import io.github.healthgrpc.internal.model.Contributor;
import io.github.healthgrpc.internal.model.HealthCheck;

/**
 * One evaluation: contributors in, statuses out. Calls every indicator that some
 * published name needs (once, however many names use it), then computes and maps each
 * name's status. Decides nothing about when it runs and writes nothing.
 */
final class HealthEvaluator {

	private final Supplier<List<Contributor>> contributors;

	private final HealthNameCatalog catalog;

	private final IndicatorRunner runner;

	private final ServingStatusMapper mapper;

	private final Clock clock;

	HealthEvaluator(Supplier<List<Contributor>> contributors, HealthNameCatalog catalog, IndicatorRunner runner,
			ServingStatusMapper mapper, Clock clock) {
		this.contributors = contributors;
		this.catalog = catalog;
		this.runner = runner;
		this.mapper = mapper;
		this.clock = clock;
	}

	/** The contributors as they are now. */
	ContributorTree tree() {
		return ContributorTree.of(this.contributors.get());
	}

	Evaluation evaluate() {
		Instant start = this.clock.instant();
		ContributorTree tree = tree();
		Map<String, PublishedName> names = this.catalog.resolve(tree);
		// Names sharing a rule (registered services follow "") are computed once.
		Map<NameRule, Set<String>> membersByRule = new IdentityHashMap<>();
		Set<String> needed = new HashSet<>();
		// Loops, not lambdas: every lambda is one more class to load at start-up.
		for (PublishedName name : names.values()) {
			if (!membersByRule.containsKey(name.rule())) {
				Set<String> members = name.rule().members(tree);
				membersByRule.put(name.rule(), members);
				needed.addAll(members);
			}
		}
		Map<String, HealthCheck> indicators = new LinkedHashMap<>(tree.indicators());
		indicators.keySet().retainAll(needed);
		Map<String, IndicatorResult> results = this.runner.run(indicators);
		Map<String, String> statusByPath = new HashMap<>();
		for (Map.Entry<String, IndicatorResult> result : results.entrySet()) {
			statusByPath.put(result.getKey(), result.getValue().status());
		}
		Map<NameRule, String> statusByRule = new IdentityHashMap<>();
		Map<String, Evaluation.NameStatus> statuses = new LinkedHashMap<>();
		for (PublishedName name : names.values()) {
			String status = statusByRule.get(name.rule());
			if (status == null) {
				status = name.rule().status(tree, statusByPath);
				statusByRule.put(name.rule(), status);
			}
			ServingStatusMapper own = name.rule().mapper();
			ServingStatusMapper mapper = (own != null) ? own : this.mapper;
			statuses.put(name.name(), new Evaluation.NameStatus(name.name(), name.source(), status, mapper.map(status),
					Objects.requireNonNull(membersByRule.get(name.rule()))));
		}
		return new Evaluation(statuses, results, start, Duration.between(start, this.clock.instant()));
	}

}
