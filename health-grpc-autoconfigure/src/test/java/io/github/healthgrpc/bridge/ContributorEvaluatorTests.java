package io.github.healthgrpc.bridge;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class ContributorEvaluatorTests {

	private final ContributorEvaluator evaluator = new ContributorEvaluator(Duration.ofMillis(200));

	private final SwitchableIndicator db = SwitchableIndicator.up();

	private final SwitchableIndicator redis = SwitchableIndicator.down();

	@AfterEach
	void close() {
		this.db.release();
		this.redis.release();
		this.evaluator.close();
	}

	@Test
	void returnsEachIndicatorsStatusAndOutcome() {
		Map<String, IndicatorResult> results = this.evaluator.evaluate(indicators());
		assertThat(results).containsOnlyKeys("db", "redis");
		assertThat(results.get("db").status()).isEqualTo(Status.UP);
		assertThat(results.get("db").outcome()).isEqualTo(EvaluationOutcome.UP);
		assertThat(results.get("redis").status()).isEqualTo(Status.DOWN);
		assertThat(results.get("redis").outcome()).isEqualTo(EvaluationOutcome.DOWN);
		assertThat(results.get("redis").reason()).isEqualTo("status DOWN");
	}

	@Test
	void aThrowingIndicatorIsDownWithItsMessageAndOthersAreUnaffected() {
		this.redis.failWith(new IllegalStateException("connection refused"));
		Map<String, IndicatorResult> results = this.evaluator.evaluate(indicators());
		assertThat(results.get("redis").status()).isEqualTo(Status.DOWN);
		assertThat(results.get("redis").outcome()).isEqualTo(EvaluationOutcome.ERROR);
		assertThat(results.get("redis").reason()).isEqualTo("IllegalStateException: connection refused");
		assertThat(results.get("db").status()).isEqualTo(Status.UP);
	}

	@Test
	void aSlowIndicatorTimesOutAsDownAndOthersAreUnaffected() {
		this.redis.setStatus(Status.UP);
		this.redis.block();
		Map<String, IndicatorResult> results = this.evaluator.evaluate(indicators());
		assertThat(results.get("redis").status()).isEqualTo(Status.DOWN);
		assertThat(results.get("redis").outcome()).isEqualTo(EvaluationOutcome.TIMEOUT);
		assertThat(results.get("redis").reason()).isEqualTo("timed out after 200ms");
		assertThat(results.get("db").outcome()).isEqualTo(EvaluationOutcome.UP);
	}

	@Test
	void aHungIndicatorIsNotCalledAgainUntilItReturns() {
		this.redis.setStatus(Status.UP);
		this.redis.block();
		this.evaluator.evaluate(indicators());
		for (int cycle = 0; cycle < 3; cycle++) {
			IndicatorResult result = this.evaluator.evaluate(indicators()).get("redis");
			assertThat(result.outcome()).isEqualTo(EvaluationOutcome.TIMEOUT);
			assertThat(result.reason()).startsWith("still running after ");
		}
		assertThat(this.redis.calls()).isEqualTo(1);
		assertThat(this.db.calls()).isEqualTo(4);
		assertThat(this.evaluator.inFlightCount()).isEqualTo(1);
		this.redis.release();
		await().until(() -> this.evaluator.inFlightCount() == 0);
		assertThat(this.evaluator.evaluate(indicators()).get("redis").status()).isEqualTo(Status.UP);
		assertThat(this.redis.calls()).isEqualTo(2);
	}

	@Test
	void anIndicatorThatCouldNotBeStartedIsDownAndNotLeftInFlight() {
		this.evaluator.close();
		IndicatorResult result = this.evaluator.evaluate(indicators()).get("db");
		assertThat(result.outcome()).isEqualTo(EvaluationOutcome.ERROR);
		assertThat(result.reason()).startsWith("no thread free");
		assertThat(this.evaluator.inFlightCount()).isZero();
	}

	@Test
	void aNullHealthIsUnknown() {
		HealthIndicator nothing = () -> null;
		IndicatorResult result = this.evaluator.evaluate(Map.of("nothing", nothing)).get("nothing");
		assertThat(result.status()).isEqualTo(Status.UNKNOWN);
		assertThat(result.reason()).isEqualTo("returned no health");
	}

	@Test
	void resultsKeepTheOrderOfTheIndicators() {
		assertThat(this.evaluator.evaluate(indicators()).keySet()).containsExactly("db", "redis");
	}

	@Test
	void aTimeoutMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ContributorEvaluator(Duration.ZERO))
			.withMessageContaining("positive");
	}

	private Map<String, HealthIndicator> indicators() {
		Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
		indicators.put("db", this.db);
		indicators.put("redis", this.redis);
		return indicators;
	}

}
