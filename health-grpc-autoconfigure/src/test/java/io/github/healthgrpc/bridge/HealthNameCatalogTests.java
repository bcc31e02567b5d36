package io.github.healthgrpc.bridge;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.actuate.health.HealthEndpointGroup;
import org.springframework.boot.actuate.health.HealthEndpointGroups;
import org.springframework.boot.actuate.health.StatusAggregator;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

@ExtendWith(OutputCaptureExtension.class)
class HealthNameCatalogTests {

	private final ContributorTree tree = ContributorTree.of(ContributorTreeTests.registry());

	@Test
	void publishesOverallServicesGroupsContributorsAndGrpcServicesInThatOrder() {
		HealthNameCatalog catalog = catalog(Map.of("acme.Echo", new ServiceMapping(Set.of("db"), null, null)),
				List.of("helloworld.Greeter"));
		assertThat(catalog.resolve(this.tree).keySet()).containsExactly("", "acme.Echo", "readiness", "db", "stores",
				"stores/primary", "stores/secondary", "stores/cache", "stores/cache/local", "helloworld.Greeter");
	}

	@Test
	void eachNameHasItsSource() {
		Map<String, PublishedName> names = catalog(Map.of("acme.Echo", new ServiceMapping(Set.of("db"), null, null)),
				List.of("helloworld.Greeter"))
			.resolve(this.tree);
		assertThat(names.get("").source()).isEqualTo(HealthNameSource.OVERALL);
		assertThat(names.get("acme.Echo").source()).isEqualTo(HealthNameSource.SERVICE_MAPPING);
		assertThat(names.get("readiness").source()).isEqualTo(HealthNameSource.GROUP);
		assertThat(names.get("stores/primary").source()).isEqualTo(HealthNameSource.CONTRIBUTOR);
		assertThat(names.get("helloworld.Greeter").source()).isEqualTo(HealthNameSource.GRPC_SERVICE);
	}

	@Test
	void registeredGrpcServicesFollowTheOverallStatus() {
		HealthNameCatalog catalog = catalog(Map.of(), List.of("helloworld.Greeter"));
		assertThat(catalog.resolve(this.tree).get("helloworld.Greeter").rule()).isSameAs(catalog.overall());
	}

	@Test
	void indicatorsSelectionLimitsTheContributorNames() {
		HealthNameCatalog catalog = new HealthNameCatalog(groups(), StatusAggregator.getDefault(),
				ContributorPathPredicate.all(), ContributorPathPredicate.of(Set.of("stores"), Set.of("stores/cache")),
				Map.of(), List::of);
		assertThat(catalog.resolve(this.tree).keySet()).containsExactly("", "readiness", "stores", "stores/primary",
				"stores/secondary");
	}

	@Test
	void whenSourcesClashTheServiceMappingWinsThenTheGroupThenTheContributorThenTheGrpcService(
			CapturedOutput output) {
		Map<String, ServiceMapping> services = new LinkedHashMap<>();
		services.put("readiness", new ServiceMapping(Set.of("db"), null, null));
		services.put("db", new ServiceMapping(Set.of("stores"), null, null));
		HealthNameCatalog catalog = new HealthNameCatalog(groups("stores"), StatusAggregator.getDefault(),
				ContributorPathPredicate.all(), ContributorPathPredicate.all(), services, () -> List.of("stores", "db"));
		Map<String, PublishedName> names = catalog.resolve(this.tree);
		assertThat(names.get("readiness").source()).isEqualTo(HealthNameSource.SERVICE_MAPPING);
		assertThat(names.get("db").source()).isEqualTo(HealthNameSource.SERVICE_MAPPING);
		assertThat(names.get("stores").source()).isEqualTo(HealthNameSource.GROUP);
		assertThat(output).contains("gRPC health name 'stores' is produced by both an Actuator health group and "
				+ "an Actuator health contributor; using an Actuator health group");
	}

	@Test
	void mappingARegisteredGrpcServiceIsNotAClash(CapturedOutput output) {
		HealthNameCatalog catalog = catalog(Map.of("acme.Echo", new ServiceMapping(Set.of("db"), null, null)),
				List.of("acme.Echo"));
		assertThat(catalog.resolve(this.tree).get("acme.Echo").source()).isEqualTo(HealthNameSource.SERVICE_MAPPING);
		assertThat(output).doesNotContain("produced by both");
	}

	@Test
	void aClashIsLoggedOnlyOnce(CapturedOutput output) {
		HealthNameCatalog catalog = catalog(Map.of(), List.of("db"));
		catalog.resolve(this.tree);
		catalog.resolve(this.tree);
		assertThat(output.toString().split("gRPC health name 'db' is produced by both", -1)).hasSize(2);
	}

	@Test
	void aServiceCanMirrorAGroup() {
		HealthNameCatalog catalog = catalog(Map.of("acme.Echo", new ServiceMapping(null, null, "readiness")), List.of());
		Map<String, PublishedName> names = catalog.resolve(this.tree);
		assertThat(names.get("acme.Echo").rule()).isSameAs(names.get("readiness").rule());
	}

	@Test
	void anUnknownGroupFailsNamingTheProperty() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> catalog(Map.of("acme.Echo", new ServiceMapping(null, null, "nope")), List.of()))
			.withMessageContaining("grpc.health.services[acme.Echo].group")
			.withMessageContaining("'nope'");
	}

	@Test
	void groupAndIncludeTogetherFail() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> catalog(Map.of("acme.Echo", new ServiceMapping(Set.of("db"), null, "readiness")),
					List.of()))
			.withMessageContaining("grpc.health.services[acme.Echo]")
			.withMessageContaining("not both");
	}

	@Test
	void aServiceWithoutIncludeOrGroupFails() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> catalog(Map.of("acme.Echo", new ServiceMapping(null, Set.of("db"), null)), List.of()))
			.withMessageContaining("grpc.health.services[acme.Echo]");
	}

	@Test
	void overallUsesThePrimaryGroupsMembershipAndAggregator() {
		HealthEndpointGroup primary = new TestGroup(ContributorPathPredicate.of(Set.of("db"), Set.of()));
		HealthEndpointGroups groups = HealthEndpointGroups.of(primary, Map.of());
		HealthNameCatalog catalog = new HealthNameCatalog(groups, null, ContributorPathPredicate.all(),
				ContributorPathPredicate.all(), Map.of(), List::of);
		assertThat(catalog.overall().members(this.tree)).containsExactly("db");
	}

	@Test
	void overallSelectionNarrowsWhatTheServerWideNameAggregates() {
		HealthNameCatalog catalog = new HealthNameCatalog(groups(), StatusAggregator.getDefault(),
				ContributorPathPredicate.of(Set.of("*"), Set.of("stores")), ContributorPathPredicate.all(), Map.of(),
				List::of);
		assertThat(catalog.overall().members(this.tree)).containsExactly("db");
	}

	private HealthNameCatalog catalog(Map<String, ServiceMapping> services, List<String> grpcServices) {
		return new HealthNameCatalog(groups(), StatusAggregator.getDefault(), ContributorPathPredicate.all(),
				ContributorPathPredicate.all(), services, () -> grpcServices);
	}

	static HealthEndpointGroups groups(String... extra) {
		Map<String, HealthEndpointGroup> groups = new LinkedHashMap<>();
		groups.put("readiness", new TestGroup(ContributorPathPredicate.of(Set.of("db"), Set.of())));
		for (String name : extra) {
			groups.put(name, new TestGroup(ContributorPathPredicate.of(Set.of(name), Set.of())));
		}
		return HealthEndpointGroups.of(new TestGroup(ContributorPathPredicate.all()), groups);
	}

}
