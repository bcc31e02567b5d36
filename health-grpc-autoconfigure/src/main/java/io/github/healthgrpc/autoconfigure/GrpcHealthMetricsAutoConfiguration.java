package io.github.healthgrpc.autoconfigure;

import io.github.healthgrpc.internal.engine.HealthEngine;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer metrics of gRPC health, when Micrometer and a registry are there.
 */
@AutoConfiguration(after = { MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
		GrpcHealthAutoConfiguration.class })
@ConditionalOnClass({ MeterRegistry.class, MetricsAutoConfiguration.class })
@ConditionalOnBean({ MeterRegistry.class, HealthEngine.class })
public final class GrpcHealthMetricsAutoConfiguration {

	@Bean
	GrpcHealthMetrics grpcHealthMetrics(HealthEngine engine) {
		return new GrpcHealthMetrics(engine);
	}

}
