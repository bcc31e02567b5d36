package io.github.healthgrpc.internal.boot;

import java.time.Duration;

import io.github.healthgrpc.internal.client.WatchSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** The checks of grpc.health.client.*: each names the property and the value. */
class GrpcHealthClientPropertiesTests {

	private final GrpcHealthClientProperties properties = new GrpcHealthClientProperties();

	@Test
	void theDefaultsPassAndMakeTheCoreDefaults() {
		assertThatNoException().isThrownBy(this.properties::afterPropertiesSet);
		assertThat(this.properties.isEnabled()).isTrue();
		assertThat(this.properties.getUnimplementedStatus()).isEqualTo("UNKNOWN");
		assertThat(this.properties.watchSettings()).isEqualTo(WatchSettings.defaults());
	}

	@Test
	void aChannelNeedsAServiceAndTheEmptyNameIsOne() {
		this.properties.getChannels().put("inventory", new GrpcHealthClientProperties.Channel());
		assertThatIllegalArgumentException().isThrownBy(this.properties::afterPropertiesSet)
			.withMessageStartingWith("grpc.health.client.channels.inventory.service must be set");
		this.properties.getChannels().get("inventory").setService("");
		assertThatNoException().isThrownBy(this.properties::afterPropertiesSet);
	}

	@Test
	void aThresholdBelowOneIsRefused() {
		this.properties.setFailureThreshold(0);
		assertThatIllegalArgumentException().isThrownBy(this.properties::afterPropertiesSet)
			.withMessage("grpc.health.client.failure-threshold must be at least 1, was 0");
		this.properties.setFailureThreshold(1);
		assertThatNoException().isThrownBy(this.properties::afterPropertiesSet);
	}

	@Test
	void durationsMustBePositive() {
		this.properties.setGracePeriod(Duration.ZERO);
		assertThatIllegalArgumentException().isThrownBy(this.properties::afterPropertiesSet)
			.withMessage("grpc.health.client.grace-period must be a positive duration, was 0ms");
		this.properties.setGracePeriod(Duration.ofMillis(1));
		this.properties.getBackoff().setInitialInterval(Duration.ofMillis(-5));
		assertThatIllegalArgumentException().isThrownBy(this.properties::afterPropertiesSet)
			.withMessage("grpc.health.client.backoff.initial-interval must be a positive duration, was -5ms");
	}

	@Test
	void theCapMayNotBeBelowTheInitialInterval() {
		this.properties.getBackoff().setMaxInterval(Duration.ofMillis(999));
		assertThatIllegalArgumentException().isThrownBy(this.properties::afterPropertiesSet)
			.withMessage("grpc.health.client.backoff.max-interval must not be shorter than "
					+ "grpc.health.client.backoff.initial-interval (1000ms), was 999ms");
		this.properties.getBackoff().setMaxInterval(Duration.ofSeconds(1));
		assertThatNoException().isThrownBy(this.properties::afterPropertiesSet);
	}

	@Test
	void theUnimplementedStatusMustBeACode() {
		this.properties.setUnimplementedStatus(" ");
		assertThatIllegalArgumentException().isThrownBy(this.properties::afterPropertiesSet)
			.withMessage("grpc.health.client.unimplemented-status must be an Actuator status code");
	}

}
