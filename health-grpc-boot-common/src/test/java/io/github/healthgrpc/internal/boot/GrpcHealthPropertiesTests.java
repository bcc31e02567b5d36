package io.github.healthgrpc.internal.boot;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The checks made once binding is done: each names the property and the value, durations
 * in milliseconds whatever unit they were written in.
 */
class GrpcHealthPropertiesTests {

	private final GrpcHealthProperties properties = new GrpcHealthProperties();

	@Test
	void theDefaultsPass() {
		assertThatNoException().isThrownBy(this.properties::afterPropertiesSet);
	}

	@Test
	void aRefreshIntervalBelowTheFloorIsRefused() {
		this.properties.setRefreshInterval(Duration.ofMillis(99));
		assertThatIllegalArgumentException().isThrownBy(this.properties::afterPropertiesSet)
			.withMessageStartingWith("grpc.health.refresh-interval must be at least 100ms, was 99ms");
	}

	@Test
	void aZeroIndicatorTimeoutIsRefused() {
		this.properties.setIndicatorTimeout(Duration.ZERO);
		assertThatIllegalArgumentException().isThrownBy(this.properties::afterPropertiesSet)
			.withMessage("grpc.health.indicator-timeout must be a positive duration, was 0ms");
	}

	@Test
	void aNegativeDrainDelayIsRefused() {
		this.properties.getShutdown().setDrainDelay(Duration.ofSeconds(-1));
		assertThatIllegalArgumentException().isThrownBy(this.properties::afterPropertiesSet)
			.withMessage("grpc.health.shutdown.drain-delay must be zero or positive, was -1000ms");
	}

	@Test
	void capsBelowOneAreRefused() {
		this.properties.getList().setMaxServices(0);
		assertThatIllegalArgumentException().isThrownBy(this.properties::afterPropertiesSet)
			.withMessageContaining("grpc.health.list.max-services");
		this.properties.getList().setMaxServices(1);
		this.properties.getWatch().setMaxUnknown(0);
		assertThatIllegalArgumentException().isThrownBy(this.properties::afterPropertiesSet)
			.withMessageContaining("grpc.health.watch.max-unknown");
	}

}
