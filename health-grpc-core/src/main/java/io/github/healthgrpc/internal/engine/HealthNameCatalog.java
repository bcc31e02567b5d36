package io.github.healthgrpc.internal.engine;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.github.healthgrpc.internal.model.HealthGroup;
import io.github.healthgrpc.internal.model.StatusAggregator;
import io.github.healthgrpc.internal.model.StatusCodes;
import io.github.healthgrpc.internal.protocol.HealthStatusTable;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Decides which names are published and how each is computed: {@code ""}, the configured
 * service mappings, the health groups, the contributor paths and the registered gRPC
 * services. When two produce the same name the earlier {@link HealthNameSource} wins,
 * with a warning logged once.
 */
final class HealthNameCatalog {

	private static final Log logger = LogFactory.getLog(HealthNameCatalog.class);

	private final StatusAggregator aggregator;

	private final NameRule overall;

	// What the registered gRPC services follow: the aggregate "" shows when it follows
	// the indicators.
	private final NameRule server;

	// Kept for validateMembership.
	private final ServiceMapping overallMapping;

	private final String indicatorsProperty;

	private final Set<String> indicatorsInclude;

	private final Set<String> indicatorsExclude;

	private final ContributorPathPredicate indicators;

	private final Map<String, NameRule> services = new LinkedHashMap<>();

	private final List<ServiceMapping> serviceMappings;

	private final Map<String, NameRule> groups = new LinkedHashMap<>();

	private final Supplier<? extends Collection<String>> grpcServiceNames;

	private final Set<String> warnedNames = ConcurrentHashMap.newKeySet();

	// What the last resolve read of the registered gRPC services.
	private volatile Set<String> resolvedGrpcServiceNames = Set.of();

	/**
	 * Creates a catalog.
	 * @param primary the whole application: what {@code ""} aggregates, and the status
	 * order of every name without its own
	 * @param groups the named health groups
	 * @param overall what {@code ""} aggregates within the whole application, with its
	 * own status order and mapping, if any; its name and group are not used
	 * @param overallFollowsIndicators whether {@code ""} follows the indicators at all;
	 * when not, it is {@code SERVING} (the registered gRPC services still follow the
	 * aggregate)
	 * @param indicatorsProperty the property of the contributor paths published under
	 * their own names, named in error messages
	 * @param indicatorsInclude the patterns of those paths to include
	 * @param indicatorsExclude the patterns of those paths to exclude
	 * @param services configured service names and what each aggregates
	 * @param grpcServiceNames the gRPC services registered in the server, read at every
	 * cycle
	 * @throws IllegalArgumentException if a service mapping names an unknown group or is
	 * ambiguous
	 */
	HealthNameCatalog(HealthGroup primary, List<HealthGroup> groups, ServiceMapping overall,
			boolean overallFollowsIndicators, String indicatorsProperty, Set<String> indicatorsInclude,
			Set<String> indicatorsExclude, List<ServiceMapping> services,
			Supplier<? extends Collection<String>> grpcServiceNames) {
		this.aggregator = primary.aggregator();
		// "" is not a configured service name: its patterns only narrow the whole
		// application, and none means all of it.
		Predicate<String> overallMembers = ContributorPathPredicate.of(overall.include(), overall.exclude())
			.and(primary.membership());
		this.server = new NameRule(null, overallMembers, overall.aggregatorOr(this.aggregator), overall.mapper(),
				StatusCodes.UNKNOWN);
		this.overall = overallFollowsIndicators ? this.server : NameRule.fixed(StatusCodes.UP, overall.mapper());
		this.overallMapping = overall;
		this.indicatorsProperty = indicatorsProperty;
		this.indicatorsInclude = Set.copyOf(indicatorsInclude);
		this.indicatorsExclude = Set.copyOf(indicatorsExclude);
		this.indicators = ContributorPathPredicate.of(indicatorsInclude, indicatorsExclude);
		this.grpcServiceNames = grpcServiceNames;
		for (HealthGroup group : groups) {
			this.groups.put(group.name(), new NameRule(null, group.membership(), group.aggregator()));
		}
		this.serviceMappings = List.copyOf(services);
		for (ServiceMapping mapping : services) {
			this.services.put(mapping.name(), serviceRule(mapping));
		}
	}

	private NameRule serviceRule(ServiceMapping mapping) {
		String property = mapping.property();
		if (mapping.name().isEmpty() || mapping.name().length() > HealthStatusTable.MAX_NAME_LENGTH) {
			throw new IllegalArgumentException(
					property + ": a service name must have 1 to " + HealthStatusTable.MAX_NAME_LENGTH + " characters");
		}
		if (mapping.group() != null) {
			if (!mapping.include().isEmpty() || !mapping.exclude().isEmpty()) {
				throw new IllegalArgumentException(property + ": set either 'group' or 'include'/'exclude', not both");
			}
			NameRule group = this.groups.get(mapping.group());
			if (group == null) {
				throw new IllegalArgumentException(property + ".group: there is no health group named '"
						+ mapping.group() + "' (known groups: " + this.groups.keySet() + ")");
			}
			boolean ownPolicy = mapping.aggregator() != null || mapping.mapper() != null;
			return !ownPolicy ? group : new NameRule(null, group.members(), mapping.aggregatorOr(group.aggregator()),
					mapping.mapper(), StatusCodes.UNKNOWN);
		}
		if (mapping.include().isEmpty()) {
			throw new IllegalArgumentException(
					property + ": set 'include' (contributor paths, '*' for all) or 'group'");
		}
		return new NameRule(null, ContributorPathPredicate.of(mapping.include(), mapping.exclude()),
				mapping.aggregatorOr(this.aggregator), mapping.mapper(), StatusCodes.UNKNOWN);
	}

	/**
	 * Checks that every contributor path named in configuration exists, so that a typo
	 * fails start-up instead of leaving a name UNKNOWN forever.
	 * @param tree the contributors as they are now
	 * @throws IllegalStateException naming the property and the value that matches
	 * nothing
	 */
	void validateMembership(ContributorTree tree) {
		check(tree, this.overallMapping.property(), this.overallMapping.include(), this.overallMapping.exclude());
		check(tree, this.indicatorsProperty, this.indicatorsInclude, this.indicatorsExclude);
		for (ServiceMapping mapping : this.serviceMappings) {
			check(tree, mapping.property(), mapping.include(), mapping.exclude());
		}
	}

	private void check(ContributorTree tree, String property, Set<String> include, Set<String> exclude) {
		check(tree, property + ".include", include);
		check(tree, property + ".exclude", exclude);
	}

	private void check(ContributorTree tree, String property, Set<String> patterns) {
		for (String pattern : patterns) {
			String path = pattern.trim();
			if (!path.isEmpty() && !path.equals("*") && !tree.contains(path)) {
				throw new IllegalStateException(property + " contains '" + path
						+ "', which matches no health contributor (known contributors: " + tree.paths()
						+ "; health groups are named with 'group'). Set grpc.health.validate-membership=false if "
						+ "the contributor is registered after start-up.");
			}
		}
	}

	/**
	 * The names to publish now, in precedence order.
	 * @param tree the contributors as they are now
	 */
	Map<String, PublishedName> resolve(ContributorTree tree) {
		Map<String, PublishedName> names = new LinkedHashMap<>();
		add(names, "", HealthNameSource.OVERALL, this.overall);
		for (Map.Entry<String, NameRule> service : this.services.entrySet()) {
			add(names, service.getKey(), HealthNameSource.SERVICE_MAPPING, service.getValue());
		}
		for (Map.Entry<String, NameRule> group : this.groups.entrySet()) {
			add(names, group.getKey(), HealthNameSource.GROUP, group.getValue());
		}
		for (String path : tree.paths()) {
			if (this.indicators.test(path)) {
				add(names, path, HealthNameSource.CONTRIBUTOR,
						new NameRule(path, ContributorPathPredicate.all(), this.aggregator));
			}
		}
		Collection<String> grpcServices = this.grpcServiceNames.get();
		for (String service : grpcServices) {
			add(names, service, HealthNameSource.GRPC_SERVICE, this.server);
		}
		// A copy, as a supplier may hand out a collection that changes: free for the
		// immutable sets the Spring Boot lines supply, which Set.copyOf returns as they
		// are.
		this.resolvedGrpcServiceNames = Set.copyOf(grpcServices);
		return names;
	}

	/**
	 * Whether the registered gRPC services are now other than those the last
	 * {@link #resolve} read: a server may find its services after a first cycle that ran
	 * ahead of start-up.
	 */
	boolean grpcServiceNamesChanged() {
		return !this.resolvedGrpcServiceNames.equals(Set.copyOf(this.grpcServiceNames.get()));
	}

	/**
	 * Logs once that a name is not published because something else owns it.
	 * @param name the name
	 * @param owner who has it
	 * @param loser who also produces it
	 */
	void warnClash(String name, HealthNameSource owner, HealthNameSource loser) {
		if (this.warnedNames.add(name)) {
			logger.warn("gRPC health name '" + name + "' is produced by both " + owner.describe() + " and "
					+ loser.describe() + "; using " + owner.describe());
		}
	}

	private void add(Map<String, PublishedName> names, String name, HealthNameSource source, NameRule rule) {
		if (name.length() > HealthStatusTable.MAX_NAME_LENGTH) {
			if (this.warnedNames.add(name)) {
				logger.warn("Not publishing " + source.describe() + " whose name is longer than "
						+ HealthStatusTable.MAX_NAME_LENGTH + " characters: " + name.substring(0, 100) + "...");
			}
			return;
		}
		PublishedName existing = names.get(name);
		if (existing == null) {
			names.put(name, new PublishedName(name, source, rule));
		}
		else if (existing.source() != source && !isMappingOfARegisteredService(existing.source(), source)) {
			warnClash(name, existing.source(), source);
		}
	}

	// Mapping a registered gRPC service to what it depends on is what
	// grpc.health.services is for.
	private static boolean isMappingOfARegisteredService(HealthNameSource winner, HealthNameSource loser) {
		return winner == HealthNameSource.SERVICE_MAPPING && loser == HealthNameSource.GRPC_SERVICE;
	}

}
