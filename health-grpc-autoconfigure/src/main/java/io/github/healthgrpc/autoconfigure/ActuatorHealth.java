package io.github.healthgrpc.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.github.healthgrpc.internal.model.Contributor;
import io.github.healthgrpc.internal.model.ContributorAdapter;
import io.github.healthgrpc.internal.model.HealthCheck;
import io.github.healthgrpc.internal.model.HealthGroup;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SecurityContext;
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
 * and status aggregation, and whether the {@code grpchealth} endpoint may show details.
 * One object is the contributor source, the adapter and the details rule, and one
 * {@link Group} type serves every group: each lambda would be a class loaded at start-up.
 */
final class ActuatorHealth
		implements Supplier<List<Contributor>>, ContributorAdapter<Object>, Predicate<SecurityContext> {

	private final @Nullable HealthContributorRegistry registry;

	private final Map<String, Object> beans;

	private final @Nullable HealthEndpointGroups groups;

	private ActuatorHealth(@Nullable HealthContributorRegistry registry, Map<String, Object> beans,
			@Nullable HealthEndpointGroups groups) {
		this.registry = registry;
		this.beans = beans;
		this.groups = groups;
	}

	/**
	 * The contributors of Actuator's registry, read at every cycle so that contributors
	 * registered or removed at run time are followed.
	 * @param registry the registry of the health endpoint, reactive contributors already
	 * adapted in it
	 * @param groups the health endpoint's groups, or {@code null}
	 * @return the health
	 */
	static ActuatorHealth of(HealthContributorRegistry registry, @Nullable HealthEndpointGroups groups) {
		return new ActuatorHealth(registry, Map.of(), groups);
	}

	/**
	 * The contributor beans, named as Actuator names them, for applications whose health
	 * endpoint is not available (Actuator then creates no registry). Reactive ones count
	 * too.
	 * @param contributors the blocking contributor beans by bean name
	 * @param reactiveContributors the reactive contributor beans by bean name
	 * @param groups the health endpoint's groups, or {@code null}
	 * @return the health
	 */
	static ActuatorHealth of(Map<String, HealthContributor> contributors,
			Map<String, ReactiveHealthContributor> reactiveContributors, @Nullable HealthEndpointGroups groups) {
		Map<String, Object> named = new LinkedHashMap<>();
		for (Map.Entry<String, HealthContributor> contributor : contributors.entrySet()) {
			named.put(HealthContributorNameFactory.INSTANCE.apply(contributor.getKey()), contributor.getValue());
		}
		for (Map.Entry<String, ReactiveHealthContributor> contributor : reactiveContributors.entrySet()) {
			named.putIfAbsent(HealthContributorNameFactory.INSTANCE.apply(contributor.getKey()),
					contributor.getValue());
		}
		return new ActuatorHealth(null, named, groups);
	}

	/**
	 * The top-level contributors as they are now, in order: the engine asks at every
	 * cycle.
	 */
	@Override
	public List<Contributor> get() {
		return Contributor.of((this.registry != null) ? members(this.registry) : this.beans, this);
	}

	/**
	 * The whole application, as the primary group named {@code ""}: the membership and
	 * status order of {@code /actuator/health}, or every contributor without it.
	 * @param aggregator the status order without the health endpoint's groups
	 * @return the primary group
	 */
	HealthGroup primaryGroup(StatusAggregator aggregator) {
		HealthEndpointGroups groups = this.groups;
		Group adapted = (groups != null) ? new Group(groups.getPrimary(), groups.getPrimary().getStatusAggregator())
				: new Group(null, aggregator);
		return new HealthGroup("", adapted, adapted);
	}

	/**
	 * Actuator's named health groups, none without the health endpoint.
	 * @return the groups
	 */
	List<HealthGroup> groups() {
		HealthEndpointGroups groups = this.groups;
		List<HealthGroup> named = new ArrayList<>();
		if (groups != null) {
			for (String name : groups.getNames()) {
				HealthEndpointGroup group = groups.get(name);
				Group adapted = new Group(group, group.getStatusAggregator());
				named.add(new HealthGroup(name, adapted, adapted));
			}
		}
		return named;
	}

	/**
	 * Whether a caller of the {@code grpchealth} endpoint may see why a name is not UP:
	 * as {@code /actuator/health} decides for its details; never without the health
	 * endpoint.
	 */
	@Override
	public boolean test(SecurityContext securityContext) {
		return this.groups != null && this.groups.getPrimary().showDetails(securityContext);
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

	/**
	 * One health group (or, without one, every contributor): its membership and its
	 * status order.
	 *
	 * @param group the group, or {@code null} for every contributor
	 * @param aggregator its status order
	 */
	private record Group(@Nullable HealthEndpointGroup group, StatusAggregator aggregator)
			implements
				Predicate<String>,
				io.github.healthgrpc.internal.model.StatusAggregator {

		@Override
		public boolean test(String path) {
			return this.group == null || this.group.isMember(path);
		}

		@Override
		public String aggregate(Set<String> statusCodes) {
			Set<Status> statuses = new LinkedHashSet<>();
			for (String code : statusCodes) {
				statuses.add(new Status(code));
			}
			return this.aggregator.getAggregateStatus(statuses).getCode();
		}

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
