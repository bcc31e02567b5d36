package io.github.healthgrpc.autoconfigure;

import io.github.healthgrpc.internal.boot.GrpcHealthMetricsAutoConfiguration;
import io.github.healthgrpc.internal.boot.testing.ObservabilityContract;
import io.github.healthgrpc.internal.protocol.HealthGrpcService;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Metrics, transition logs and the {@code grpchealth} endpoint on Spring Boot 3.5: the
 * contract both lines share, and what only this line has.
 */
class ObservabilityTests extends ObservabilityContract {

	ObservabilityTests() {
		super(Boot35Line.INSTANCE);
	}

	@Test
	void withoutMicrometerSpringBootsOwnMetricsAutoConfigurationBacksOffToo() {
		// Spring Boot 3.5's Micrometer auto-configuration backs off without Micrometer.
		new ApplicationContextRunner().withConfiguration(Boot35Line.ACTUATOR_AND_HEALTH_GRPC)
			.withConfiguration(Boot35Line.INSTANCE.metrics())
			.withConfiguration(AutoConfigurations.of(GrpcHealthMetricsAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean("grpcHealthMetrics")
				.hasSingleBean(HealthGrpcService.class));
	}

}
