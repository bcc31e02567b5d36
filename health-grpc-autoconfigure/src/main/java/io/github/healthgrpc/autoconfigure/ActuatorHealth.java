package io.github.healthgrpc.autoconfigure;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.healthgrpc.internal.model.Contributor;
import io.github.healthgrpc.internal.model.ContributorAdapter;
import io.github.healthgrpc.internal.model.ContributorSource;
import io.github.healthgrpc.internal.model.HealthCheck;
import io.github.healthgrpc.internal.model.HealthGroup;
import io.github.healthgrpc.internal.model.HealthGroups;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthContributorNameFactory;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthEndpointGroup;
import org.springframework.boot.actuate.health.HealthEndpointGroups;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.boot.actuate.health.NamedContributors;
import org.springframework.boot.actuate.health.ReactiveHealthContributor;
import org.springframework.boot.actuate.health.ReactiveHealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.actuate.health.StatusAggregator;

/**
 * The adapter from Spring Boot 3.5's Actuator health API to the engine's model:
 * contributors (blocking and reactive, composites as {@code parent/child}), health groups
 * and status aggregation.
 */
final class ActuatorHealth implements ContributorAdapter<Object> {

	private static final ActuatorHealth ADAPTER = new ActuatorHealth();

	private ActuatorHealth() {
	}

	/**
	 * The contributors of Actuator's registry, read at every cycle so that contributors
	 * registered or removed at run time are followed.
	 * @param registry the registry of the health endpoint, reactive contributors already
	 * adapted in it
	 * @return the source
	 */
	static ContributorSource contributors(HealthContributorRegistry registry) {
		return () -> Contributor.of(members(registry), ADAPTER);
	}

	/**
	 * The contributor beans, named as Actuator names them, for applications whose health
	 * endpoint is not available (Actuator then creates no registry). Reactive ones count
	 * too.
	 * @param contributors the blocking contributor beans by bean name
	 * @param reactiveContributors the reactive contributor beans by bean name
	 * @return the source
	 */
	static ContributorSource contributors(Map<String, HealthContributor> contributors,
			Map<String, ReactiveHealthContributor> reactiveContributors) {
		Map<String, Object> named = new LinkedHashMap<>();
		contributors
			.forEach((bean, contributor) -> named.put(HealthContributorNameFactory.INSTANCE.apply(bean), contributor));
		reactiveContributors.forEach((bean, contributor) -> named
			.putIfAbsent(HealthContributorNameFactory.INSTANCE.apply(bean), contributor));
		List<Contributor> converted = Contributor.of(named, ADAPTER);
		return () -> converted;
	}

	/**
	 * Actuator's health groups and the status order of {@code /actuator/health}.
	 * @param groups the groups, or {@code null} when the health endpoint is not available
	 * @param aggregator the aggregator to use without groups
	 * @return the groups
	 */
	static HealthGroups groups(@Nullable HealthEndpointGroups groups, StatusAggregator aggregator) {
		if (groups == null) {
			return HealthGroups.none(adapt(aggregator));
		}
		HealthEndpointGroup primary = groups.getPrimary();
		List<HealthGroup> named = groups.getNames().stream().map((name) -> {
			HealthEndpointGroup group = groups.get(name);
			return new HealthGroup(name, group::isMember, adapt(group.getStatusAggregator()));
		}).toList();
		return new HealthGroups(primary::isMember, adapt(primary.getStatusAggregator()), named);
	}

	private static io.github.healthgrpc.internal.model.StatusAggregator adapt(StatusAggregator aggregator) {
		return (codes) -> aggregator
			.getAggregateStatus(codes.stream().map(Status::new).collect(Collectors.toCollection(LinkedHashSet::new)))
			.getCode();
	}

	@Override
	public @Nullable HealthCheck check(Object contributor) {
		if (contributor instanceof HealthIndicator indicator) {
			return new IndicatorCheck(indicator);
		}
		if (contributor instanceof ReactiveHealthIndicator indicator) {
			return new ReactiveIndicatorCheck(indicator);
		}
		return null;
	}

	@Override
	public @Nullable Map<String, Object> members(Object contributor) {
		return (contributor instanceof NamedContributors<?> composite) ? members(composite) : null;
	}

	private static Map<String, Object> members(NamedContributors<?> composite) {
		Map<String, Object> members = new LinkedHashMap<>();
		for (NamedContributor<?> member : composite) {
			members.put(member.getName(), member.getContributor());
		}
		return members;
	}

	private static @Nullable String code(@Nullable Health health) {
		return (health != null) ? health.getStatus().getCode() : null;
	}

	/** Equal for the same indicator, so that a hung one is never called twice at once. */
	private record IndicatorCheck(HealthIndicator indicator) implements HealthCheck {

		@Override
		public @Nullable String check() {
			return code(this.indicator.health());
		}

	}

	/** Blocks the engine's indicator thread, never a gRPC or event-loop thread. */
	private record ReactiveIndicatorCheck(ReactiveHealthIndicator indicator) implements HealthCheck {

		@Override
		public @Nullable String check() {
			return code(this.indicator.health().block());
		}

	}

}
