package io.github.healthgrpc.internal.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.github.healthgrpc.internal.model.HealthCheck;
import io.github.healthgrpc.internal.model.StatusCodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class IndicatorRunnerTests {

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final IndicatorRunner runner = new IndicatorRunner(Duration.ofMillis(200), this.threads, Clock.systemUTC());

	private final TestIndicator db = TestIndicator.up();

	private final TestIndicator redis = TestIndicator.down();

	@AfterEach
	void close() {
		this.db.release();
		this.redis.release();
		this.threads.shutdownNow();
	}

	@Test
	void returnsEachIndicatorsStatusAndOutcome() {
		Map<String, IndicatorResult> results = this.runner.run(indicators());
		assertThat(results).containsOnlyKeys("db", "redis");
		assertThat(results.get("db").status()).isEqualTo(StatusCodes.UP);
		assertThat(results.get("db").outcome()).isEqualTo(EvaluationOutcome.UP);
		assertThat(results.get("db").reason()).isNull();
		assertThat(results.get("redis").status()).isEqualTo(StatusCodes.DOWN);
		assertThat(results.get("redis").outcome()).isEqualTo(EvaluationOutcome.DOWN);
		assertThat(results.get("redis").reason()).isEqualTo("status DOWN");
	}

	@Test
	void aThrowingIndicatorIsDownWithItsMessageAndOthersAreUnaffected() {
		this.redis.failWith(new IllegalStateException("connection refused"));
		Map<String, IndicatorResult> results = this.runner.run(indicators());
		assertThat(results.get("redis").status()).isEqualTo(StatusCodes.DOWN);
		assertThat(results.get("redis").outcome()).isEqualTo(EvaluationOutcome.ERROR);
		assertThat(results.get("redis").reason()).isEqualTo("IllegalStateException: connection refused");
		assertThat(results.get("db").status()).isEqualTo(StatusCodes.UP);
	}

	@Test
	void aSlowIndicatorTimesOutAsDownAndOthersAreUnaffected() {
		this.redis.setStatus(StatusCodes.UP);
		this.redis.block();
		Map<String, IndicatorResult> results = this.runner.run(indicators());
		assertThat(results.get("redis").status()).isEqualTo(StatusCodes.DOWN);
		assertThat(results.get("redis").outcome()).isEqualTo(EvaluationOutcome.TIMEOUT);
		assertThat(results.get("redis").reason()).isEqualTo("timed out after 200ms");
		assertThat(results.get("db").outcome()).isEqualTo(EvaluationOutcome.UP);
	}

	@Test
	void aHungIndicatorIsNotCalledAgainUntilItReturns() {
		this.redis.setStatus(StatusCodes.UP);
		this.redis.block();
		this.runner.run(indicators());
		for (int cycle = 0; cycle < 3; cycle++) {
			IndicatorResult result = this.runner.run(indicators()).get("redis");
			assertThat(result.outcome()).isEqualTo(EvaluationOutcome.TIMEOUT);
			assertThat(result.reason()).startsWith("still running after ");
		}
		assertThat(this.redis.calls()).isEqualTo(1);
		assertThat(this.db.calls()).isEqualTo(4);
		assertThat(this.runner.run(indicators()).get("redis").duration()).isPositive()
			.isLessThan(Duration.ofMinutes(1));
		assertThat(this.runner.inFlightCount()).isEqualTo(1);
		this.redis.release();
		await().until(() -> this.runner.inFlightCount() == 0);
		assertThat(this.runner.run(indicators()).get("redis").status()).isEqualTo(StatusCodes.UP);
		assertThat(this.redis.calls()).isEqualTo(2);
	}

	@Test
	void theSameIndicatorUnderTwoPathsIsCalledOncePerRun() {
		Map<String, HealthCheck> indicators = new LinkedHashMap<>();
		indicators.put("db", this.db);
		indicators.put("stores/db", this.db);
		this.db.block();
		Map<String, IndicatorResult> results = this.runner.run(indicators);
		assertThat(results.get("db").outcome()).isEqualTo(EvaluationOutcome.TIMEOUT);
		assertThat(results.get("stores/db").outcome()).isEqualTo(EvaluationOutcome.TIMEOUT);
		assertThat(this.db.calls()).isEqualTo(1);
	}

	@Test
	void anIndicatorThatCouldNotBeStartedIsDownAndNotLeftInFlight() {
		this.threads.shutdownNow();
		IndicatorResult result = this.runner.run(indicators()).get("db");
		assertThat(result.outcome()).isEqualTo(EvaluationOutcome.ERROR);
		assertThat(result.reason()).startsWith("no thread free");
		assertThat(this.runner.inFlightCount()).isZero();
	}

	@Test
	void noHealthIsUnknown() {
		IndicatorResult result = this.runner.run(Map.of("nothing", TestIndicator.returningNothing())).get("nothing");
		assertThat(result.status()).isEqualTo(StatusCodes.UNKNOWN);
		assertThat(result.reason()).isEqualTo("returned no health");
	}

	@Test
	void resultsKeepTheOrderOfTheIndicators() {
		assertThat(this.runner.run(indicators()).keySet()).containsExactly("db", "redis");
	}

	@Test
	void aTimeoutMustBePositive() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new IndicatorRunner(Duration.ZERO, this.threads, Clock.systemUTC()))
			.withMessageContaining("positive");
	}

	@Test
	void aCallerInterruptedWhileWaitingGetsDownAndKeepsItsInterrupt() throws InterruptedException {
		IndicatorRunner patient = new IndicatorRunner(Duration.ofMinutes(10), this.threads, Clock.systemUTC());
		this.redis.block();
		AtomicReference<IndicatorResult> result = new AtomicReference<>();
		AtomicBoolean stillInterrupted = new AtomicBoolean();
		Thread caller = new Thread(() -> {
			result.set(patient.run(indicators()).get("redis"));
			stillInterrupted.set(Thread.currentThread().isInterrupted());
		});
		caller.start();
		await().until(() -> this.redis.calls() == 1 && caller.getState() == Thread.State.TIMED_WAITING);
		caller.interrupt();
		caller.join(10_000);
		assertThat(result.get().outcome()).isEqualTo(EvaluationOutcome.ERROR);
		assertThat(result.get().reason()).isEqualTo("interrupted");
		assertThat(stillInterrupted).isTrue();
	}

	@Test
	void durationsArePrintedInWholeSecondsOrMilliseconds() {
		assertThat(Durations.print(Duration.ofSeconds(2))).isEqualTo("2s");
		assertThat(Durations.print(Duration.ofMillis(1500))).isEqualTo("1500ms");
		assertThat(Durations.print(Duration.ofMillis(200))).isEqualTo("200ms");
		assertThat(Durations.print(Duration.ZERO)).isEqualTo("0ms");
	}

	private Map<String, HealthCheck> indicators() {
		Map<String, HealthCheck> indicators = new LinkedHashMap<>();
		indicators.put("db", this.db);
		indicators.put("redis", this.redis);
		return indicators;
	}

}
