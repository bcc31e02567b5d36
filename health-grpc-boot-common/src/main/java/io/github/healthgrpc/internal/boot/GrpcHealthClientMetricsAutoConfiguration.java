package io.github.healthgrpc.internal.boot;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Micrometer metrics of the watched upstreams, when Micrometer, a registry and watched
 * channels are there. The channels condition, evaluated before the bean condition, ends
 * it without loading the client classes when no channel is watched.
 */
// Named, not referenced: Micrometer's auto-configuration moved between Spring Boot 3.5
// and 4.
@AutoConfiguration(afterName = { "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
		"org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@Conditional(GrpcHealthClientChannelsCondition.class)
// The clients by their bean name: Spring Boot's import filter loads the classes that a
// bean condition names, even where the condition is never evaluated.
@ConditionalOnBean(value = MeterRegistry.class, name = GrpcHealthClientConfiguration.CLIENTS_BEAN)
public final class GrpcHealthClientMetricsAutoConfiguration {

	@Bean
	GrpcHealthClientMetrics grpcHealthClientMetrics(GrpcHealthClients clients) {
		return new GrpcHealthClientMetrics(clients);
	}

}
