package io.github.healthgrpc.internal.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.github.healthgrpc.ServingStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.github.healthgrpc.internal.engine.TestContributors.indicator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The first cycle begun early ({@link HealthEngine#prepare()}): it runs in the
 * background, and {@link HealthEngine#start} waits for it instead of running another.
 */
class HealthEngineFirstCycleTests {

	private final TestIndicator db = TestIndicator.up();

	private final List<String> grpcServices = new CopyOnWriteArrayList<>();

	private final HealthEngine engine = HealthEngine.builder(new TestContributors(indicator("db", this.db)))
		.grpcServiceNames(() -> this.grpcServices)
		.build();

	@AfterEach
	void close() {
		this.db.release();
		this.engine.close();
	}

	@Test
	void prepareRunsTheFirstCycleInTheBackgroundAndStartWaitsForIt() {
		this.db.block();
		AtomicReference<String> evaluatingThread = new AtomicReference<>();
		this.engine
			.addEvaluationListener((previous, current) -> evaluatingThread.set(Thread.currentThread().getName()));

		this.engine.prepare();
		await().until(() -> this.db.calls() == 1);
		CompletableFuture<Void> start = CompletableFuture.runAsync(() -> this.engine.start(Duration.ofHours(1)));

		assertThat(this.engine.statusTable().get("db")).isNull();
		assertThat(start).isNotDone();
		this.db.release();
		start.join();
		assertThat(this.engine.statusTable().get("db")).isEqualTo(ServingStatus.SERVING);
		assertThat(this.db.calls()).as("start ran no cycle of its own").isOne();
		assertThat(evaluatingThread.get()).startsWith("grpc-health-refresh");
		assertThat(this.engine.isRunning()).isTrue();
	}

	@Test
	void registeredServicesFoundAfterThePreparedCycleAreInTheTableWhenStartReturns() {
		// net.devh finds the services while beans are created, maybe after the first
		// cycle read them.
		this.engine.prepare();
		await().until(() -> this.engine.lastEvaluation() != Evaluation.NONE);
		this.grpcServices.add("helloworld.Greeter");

		this.engine.start(Duration.ofHours(1));

		assertThat(this.engine.statusTable().get("helloworld.Greeter")).isEqualTo(ServingStatus.SERVING);
		assertThat(this.db.calls()).as("the prepared cycle and one more").isEqualTo(2);
	}

	@Test
	void registeredServicesUnchangedSinceThePreparedCycleCostNoFurtherCycle() {
		this.grpcServices.add("helloworld.Greeter");
		this.engine.prepare();
		await().until(() -> this.engine.lastEvaluation() != Evaluation.NONE);

		this.engine.start(Duration.ofHours(1));

		assertThat(this.engine.statusTable().get("helloworld.Greeter")).isEqualTo(ServingStatus.SERVING);
		assertThat(this.db.calls()).as("the prepared cycle only").isOne();
	}

	@Test
	void aListenerAddedAfterACycleIsToldOfTheLastOneAtOnceThenOfEveryCycle() {
		List<Evaluation[]> heard = new CopyOnWriteArrayList<>();
		this.engine.refreshNow();
		Evaluation first = this.engine.lastEvaluation();

		this.engine.addEvaluationListener((previous, current) -> heard.add(new Evaluation[] { previous, current }));
		assertThat(heard).hasSize(1);
		assertThat(heard.get(0)).containsExactly(Evaluation.NONE, first);

		this.engine.refreshNow();
		assertThat(heard).hasSize(2);
		assertThat(heard.get(1)[0]).isSameAs(first);
	}

	@Test
	void aListenerAddedWhileTheFirstCycleRunsIsAddedAtOnceAndHearsThatCycle() {
		// Beans that add listeners (the metrics) are created while the first cycle runs:
		// adding one must not wait for the application's indicators.
		this.db.block();
		this.engine.prepare();
		await().until(() -> this.db.calls() == 1);
		List<Evaluation> heard = new CopyOnWriteArrayList<>();

		CompletableFuture<Void> adding = CompletableFuture
			.runAsync(() -> this.engine.addEvaluationListener((previous, current) -> heard.add(current)));

		await().until(adding::isDone);
		assertThat(heard).isEmpty();
		this.db.release();
		this.engine.start(Duration.ofHours(1));
		assertThat(heard).hasSize(1);
		assertThat(heard.get(0)).isSameAs(this.engine.lastEvaluation());
	}

	@Test
	void aListenerAddedBeforeAnyCycleHearsNothingUntilOne() {
		List<Evaluation> heard = new CopyOnWriteArrayList<>();
		this.engine.addEvaluationListener((previous, current) -> heard.add(current));
		assertThat(heard).isEmpty();

		this.engine.refreshNow();
		assertThat(heard).hasSize(1);
	}

	@Test
	void prepareTwiceBeginsOneCycle() {
		this.engine.prepare();
		this.engine.prepare();
		this.engine.start(Duration.ofHours(1));

		assertThat(this.db.calls()).isOne();
	}

	@Test
	void prepareAfterStartDoesNothing() {
		this.engine.start(Duration.ofHours(1));
		this.engine.prepare();
		this.engine.refreshNow();

		assertThat(this.db.calls()).as("the first cycle and the one asked for here").isEqualTo(2);
	}

	@Test
	void aFirstCycleThatFailedInTheBackgroundFailsStartAsIfItHadRunThere() {
		IllegalStateException failure = new IllegalStateException("contributors unavailable");
		try (HealthEngine failingEngine = engineWhoseCyclesFail(() -> {
			throw failure;
		})) {
			failingEngine.prepare();

			assertThatIllegalStateException().isThrownBy(() -> failingEngine.start(Duration.ofHours(1)))
				.isSameAs(failure);
			assertThat(failingEngine.isRunning()).isFalse();
		}
	}

	@Test
	void anErrorOfTheFirstCycleInTheBackgroundIsRethrownByStartAsItIs() {
		AssertionError failure = new AssertionError("broken contributor");
		try (HealthEngine failingEngine = engineWhoseCyclesFail(() -> {
			throw failure;
		})) {
			failingEngine.prepare();

			assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> failingEngine.start(Duration.ofHours(1)))
				.isSameAs(failure);
		}
	}

	@Test
	void aStartInterruptedWhileWaitingFailsAndKeepsTheInterrupt() {
		this.db.block();
		this.engine.prepare();
		await().until(() -> this.db.calls() == 1);

		Thread.currentThread().interrupt();
		try {
			assertThatIllegalStateException().isThrownBy(() -> this.engine.start(Duration.ofHours(1)))
				.withMessage("Interrupted while waiting for the first gRPC health evaluation");
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
		assertThat(this.engine.isRunning()).isFalse();
	}

	/**
	 * An engine whose contributor source fails in every cycle (building the engine reads
	 * it once, and succeeds).
	 */
	private static HealthEngine engineWhoseCyclesFail(Runnable failure) {
		AtomicBoolean built = new AtomicBoolean();
		HealthEngine engine = HealthEngine.builder(() -> {
			if (built.get()) {
				failure.run();
			}
			return List.of();
		}).build();
		built.set(true);
		return engine;
	}

}
