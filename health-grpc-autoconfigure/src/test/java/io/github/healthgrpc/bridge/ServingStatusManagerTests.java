package io.github.healthgrpc.bridge;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.healthgrpc.protocol.HealthGrpcService;
import io.github.healthgrpc.protocol.HealthServiceSettings;
import io.github.healthgrpc.protocol.HealthStatusTable;
import io.github.healthgrpc.protocol.ServingStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.health.DefaultHealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.actuate.health.StatusAggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class ServingStatusManagerTests {

	private final SwitchableIndicator db = SwitchableIndicator.up();

	private final HealthStatusTable table = new HealthStatusTable();

	private final HealthStatusUpdater updater = new HealthStatusUpdater(
			new DefaultHealthContributorRegistry(Map.<String, HealthContributor>of("db", this.db)),
			new HealthNameCatalog(null, StatusAggregator.getDefault(), ContributorPathPredicate.all(),
					ContributorPathPredicate.all(), Map.of(), List::of),
			new ContributorEvaluator(Duration.ofSeconds(2)), new SimpleServingStatusMapper(), this.table);

	private final ServingStatusManager manager = new ServingStatusManager(this.table,
			new HealthGrpcService(this.table, HealthServiceSettings.defaults()), this.updater);

	@BeforeEach
	void firstCycle() {
		this.updater.refreshNow();
	}

	@AfterEach
	void close() {
		this.updater.close();
	}

	@Test
	void applicationNamesCanBeSetReadAndCleared() {
		this.manager.setServingStatus("batch", ServingStatus.NOT_SERVING);
		assertThat(this.manager.getServingStatus("batch")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(this.manager.getApplicationNames()).containsExactly("batch");
		assertThat(this.manager.getServingStatuses()).containsEntry("batch", ServingStatus.NOT_SERVING)
			.containsEntry("db", ServingStatus.SERVING);
		assertThat(this.manager.clearServingStatus("batch")).isTrue();
		assertThat(this.manager.getServingStatus("batch")).isNull();
		assertThat(this.manager.clearServingStatus("batch")).isFalse();
	}

	@Test
	void applicationNamesSurviveRefreshes() {
		this.manager.setServingStatus("batch", ServingStatus.SERVING);
		this.updater.refreshNow();
		assertThat(this.table.get("batch")).isEqualTo(ServingStatus.SERVING);
	}

	@Test
	void namesPublishedFromActuatorCannotBeSetOrCleared() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.manager.setServingStatus("db", ServingStatus.SERVING))
			.withMessageContaining("'db'")
			.withMessageContaining("grpc.health.services");
		assertThatIllegalArgumentException().isThrownBy(() -> this.manager.clearServingStatus(""));
	}

	@Test
	void refreshReevaluatesAtOnce() {
		this.db.setStatus(Status.DOWN);
		this.manager.refresh();
		await().until(() -> this.table.get("db") == ServingStatus.NOT_SERVING);
	}

	@Test
	void resumeAfterTerminalStateRestoresTheRealStatuses() {
		this.db.setStatus(Status.DOWN);
		this.manager.setServingStatus("batch", ServingStatus.SERVING);
		this.manager.enterTerminalState();
		assertThat(this.manager.isTerminal()).isTrue();
		assertThat(this.manager.getServingStatuses()).allSatisfy((name, status) -> assertThat(status)
			.isEqualTo(ServingStatus.NOT_SERVING));
		this.manager.resume();
		assertThat(this.manager.isTerminal()).isFalse();
		assertThat(this.table.get("batch")).isEqualTo(ServingStatus.SERVING);
		await().until(() -> this.table.get("db") == ServingStatus.NOT_SERVING);
		assertThat(this.table.get("")).isEqualTo(ServingStatus.NOT_SERVING);
	}

}
