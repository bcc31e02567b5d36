package io.github.healthgrpc.internal.boot;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer metrics of the watched upstreams, when Micrometer, a registry and watched
 * channels are there.
 */
// Named, not referenced: Micrometer's auto-configuration moved between Spring Boot 3.5
// and 4.
@AutoConfiguration(afterName = { "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
		"org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, GrpcHealthClients.class })
public final class GrpcHealthClientMetricsAutoConfiguration {

	@Bean
	GrpcHealthClientMetrics grpcHealthClientMetrics(GrpcHealthClients clients) {
		return new GrpcHealthClientMetrics(clients);
	}

}
