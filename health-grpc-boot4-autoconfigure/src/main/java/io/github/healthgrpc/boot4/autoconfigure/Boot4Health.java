package io.github.healthgrpc.boot4.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.healthgrpc.internal.model.Contributor;
import io.github.healthgrpc.internal.model.ContributorAdapter;
import io.github.healthgrpc.internal.model.ContributorSource;
import io.github.healthgrpc.internal.model.HealthCheck;
import io.github.healthgrpc.internal.model.HealthGroup;
import io.github.healthgrpc.internal.model.HealthGroups;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthContributors;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Spring Boot 4's health API, as the engine's model sees it. Blocking and reactive
 * contributors both count, composites become composites, and health groups keep their
 * membership and status order.
 */
final class Boot4Health implements ContributorAdapter<Object> {

	private static final Boot4Health INSTANCE = new Boot4Health();

	private Boot4Health() {
	}

	/**
	 * Every contributor, as Spring Boot's health endpoint lists them: the blocking ones,
	 * then the reactive ones. Read at every cycle, so that contributors registered or
	 * removed at run time are followed.
	 * @param blocking the blocking contributors (a registry, usually)
	 * @param reactive the reactive contributors, or {@code null} without Reactor
	 * @return the source
	 */
	static ContributorSource contributors(HealthContributors blocking, @Nullable ReactiveHealthContributors reactive) {
		return () -> {
			Map<String, Object> all = new LinkedHashMap<>();
			blocking.forEach((entry) -> all.put(entry.name(), entry.contributor()));
			if (reactive != null) {
				reactive.forEach((entry) -> all.putIfAbsent(entry.name(), entry.contributor()));
			}
			return Contributor.of(all, INSTANCE);
		};
	}

	/**
	 * The health groups of the health endpoint and its status order.
	 * @param endpointGroups the groups, or {@code null} when the health endpoint is not
	 * available
	 * @param fallback the status order without the endpoint
	 * @return the model's groups
	 */
	static HealthGroups groups(@Nullable HealthEndpointGroups endpointGroups, StatusAggregator fallback) {
		if (endpointGroups == null) {
			return HealthGroups.none(aggregator(fallback));
		}
		List<HealthGroup> named = endpointGroups.getNames().stream().map((name) -> {
			HealthEndpointGroup group = endpointGroups.get(name);
			return (group != null) ? new HealthGroup(name, group::isMember, aggregator(group.getStatusAggregator()))
					: null;
		}).filter((group) -> group != null).toList();
		HealthEndpointGroup primary = endpointGroups.getPrimary();
		return new HealthGroups(primary::isMember, aggregator(primary.getStatusAggregator()), named);
	}

	private static io.github.healthgrpc.internal.model.StatusAggregator aggregator(StatusAggregator statusAggregator) {
		return (codes) -> {
			Set<Status> statuses = codes.stream().map(Status::new).collect(Collectors.toSet());
			return statusAggregator.getAggregateStatus(statuses).getCode();
		};
	}

	@Override
	public @Nullable HealthCheck check(Object contributor) {
		if (contributor instanceof HealthIndicator blocking) {
			return new BlockingCheck(blocking);
		}
		return (contributor instanceof ReactiveHealthIndicator reactive) ? new ReactiveCheck(reactive) : null;
	}

	@Override
	public @Nullable Map<String, Object> members(Object contributor) {
		Map<String, Object> members = new LinkedHashMap<>();
		if (contributor instanceof CompositeHealthContributor composite) {
			composite.forEach((entry) -> members.put(entry.name(), entry.contributor()));
			return members;
		}
		if (contributor instanceof CompositeReactiveHealthContributor composite) {
			composite.forEach((entry) -> members.put(entry.name(), entry.contributor()));
			return members;
		}
		return null;
	}

	private static @Nullable String statusCode(@Nullable Health health) {
		return (health == null) ? null : health.getStatus().getCode();
	}

	/** Equal for one indicator: a hung call is never started twice. */
	private record BlockingCheck(HealthIndicator indicator) implements HealthCheck {

		@Override
		public @Nullable String check() {
			return statusCode(this.indicator.health(false));
		}

	}

	/**
	 * Waits for the answer on the engine's indicator thread (never on a gRPC or
	 * event-loop thread), which the engine's timeout bounds.
	 */
	private record ReactiveCheck(ReactiveHealthIndicator indicator) implements HealthCheck {

		@Override
		public @Nullable String check() {
			return statusCode(this.indicator.health(false).block());
		}

	}

}
