package io.github.healthgrpc.boot4.autoconfigure;

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
 * membership and status order; the {@code grpchealth} endpoint shows details as the
 * health endpoint does. One object is the contributor source, the adapter and the details
 * rule, and one {@link Group} type serves every group: each lambda would be a class
 * loaded at start-up.
 */
final class Boot4Health implements Supplier<List<Contributor>>, ContributorAdapter<Object>, Predicate<SecurityContext> {

	private final HealthContributors blocking;

	private final @Nullable ReactiveHealthContributors reactive;

	private final @Nullable HealthEndpointGroups groups;

	/**
	 * Every contributor, as Spring Boot's health endpoint lists them: the blocking ones,
	 * then the reactive ones. Read at every cycle, so that contributors registered or
	 * removed at run time are followed.
	 * @param blocking the blocking contributors (a registry, usually)
	 * @param reactive the reactive contributors, or {@code null} without Reactor
	 * @param groups the groups of the health endpoint, or {@code null} when it is not
	 * available
	 */
	Boot4Health(HealthContributors blocking, @Nullable ReactiveHealthContributors reactive,
			@Nullable HealthEndpointGroups groups) {
		this.blocking = blocking;
		this.reactive = reactive;
		this.groups = groups;
	}

	/**
	 * The top-level contributors as they are now, in order: the engine asks at every
	 * cycle.
	 */
	@Override
	public List<Contributor> get() {
		Map<String, Object> all = new LinkedHashMap<>();
		for (HealthContributors.Entry entry : this.blocking) {
			all.put(entry.name(), entry.contributor());
		}
		if (this.reactive != null) {
			for (ReactiveHealthContributors.Entry entry : this.reactive) {
				all.putIfAbsent(entry.name(), entry.contributor());
			}
		}
		return Contributor.of(all, this);
	}

	/**
	 * The whole application, as the primary group named {@code ""}: the membership and
	 * status order of the health endpoint, or every contributor without it.
	 * @param fallback the status order without the endpoint
	 * @return the primary group
	 */
	HealthGroup primaryGroup(StatusAggregator fallback) {
		HealthEndpointGroups endpointGroups = this.groups;
		Group adapted = (endpointGroups != null)
				? new Group(endpointGroups.getPrimary(), endpointGroups.getPrimary().getStatusAggregator())
				: new Group(null, fallback);
		return new HealthGroup("", adapted, adapted);
	}

	/**
	 * The named health groups of the health endpoint, none without it.
	 * @return the model's groups
	 */
	List<HealthGroup> groups() {
		HealthEndpointGroups endpointGroups = this.groups;
		List<HealthGroup> named = new ArrayList<>();
		if (endpointGroups != null) {
			for (String name : endpointGroups.getNames()) {
				HealthEndpointGroup group = endpointGroups.get(name);
				if (group != null) {
					Group adapted = new Group(group, group.getStatusAggregator());
					named.add(new HealthGroup(name, adapted, adapted));
				}
			}
		}
		return named;
	}

	/**
	 * Whether a caller of the {@code grpchealth} endpoint may see why a name is not UP:
	 * as the health endpoint decides for its details; never without it.
	 */
	@Override
	public boolean test(SecurityContext securityContext) {
		return this.groups != null && this.groups.getPrimary().showDetails(securityContext);
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
			for (HealthContributors.Entry entry : composite) {
				members.put(entry.name(), entry.contributor());
			}
			return members;
		}
		if (contributor instanceof CompositeReactiveHealthContributor composite) {
			for (ReactiveHealthContributors.Entry entry : composite) {
				members.put(entry.name(), entry.contributor());
			}
			return members;
		}
		return null;
	}

	private static @Nullable String statusCode(@Nullable Health health) {
		return (health == null) ? null : health.getStatus().getCode();
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
