package io.github.healthgrpc.internal.client;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Exponential back-off: growth by 1.6, the cap, ±20 % jitter and reset. */
class BackoffTests {

	private final AtomicReference<Double> random = new AtomicReference<>(0.5);

	private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5), this.random::get);

	@Test
	void growsByOnePointSixUpToTheCap() {
		assertThat(this.backoff.next()).isEqualTo(Duration.ofMillis(1000));
		assertThat(this.backoff.next()).isEqualTo(Duration.ofMillis(1600));
		assertThat(this.backoff.next()).isEqualTo(Duration.ofMillis(2560));
		assertThat(this.backoff.next()).isEqualTo(Duration.ofMillis(4096));
		assertThat(this.backoff.next()).isEqualTo(Duration.ofMillis(5000));
		assertThat(this.backoff.next()).isEqualTo(Duration.ofMillis(5000));
	}

	@Test
	void spreadsEachDelayByTwentyPercentEitherWay() {
		this.random.set(0.0);
		assertThat(this.backoff.next()).isEqualTo(Duration.ofMillis(800));
		this.random.set(0.75);
		assertThat(this.backoff.next()).isEqualTo(Duration.ofMillis(1760));
		this.random.set(1.0);
		assertThat(this.backoff.next()).isEqualTo(Duration.ofMillis(3072));
	}

	@Test
	void resetStartsFromTheFirstDelay() {
		this.backoff.next();
		this.backoff.next();
		this.backoff.reset();
		assertThat(this.backoff.next()).isEqualTo(Duration.ofMillis(1000));
		assertThat(this.backoff.next()).isEqualTo(Duration.ofMillis(1600));
	}

}
