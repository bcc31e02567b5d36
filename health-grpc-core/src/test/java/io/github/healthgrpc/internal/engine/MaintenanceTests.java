package io.github.healthgrpc.internal.engine;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.internal.model.StatusCodes;
import io.github.healthgrpc.internal.protocol.HealthStatusTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.github.healthgrpc.internal.engine.TestContributors.indicator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Maintenance: an operator takes one name, or the whole instance, out of rotation without
 * a restart; refreshes never end it; it is refused once shutdown has begun.
 */
class MaintenanceTests {

	private final TestIndicator db = TestIndicator.up();

	private final HealthEngine engine = HealthEngine.builder(new TestContributors(indicator("db", this.db)))
		.services(List
			.of(new ServiceMapping("acme.Echo", "grpc.health.services[acme.Echo]", Set.of("db"), Set.of(), null)))
		.build();

	private final HealthStatusTable table = this.engine.statusTable();

	@AfterEach
	void close() {
		this.engine.close();
	}

	@Test
	void aNameInMaintenanceIsNotServingWhateverItsIndicatorsSayUntilItLeaves() {
		this.engine.refreshNow();
		assertThat(this.engine.enterMaintenance("acme.Echo")).isTrue();
		assertThat(this.table.get("acme.Echo")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(this.table.get("db")).isEqualTo(ServingStatus.SERVING);
		this.engine.refreshNow();
		assertThat(this.table.get("acme.Echo")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(this.engine.maintenanceNames()).containsExactly("acme.Echo");
		this.db.setStatus(StatusCodes.DOWN);
		this.engine.refreshNow();
		this.db.setStatus(StatusCodes.UP);
		assertThat(this.engine.exitMaintenance("acme.Echo")).isTrue();
		// The real status, refreshed at once: not what was recorded while it was held.
		await().atMost(Duration.ofSeconds(5)).until(() -> this.table.get("acme.Echo") == ServingStatus.SERVING);
		assertThat(this.engine.maintenanceNames()).isEmpty();
	}

	@Test
	void anUnknownNameIsNotPutInMaintenance() {
		this.engine.refreshNow();
		assertThat(this.engine.enterMaintenance("acme.Missing")).isFalse();
		assertThat(this.engine.exitMaintenance("acme.Missing")).isFalse();
		assertThat(this.engine.maintenanceNames()).isEmpty();
	}

	@Test
	void theWholeInstanceInMaintenanceIsTerminalStateAndItsOwnNamesStayInMaintenanceAfterIt() {
		this.engine.refreshNow();
		this.engine.enterMaintenance("acme.Echo");
		this.engine.enterMaintenance();
		assertThat(this.engine.isTerminal()).isTrue();
		assertThat(this.table.snapshot()).containsOnlyKeys("", "acme.Echo", "db")
			.allSatisfy((name, status) -> assertThat(status).isEqualTo(ServingStatus.NOT_SERVING));
		this.engine.exitMaintenance();
		assertThat(this.table.get("db")).isEqualTo(ServingStatus.SERVING);
		assertThat(this.table.get("acme.Echo")).isEqualTo(ServingStatus.NOT_SERVING);
	}

	@Test
	void maintenanceIsRefusedOnceShutdownHasBegunAndShutdownGoesThroughIt() {
		this.engine.refreshNow();
		this.engine.enterMaintenance("acme.Echo");
		this.engine.shutdown(Duration.ZERO, true);
		assertThat(this.table.snapshot())
			.allSatisfy((name, status) -> assertThat(status).isEqualTo(ServingStatus.NOT_SERVING));
		assertThatIllegalStateException().isThrownBy(() -> this.engine.exitMaintenance("acme.Echo"));
		assertThatIllegalStateException().isThrownBy(() -> this.engine.enterMaintenance("db"));
		assertThatIllegalStateException().isThrownBy(this.engine::exitMaintenance);
	}

	@Test
	void aNameRemovedWhileInMaintenanceStaysNotServingUntilItLeavesAndWatchersAreToldEachStep() {
		HealthStatusTable table = new HealthStatusTable();
		List<ServingStatus> told = new java.util.concurrent.CopyOnWriteArrayList<>();
		table.set("batch", ServingStatus.SERVING);
		table.subscribe("batch", (status) -> told.add(status), 10);
		table.enterMaintenance("batch");
		table.set("batch", ServingStatus.SERVING);
		table.clear("batch");
		assertThat(table.get("batch")).isEqualTo(ServingStatus.NOT_SERVING);
		table.exitMaintenance("batch");
		assertThat(table.get("batch")).isNull();
		assertThat(told).containsExactly(ServingStatus.SERVING, ServingStatus.NOT_SERVING, null);
	}

}
