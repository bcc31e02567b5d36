package io.github.healthgrpc.bridge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.healthgrpc.protocol.HealthStatusTable;
import io.github.healthgrpc.protocol.ServingStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.DefaultHealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.actuate.health.StatusAggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class HealthStatusUpdaterTests {

	private final SwitchableIndicator db = SwitchableIndicator.up();

	private final SwitchableIndicator primary = SwitchableIndicator.up();

	private final SwitchableIndicator secondary = SwitchableIndicator.up();

	private final DefaultHealthContributorRegistry registry = new DefaultHealthContributorRegistry(contributors());

	private final HealthStatusTable table = new HealthStatusTable();

	private final List<String> grpcServices = new ArrayList<>(List.of("helloworld.Greeter"));

	private final HealthStatusUpdater updater = new HealthStatusUpdater(this.registry,
			new HealthNameCatalog(HealthNameCatalogTests.groups(), StatusAggregator.getDefault(),
					ContributorPathPredicate.all(), ContributorPathPredicate.all(),
					Map.of("acme.Echo", new ServiceMapping(Set.of("stores/primary"), null, null)),
					() -> List.copyOf(this.grpcServices)),
			new ContributorEvaluator(Duration.ofSeconds(2)), new SimpleServingStatusMapper(), this.table);

	@AfterEach
	void close() {
		this.updater.close();
	}

	@Test
	void aCyclePublishesEveryNameWithItsStatus() {
		this.secondary.setStatus(Status.DOWN);
		this.updater.refreshNow();
		assertThat(this.table.snapshot()).containsExactlyInAnyOrderEntriesOf(Map.of("", ServingStatus.NOT_SERVING,
				"acme.Echo", ServingStatus.SERVING, "readiness", ServingStatus.SERVING, "db", ServingStatus.SERVING,
				"stores", ServingStatus.NOT_SERVING, "stores/primary", ServingStatus.SERVING, "stores/secondary",
				ServingStatus.NOT_SERVING, "helloworld.Greeter", ServingStatus.NOT_SERVING));
	}

	@Test
	void eachIndicatorIsEvaluatedOncePerCycleHoweverManyNamesUseIt() {
		this.updater.refreshNow();
		this.updater.refreshNow();
		assertThat(this.db.calls()).isEqualTo(2);
		assertThat(this.primary.calls()).isEqualTo(2);
	}

	@Test
	void indicatorsNoNameNeedsAreNotEvaluated() {
		HealthStatusUpdater narrow = new HealthStatusUpdater(this.registry,
				new HealthNameCatalog(null, StatusAggregator.getDefault(), ContributorPathPredicate.of(Set.of("db"), null),
						ContributorPathPredicate.of(Set.of("db"), null), Map.of(), List::of),
				new ContributorEvaluator(Duration.ofSeconds(2)), new SimpleServingStatusMapper(), this.table);
		try {
			narrow.refreshNow();
			assertThat(this.db.calls()).isEqualTo(1);
			assertThat(this.primary.calls()).isZero();
		}
		finally {
			narrow.close();
		}
	}

	@Test
	void changesArePublishedOnTheNextCycle() {
		this.updater.refreshNow();
		this.db.setStatus(Status.OUT_OF_SERVICE);
		assertThat(this.table.get("db")).isEqualTo(ServingStatus.SERVING);
		this.updater.refreshNow();
		assertThat(this.table.get("db")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(this.table.get("")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(this.table.get("acme.Echo")).isEqualTo(ServingStatus.SERVING);
	}

	@Test
	void contributorsRemovedAtRunTimeAreCleared() {
		this.updater.refreshNow();
		this.registry.unregisterContributor("stores");
		this.updater.refreshNow();
		assertThat(this.table.snapshot()).doesNotContainKeys("stores", "stores/primary", "stores/secondary");
		assertThat(this.table.get("db")).isEqualTo(ServingStatus.SERVING);
	}

	@Test
	void contributorsAddedAtRunTimeArePublished() {
		this.updater.refreshNow();
		this.registry.registerContributor("redis", SwitchableIndicator.down());
		this.updater.refreshNow();
		assertThat(this.table.get("redis")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(this.table.get("")).isEqualTo(ServingStatus.NOT_SERVING);
	}

	@Test
	void periodicCyclesFollowTheIndicators() {
		this.updater.refreshNow();
		this.updater.start(Duration.ofMillis(20));
		this.db.setStatus(Status.DOWN);
		await().until(() -> this.table.get("db") == ServingStatus.NOT_SERVING);
		this.db.setStatus(Status.UP);
		await().until(() -> this.table.get("db") == ServingStatus.SERVING);
		assertThat(this.updater.isRunning()).isTrue();
		this.updater.stop();
		assertThat(this.updater.isRunning()).isFalse();
	}

	@Test
	void aRequestedRefreshRunsInTheBackground() {
		this.updater.refreshNow();
		this.db.setStatus(Status.DOWN);
		this.updater.requestRefresh();
		await().until(() -> this.table.get("db") == ServingStatus.NOT_SERVING);
	}

	@Test
	void aConditionalRefreshWaitsForItsCondition() {
		this.updater.refreshNow();
		this.db.setStatus(Status.DOWN);
		int before = this.db.calls();
		java.util.concurrent.atomic.AtomicBoolean ready = new java.util.concurrent.atomic.AtomicBoolean();
		this.updater.requestRefreshWhen(ready::get, Duration.ofSeconds(30));
		assertThat(this.db.calls()).isEqualTo(before);
		assertThat(this.table.get("db")).isEqualTo(ServingStatus.SERVING);
		ready.set(true);
		await().until(() -> this.table.get("db") == ServingStatus.NOT_SERVING);
	}

	@Test
	void aHungIndicatorIsDownForItsNamesOnlyWhileOthersUpdate() {
		ContributorEvaluator fast = new ContributorEvaluator(Duration.ofMillis(100));
		HealthStatusUpdater updater = new HealthStatusUpdater(this.registry,
				new HealthNameCatalog(null, StatusAggregator.getDefault(), ContributorPathPredicate.all(),
						ContributorPathPredicate.all(), Map.of(), List::of),
				fast, new SimpleServingStatusMapper(), this.table);
		try {
			this.secondary.block();
			updater.refreshNow();
			assertThat(this.table.get("stores/secondary")).isEqualTo(ServingStatus.NOT_SERVING);
			assertThat(this.table.get("db")).isEqualTo(ServingStatus.SERVING);
			this.db.setStatus(Status.DOWN);
			updater.refreshNow();
			assertThat(this.table.get("db")).isEqualTo(ServingStatus.NOT_SERVING);
			assertThat(this.secondary.calls()).isEqualTo(1);
		}
		finally {
			this.secondary.release();
			updater.close();
		}
	}

	@Test
	void theLastEvaluationTellsStatusesAndIndicatorResults() {
		this.db.setStatus(Status.DOWN);
		HealthStatusUpdater.Evaluation evaluation = this.updater.refreshNow();
		assertThat(evaluation.names().get("db").actuatorStatus()).isEqualTo(Status.DOWN);
		assertThat(evaluation.names().get("db").servingStatus()).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(evaluation.indicators().get("db").outcome()).isEqualTo(EvaluationOutcome.DOWN);
		assertThat(this.updater.lastEvaluation()).isSameAs(evaluation);
		assertThat(this.updater.publishedNames()).contains("", "db", "helloworld.Greeter");
	}

	@Test
	void grpcServicesAreReadAtEveryCycle() {
		this.updater.refreshNow();
		this.grpcServices.add("acme.Other");
		this.updater.refreshNow();
		assertThat(this.table.get("acme.Other")).isEqualTo(ServingStatus.SERVING);
	}

	private Map<String, HealthContributor> contributors() {
		Map<String, HealthContributor> stores = new LinkedHashMap<>();
		stores.put("primary", this.primary);
		stores.put("secondary", this.secondary);
		Map<String, HealthContributor> contributors = new LinkedHashMap<>();
		contributors.put("db", this.db);
		contributors.put("stores", CompositeHealthContributor.fromMap(stores));
		return contributors;
	}

}
