package io.github.healthgrpc.internal.engine;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.ServingStatusMapper;
import io.github.healthgrpc.internal.model.StatusAggregator;
import io.github.healthgrpc.internal.model.StatusCodes;
import io.github.healthgrpc.internal.protocol.HealthStatusTable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.github.healthgrpc.internal.engine.TestContributors.indicator;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A name's own status order and mapping (of its {@link ServiceMapping}), and {@code ""}
 * that follows no indicator.
 */
class OwnStatusOrderAndMappingTests {

	private static final StatusAggregator DEGRADED_FIRST = StatusAggregator.ordered(List.of("DEGRADED", "DOWN", "UP"));

	private static final ServingStatusMapper DEGRADED_NOT_SERVING = new SimpleServingStatusMapper(
			Map.of("DEGRADED", ServingStatus.NOT_SERVING), new SimpleServingStatusMapper());

	private final TestIndicator db = TestIndicator.up();

	private final TestIndicator cache = TestIndicator.up();

	private final TestContributors contributors = new TestContributors(indicator("db", this.db),
			indicator("cache", this.cache));

	private HealthEngine engine = engine(null, null, true);

	@AfterEach
	void close() {
		this.engine.close();
	}

	@Test
	void aServiceWithItsOwnOrderAggregatesByIt() {
		this.db.setStatus(StatusCodes.DOWN);
		this.cache.setStatus("DEGRADED");
		this.engine.refreshNow();
		// DEGRADED maps to SERVING by default: the default order makes db's DOWN win.
		assertThat(statuses()).containsEntry("acme.Default", ServingStatus.NOT_SERVING)
			.containsEntry("acme.Ordered", ServingStatus.SERVING);
	}

	@Test
	void aServiceWithItsOwnMappingMapsByItAndLeavesOtherCodesToTheApplicationsMapping() {
		this.cache.setStatus("DEGRADED");
		this.engine.refreshNow();
		assertThat(statuses()).containsEntry("acme.Mapped", ServingStatus.NOT_SERVING)
			.containsEntry("acme.Ordered", ServingStatus.SERVING);
		this.cache.setStatus(StatusCodes.UP);
		this.engine.refreshNow();
		assertThat(statuses()).containsEntry("acme.Mapped", ServingStatus.SERVING);
		this.db.setStatus(StatusCodes.DOWN);
		this.engine.refreshNow();
		assertThat(statuses()).containsEntry("acme.Mapped", ServingStatus.NOT_SERVING);
	}

	@Test
	void aServiceMirroringAGroupWithItsOwnMappingKeepsTheGroupsMembersAndTheGroupItsOwnStatus() {
		this.cache.setStatus("DEGRADED");
		this.engine.refreshNow();
		// The group's own order does not know DEGRADED.
		assertThat(statuses()).containsEntry("acme.Cached", ServingStatus.NOT_SERVING)
			.containsEntry("cache", ServingStatus.UNKNOWN);
		this.cache.setStatus(StatusCodes.UP);
		this.db.setStatus(StatusCodes.DOWN);
		this.engine.refreshNow();
		assertThat(statuses()).containsEntry("acme.Cached", ServingStatus.SERVING);
	}

	@Test
	void theOverallNameHasItsOwnOrderAndMappingAndTheRegisteredServicesFollowIt() {
		this.engine.close();
		this.engine = engine(StatusAggregator.ordered(List.of("DEGRADED", "DOWN", "UP")), DEGRADED_NOT_SERVING, true);
		this.cache.setStatus("DEGRADED");
		this.db.setStatus(StatusCodes.DOWN);
		this.engine.refreshNow();
		assertThat(this.engine.lastEvaluation().names().get("").statusCode()).isEqualTo("DEGRADED");
		assertThat(statuses()).containsEntry("", ServingStatus.NOT_SERVING)
			.containsEntry("helloworld.Greeter", ServingStatus.NOT_SERVING);
		this.db.setStatus(StatusCodes.UP);
		this.engine.refreshNow();
		assertThat(statuses()).containsEntry("", ServingStatus.NOT_SERVING)
			.containsEntry("acme.Default", ServingStatus.SERVING);
	}

	@Test
	void anOverallNameThatFollowsNoIndicatorIsServingUntilTerminalStateWhileTheRegisteredServicesFollowTheAggregate() {
		this.engine.close();
		this.engine = engine(null, null, false);
		this.db.setStatus(StatusCodes.DOWN);
		this.engine.refreshNow();
		assertThat(statuses()).containsEntry("", ServingStatus.SERVING)
			.containsEntry("helloworld.Greeter", ServingStatus.NOT_SERVING);
		this.engine.enterTerminalState();
		assertThat(statuses()).containsEntry("", ServingStatus.NOT_SERVING);
	}

	private HealthEngine engine(@Nullable StatusAggregator overallOrder, @Nullable ServingStatusMapper overallMapper,
			boolean overallFollowsIndicators) {
		return HealthEngine.builder(this.contributors)
			.groups(HealthNameCatalogTests.PRIMARY, HealthNameCatalogTests.groups("cache"))
			.overall(new ServiceMapping("", "grpc.health.overall", Set.of("*"), Set.of(), null, overallOrder,
					overallMapper), overallFollowsIndicators)
			.services(List.of(mapping("acme.Default", null, null), mapping("acme.Ordered", DEGRADED_FIRST, null),
					mapping("acme.Mapped", DEGRADED_FIRST, DEGRADED_NOT_SERVING),
					new ServiceMapping("acme.Cached", "grpc.health.services[acme.Cached]", Set.of(), Set.of(), "cache",
							DEGRADED_FIRST, DEGRADED_NOT_SERVING)))
			.grpcServiceNames(() -> List.of("helloworld.Greeter"))
			.build();
	}

	private static ServiceMapping mapping(String name, @Nullable StatusAggregator order,
			@Nullable ServingStatusMapper mapper) {
		return new ServiceMapping(name, "grpc.health.services[" + name + "]", Set.of("db", "cache"), Set.of(), null,
				order, mapper);
	}

	private Map<String, ServingStatus> statuses() {
		HealthStatusTable table = this.engine.statusTable();
		return table.snapshot();
	}

}
