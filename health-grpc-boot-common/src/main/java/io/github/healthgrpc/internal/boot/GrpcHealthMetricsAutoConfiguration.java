package io.github.healthgrpc.internal.boot;

import io.github.healthgrpc.internal.engine.HealthEngine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer metrics of gRPC health, when Micrometer and a registry are there. With
 * {@code grpc.health.enabled=false} the property condition, evaluated first, ends it
 * before any class of health-grpc is loaded.
 */
// Named, not referenced: Micrometer's auto-configuration moved between Spring Boot 3.5
// and 4.
@AutoConfiguration(afterName = { "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
		"org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "grpc.health.enabled", matchIfMissing = true)
@ConditionalOnClass(MeterRegistry.class)
// The engine by its bean name: Spring Boot's import filter loads the classes that a
// bean condition names, even where the condition is never evaluated.
@ConditionalOnBean(value = MeterRegistry.class, name = GrpcHealthEngineConfiguration.ENGINE_BEAN)
public final class GrpcHealthMetricsAutoConfiguration {

	@Bean
	GrpcHealthMetrics grpcHealthMetrics(HealthEngine engine) {
		return new GrpcHealthMetrics(engine);
	}

	/**
	 * The Watch meters of the dedicated health listener ({@code listener=health}), when
	 * there is one. Apart, so that nothing of the listener is loaded without it.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(HealthListener.PORT_SETTING)
	static class HealthListenerMetricsConfiguration {

		@Bean
		MeterBinder grpcHealthListenerMetrics(HealthListener listener) {
			return (registry) -> GrpcHealthMetrics.bindWatchMeters(registry, listener.service(), "health");
		}

	}

}
