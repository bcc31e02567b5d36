package io.github.healthgrpc.internal.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.healthgrpc.internal.model.HealthGroup;
import io.github.healthgrpc.internal.model.StatusAggregator;
import io.github.healthgrpc.internal.model.StatusCodes;
import io.github.healthgrpc.internal.protocol.HealthStatusTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class HealthNameCatalogTests {

	static final StatusAggregator AGGREGATOR = StatusAggregator.ordered(StatusCodes.DEFAULT_ORDER);

	/** The whole application: every contributor, in the default order. */
	private static final String INDICATORS = "grpc.health.indicators";

	static final HealthGroup PRIMARY = new HealthGroup("", ContributorPathPredicate.all(), AGGREGATOR);

	private final ContributorTree tree = ContributorTree.of(TestContributors.sample().get());

	private final CapturedLogs logs = CapturedLogs.of(HealthNameCatalog.class);

	@AfterEach
	void stopCapturing() {
		this.logs.close();
	}

	@Test
	void publishesOverallServicesGroupsContributorsAndGrpcServicesInThatOrder() {
		HealthNameCatalog catalog = catalog(List.of(include("acme.Echo", "db")), List.of("helloworld.Greeter"));
		assertThat(catalog.resolve(this.tree).keySet()).containsExactly("", "acme.Echo", "readiness", "db", "stores",
				"stores/primary", "stores/secondary", "stores/cache", "stores/cache/local", "helloworld.Greeter");
	}

	@Test
	void eachNameHasItsSource() {
		Map<String, PublishedName> names = catalog(List.of(include("acme.Echo", "db")), List.of("helloworld.Greeter"))
			.resolve(this.tree);
		assertThat(names.get("").source()).isEqualTo(HealthNameSource.OVERALL);
		assertThat(names.get("acme.Echo").source()).isEqualTo(HealthNameSource.SERVICE_MAPPING);
		assertThat(names.get("readiness").source()).isEqualTo(HealthNameSource.GROUP);
		assertThat(names.get("stores/primary").source()).isEqualTo(HealthNameSource.CONTRIBUTOR);
		assertThat(names.get("helloworld.Greeter").source()).isEqualTo(HealthNameSource.GRPC_SERVICE);
	}

	@Test
	void registeredGrpcServicesHaveChangedWhenTheyAreOtherThanTheLastResolveRead() {
		List<String> grpcServices = new ArrayList<>(List.of("helloworld.Greeter"));
		HealthNameCatalog catalog = catalog(List.of(), grpcServices);
		catalog.resolve(this.tree);
		assertThat(catalog.grpcServiceNamesChanged()).isFalse();
		grpcServices.add("acme.Echo");
		assertThat(catalog.grpcServiceNamesChanged()).isTrue();
		catalog.resolve(this.tree);
		assertThat(catalog.grpcServiceNamesChanged()).isFalse();
	}

	@Test
	void registeredGrpcServicesFollowTheOverallStatus() {
		Map<String, PublishedName> names = catalog(List.of(), List.of("helloworld.Greeter")).resolve(this.tree);
		assertThat(names.get("helloworld.Greeter").rule()).isSameAs(names.get("").rule());
	}

	@Test
	void indicatorsSelectionLimitsTheContributorNames() {
		HealthNameCatalog catalog = new HealthNameCatalog(PRIMARY, groups(), overall(Set.of("*"), Set.of()), true,
				INDICATORS, Set.of("stores"), Set.of("stores/cache"), List.of(), List::of);
		assertThat(catalog.resolve(this.tree).keySet()).containsExactly("", "readiness", "stores", "stores/primary",
				"stores/secondary");
	}

	@Test
	void whenSourcesClashTheServiceMappingWinsThenTheGroupThenTheContributorThenTheGrpcService() {
		List<ServiceMapping> services = List.of(include("readiness", "db"), include("db", "stores"));
		HealthNameCatalog catalog = new HealthNameCatalog(PRIMARY, groups("stores"), overall(Set.of("*"), Set.of()),
				true, INDICATORS, Set.of("*"), Set.of(), services, () -> List.of("stores", "db"));
		Map<String, PublishedName> names = catalog.resolve(this.tree);
		assertThat(names.get("readiness").source()).isEqualTo(HealthNameSource.SERVICE_MAPPING);
		assertThat(names.get("db").source()).isEqualTo(HealthNameSource.SERVICE_MAPPING);
		assertThat(names.get("stores").source()).isEqualTo(HealthNameSource.GROUP);
		assertThat(this.logs.lines()).contains("WARN gRPC health name 'stores' is produced by both a health group "
				+ "and a health contributor; using a health group");
	}

	@Test
	void mappingARegisteredGrpcServiceIsNotAClash() {
		HealthNameCatalog catalog = catalog(List.of(include("acme.Echo", "db")), List.of("acme.Echo"));
		assertThat(catalog.resolve(this.tree).get("acme.Echo").source()).isEqualTo(HealthNameSource.SERVICE_MAPPING);
		assertThat(this.logs.count("produced by both")).isZero();
	}

	@Test
	void aClashIsLoggedOnlyOnce() {
		HealthNameCatalog catalog = catalog(List.of(), List.of("db"));
		catalog.resolve(this.tree);
		catalog.resolve(this.tree);
		assertThat(this.logs.count("gRPC health name 'db' is produced by both")).isOne();
	}

	@Test
	void aNameLongerThanTheTableAllowsIsNotPublishedAndSaidOnce() {
		String longName = "x".repeat(HealthStatusTable.MAX_NAME_LENGTH + 1);
		HealthNameCatalog catalog = catalog(List.of(), List.of(longName));
		assertThat(catalog.resolve(this.tree)).doesNotContainKey(longName);
		assertThat(this.logs.count("longer than")).isOne();
		catalog.resolve(this.tree);
		assertThat(this.logs.count("longer than")).isOne();
	}

	@Test
	void namesOfTheLongestLengthTheTableAllowsArePublished() {
		String grpcService = "g".repeat(HealthStatusTable.MAX_NAME_LENGTH);
		String mapped = "m".repeat(HealthStatusTable.MAX_NAME_LENGTH);
		HealthNameCatalog catalog = catalog(List.of(include(mapped, "db")), List.of(grpcService));
		assertThat(catalog.resolve(this.tree)).containsKeys(grpcService, mapped);
		assertThat(this.logs.lines()).isEmpty();
	}

	@Test
	void aServiceCanMirrorAGroup() {
		HealthNameCatalog catalog = catalog(List.of(group("acme.Echo", "readiness")), List.of());
		Map<String, PublishedName> names = catalog.resolve(this.tree);
		assertThat(names.get("acme.Echo").rule()).isSameAs(names.get("readiness").rule());
	}

	@Test
	void anUnknownGroupFailsNamingTheProperty() {
		assertThatIllegalArgumentException().isThrownBy(() -> catalog(List.of(group("acme.Echo", "nope")), List.of()))
			.withMessageContaining("grpc.health.services[acme.Echo].group")
			.withMessageContaining("'nope'");
	}

	@Test
	void groupAndIncludeTogetherFail() {
		ServiceMapping both = new ServiceMapping("acme.Echo", "grpc.health.services[acme.Echo]", Set.of("db"), Set.of(),
				"readiness");
		assertThatIllegalArgumentException().isThrownBy(() -> catalog(List.of(both), List.of()))
			.withMessageContaining("grpc.health.services[acme.Echo]")
			.withMessageContaining("not both");
	}

	@Test
	void aServiceWithoutIncludeOrGroupFails() {
		ServiceMapping neither = new ServiceMapping("acme.Echo", "grpc.health.services[acme.Echo]", Set.of(),
				Set.of("db"), null);
		assertThatIllegalArgumentException().isThrownBy(() -> catalog(List.of(neither), List.of()))
			.withMessageContaining("grpc.health.services[acme.Echo]");
	}

	@Test
	void overallUsesThePrimaryMembershipAndAggregator() {
		HealthGroup primary = new HealthGroup("", ContributorPathPredicate.of(Set.of("db"), Set.of()), AGGREGATOR);
		HealthNameCatalog catalog = new HealthNameCatalog(primary, List.of(), overall(Set.of("*"), Set.of()), true,
				INDICATORS, Set.of("*"), Set.of(), List.of(), List::of);
		assertThat(catalog.resolve(this.tree).get("").rule().members(this.tree)).containsExactly("db");
	}

	@Test
	void overallSelectionNarrowsWhatTheServerWideNameAggregates() {
		HealthNameCatalog catalog = new HealthNameCatalog(PRIMARY, groups(), overall(Set.of("*"), Set.of("stores")),
				true, INDICATORS, Set.of("*"), Set.of(), List.of(), List::of);
		assertThat(catalog.resolve(this.tree).get("").rule().members(this.tree)).containsExactly("db");
	}

	@Test
	void membershipNamingAnExistingPathOrStarPasses() {
		HealthNameCatalog catalog = new HealthNameCatalog(PRIMARY, groups(),
				overall(Set.of("*"), Set.of("stores/cache")), true, INDICATORS, Set.of("stores/primary"), Set.of(),
				List.of(include("acme.Echo", "db")), List::of);
		assertThatNoException().isThrownBy(() -> catalog.validateMembership(this.tree));
	}

	@Test
	void aServiceIncludeThatMatchesNoContributorFailsNamingThePropertyAndTheValue() {
		HealthNameCatalog catalog = catalog(List.of(include("acme.Echo", "dbb")), List.of());
		assertThatIllegalStateException().isThrownBy(() -> catalog.validateMembership(this.tree))
			.withMessageContaining("grpc.health.services[acme.Echo].include")
			.withMessageContaining("'dbb'")
			.withMessageContaining("grpc.health.validate-membership=false");
	}

	@Test
	void everySelectionIsValidated() {
		List<String> failures = new ArrayList<>();
		for (String property : List.of("grpc.health.overall", "grpc.health.indicators")) {
			for (boolean include : List.of(true, false)) {
				Set<String> wrongInclude = include ? Set.of("stores/nope") : Set.of("*");
				Set<String> wrongExclude = include ? Set.of() : Set.of("stores/nope");
				boolean overall = property.equals("grpc.health.overall");
				HealthNameCatalog catalog = overall
						? new HealthNameCatalog(PRIMARY, groups(), overall(wrongInclude, wrongExclude), true,
								INDICATORS, Set.of("*"), Set.of(), List.of(), List::of)
						: new HealthNameCatalog(PRIMARY, groups(), overall(Set.of("*"), Set.of()), true, INDICATORS,
								wrongInclude, wrongExclude, List.of(), List::of);
				assertThatIllegalStateException().isThrownBy(() -> catalog.validateMembership(this.tree))
					.satisfies((ex) -> failures.add(ex.getMessage()));
			}
		}
		assertThat(failures).hasSize(4);
		assertThat(failures.get(0)).startsWith("grpc.health.overall.include contains 'stores/nope'");
		assertThat(failures.get(1)).startsWith("grpc.health.overall.exclude contains 'stores/nope'");
		assertThat(failures.get(2)).startsWith("grpc.health.indicators.include contains 'stores/nope'");
		assertThat(failures.get(3)).startsWith("grpc.health.indicators.exclude contains 'stores/nope'");
	}

	private static ServiceMapping include(String name, String... include) {
		return new ServiceMapping(name, "grpc.health.services[" + name + "]", Set.of(include), Set.of(), null);
	}

	private static ServiceMapping group(String name, String group) {
		return new ServiceMapping(name, "grpc.health.services[" + name + "]", Set.of(), Set.of(), group);
	}

	private HealthNameCatalog catalog(List<ServiceMapping> services, List<String> grpcServices) {
		return new HealthNameCatalog(PRIMARY, groups(), overall(Set.of("*"), Set.of()), true, INDICATORS, Set.of("*"),
				Set.of(), services, () -> grpcServices);
	}

	/** What {@code ""} aggregates, as {@code grpc.health.overall} configures it. */
	static ServiceMapping overall(Set<String> include, Set<String> exclude) {
		return new ServiceMapping("", "grpc.health.overall", include, exclude, null);
	}

	/**
	 * A readiness group of {@code db}, and one group per extra name, of the contributor
	 * of that name.
	 */
	static List<HealthGroup> groups(String... extra) {
		List<HealthGroup> groups = new ArrayList<>();
		groups.add(new HealthGroup("readiness", ContributorPathPredicate.of(Set.of("db"), Set.of()), AGGREGATOR));
		for (String name : extra) {
			groups.add(new HealthGroup(name, ContributorPathPredicate.of(Set.of(name), Set.of()), AGGREGATOR));
		}
		return groups;
	}

}
