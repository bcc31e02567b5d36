package io.github.healthgrpc.bridge;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.github.healthgrpc.protocol.HealthStatusTable;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.actuate.health.HealthEndpointGroup;
import org.springframework.boot.actuate.health.HealthEndpointGroups;
import org.springframework.boot.actuate.health.StatusAggregator;

/**
 * Decides which names are published and how each is computed: {@code ""}, the configured service
 * mappings, the Actuator health groups, the contributor paths and the registered gRPC services. When
 * two produce the same name the earlier {@link HealthNameSource} wins, with a warning logged once.
 */
public class HealthNameCatalog {

	private static final Log logger = LogFactory.getLog(HealthNameCatalog.class);

	private final StatusAggregator aggregator;

	private final NameRule overall;

	private final ContributorPathPredicate indicators;

	private final Map<String, NameRule> services = new LinkedHashMap<>();

	private final Map<String, NameRule> groups = new LinkedHashMap<>();

	private final Supplier<? extends Collection<String>> grpcServiceNames;

	private final Set<String> warnedNames = ConcurrentHashMap.newKeySet();

	/**
	 * Creates a catalog.
	 * @param groups Actuator's health groups, or {@code null} when there are none
	 * @param aggregator the aggregator of {@code /actuator/health}, used for {@code ""}, composites and
	 * service mappings
	 * @param overall what {@code ""} aggregates
	 * @param indicators which contributor paths are published under their own names
	 * @param services configured service names and what each aggregates
	 * @param grpcServiceNames the gRPC services registered in the server, read at every cycle
	 * @throws IllegalArgumentException if a service mapping names an unknown group or is ambiguous
	 */
	public HealthNameCatalog(HealthEndpointGroups groups, StatusAggregator aggregator,
			ContributorPathPredicate overall, ContributorPathPredicate indicators, Map<String, ServiceMapping> services,
			Supplier<? extends Collection<String>> grpcServiceNames) {
		HealthEndpointGroup primary = (groups != null) ? groups.getPrimary() : null;
		this.aggregator = (primary != null) ? primary.getStatusAggregator() : Objects.requireNonNull(aggregator);
		Predicate<String> overallMembers = (primary != null) ? overall.and(primary::isMember) : overall;
		this.overall = new NameRule(null, overallMembers, this.aggregator);
		this.indicators = indicators;
		this.grpcServiceNames = grpcServiceNames;
		if (groups != null) {
			for (String name : groups.getNames()) {
				HealthEndpointGroup group = groups.get(name);
				this.groups.put(name, new NameRule(null, group::isMember, group.getStatusAggregator()));
			}
		}
		services.forEach((name, mapping) -> this.services.put(name, serviceRule(name, mapping)));
	}

	private NameRule serviceRule(String name, ServiceMapping mapping) {
		String property = "grpc.health.services[" + name + "]";
		if (name.isEmpty() || name.length() > HealthStatusTable.MAX_NAME_LENGTH) {
			throw new IllegalArgumentException(property + ": a service name must have 1 to "
					+ HealthStatusTable.MAX_NAME_LENGTH + " characters");
		}
		if (mapping.group() != null) {
			if (!mapping.include().isEmpty() || !mapping.exclude().isEmpty()) {
				throw new IllegalArgumentException(
						property + ": set either 'group' or 'include'/'exclude', not both");
			}
			NameRule group = this.groups.get(mapping.group());
			if (group == null) {
				throw new IllegalArgumentException(property + ".group: there is no Actuator health group named '"
						+ mapping.group() + "' (known groups: " + this.groups.keySet() + ")");
			}
			return group;
		}
		if (mapping.include().isEmpty()) {
			throw new IllegalArgumentException(
					property + ": set 'include' (contributor paths, '*' for all) or 'group'");
		}
		return new NameRule(null, ContributorPathPredicate.of(mapping.include(), mapping.exclude()), this.aggregator);
	}

	/**
	 * The names to publish now, in precedence order.
	 * @param tree the contributors as they are now
	 */
	public Map<String, PublishedName> resolve(ContributorTree tree) {
		Map<String, PublishedName> names = new LinkedHashMap<>();
		add(names, "", HealthNameSource.OVERALL, this.overall);
		this.services.forEach((name, rule) -> add(names, name, HealthNameSource.SERVICE_MAPPING, rule));
		this.groups.forEach((name, rule) -> add(names, name, HealthNameSource.GROUP, rule));
		for (String path : tree.paths()) {
			if (this.indicators.test(path)) {
				add(names, path, HealthNameSource.CONTRIBUTOR,
						new NameRule(path, ContributorPathPredicate.all(), this.aggregator));
			}
		}
		for (String service : this.grpcServiceNames.get()) {
			add(names, service, HealthNameSource.GRPC_SERVICE, this.overall);
		}
		return names;
	}

	/** The rule of {@code ""}, which registered gRPC services follow. */
	public NameRule overall() {
		return this.overall;
	}

	private void add(Map<String, PublishedName> names, String name, HealthNameSource source, NameRule rule) {
		if (name.length() > HealthStatusTable.MAX_NAME_LENGTH) {
			if (this.warnedNames.add(name)) {
				logger.warn("Not publishing " + describe(source) + " whose name is longer than "
						+ HealthStatusTable.MAX_NAME_LENGTH + " characters: " + name.substring(0, 100) + "...");
			}
			return;
		}
		PublishedName existing = names.get(name);
		if (existing == null) {
			names.put(name, new PublishedName(name, source, rule));
		}
		else if (existing.source() != source && !isMappingOfARegisteredService(existing.source(), source)
				&& this.warnedNames.add(name)) {
			logger.warn("gRPC health name '" + name + "' is produced by both " + describe(existing.source()) + " and "
					+ describe(source) + "; using " + describe(existing.source()));
		}
	}

	// Mapping a registered gRPC service to what it depends on is what grpc.health.services is for.
	private static boolean isMappingOfARegisteredService(HealthNameSource winner, HealthNameSource loser) {
		return winner == HealthNameSource.SERVICE_MAPPING && loser == HealthNameSource.GRPC_SERVICE;
	}

	private static String describe(HealthNameSource source) {
		return switch (source) {
			case OVERALL -> "the overall status";
			case SERVICE_MAPPING -> "a grpc.health.services entry";
			case GROUP -> "an Actuator health group";
			case CONTRIBUTOR -> "an Actuator health contributor";
			case GRPC_SERVICE -> "a registered gRPC service";
			case APPLICATION -> "application code";
		};
	}

}
