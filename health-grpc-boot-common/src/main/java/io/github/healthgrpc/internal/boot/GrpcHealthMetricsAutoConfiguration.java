package io.github.healthgrpc.internal.boot;

import io.github.healthgrpc.internal.engine.HealthEngine;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer metrics of gRPC health, when Micrometer and a registry are there.
 */
// Named, not referenced: Micrometer's auto-configuration moved between Spring Boot 3.5
// and 4.
@AutoConfiguration(afterName = { "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
		"org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, HealthEngine.class })
public final class GrpcHealthMetricsAutoConfiguration {

	@Bean
	GrpcHealthMetrics grpcHealthMetrics(HealthEngine engine, ObjectProvider<HealthListener> listener) {
		return new GrpcHealthMetrics(engine, listener.getIfAvailable());
	}

}
