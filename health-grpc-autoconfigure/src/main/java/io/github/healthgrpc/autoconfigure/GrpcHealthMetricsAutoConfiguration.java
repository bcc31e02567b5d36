package io.github.healthgrpc.autoconfigure;

import io.github.healthgrpc.bridge.HealthStatusUpdater;
import io.github.healthgrpc.protocol.HealthGrpcService;
import io.github.healthgrpc.protocol.HealthStatusTable;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer metrics of gRPC health, when Micrometer and a registry are there.
 */
@AutoConfiguration(after = { MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
		GrpcHealthAutoConfiguration.class })
@ConditionalOnClass({ MeterRegistry.class, MetricsAutoConfiguration.class })
@ConditionalOnBean({ MeterRegistry.class, HealthStatusUpdater.class })
public class GrpcHealthMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	GrpcHealthMetrics grpcHealthMetrics(HealthStatusTable table, HealthGrpcService service,
			HealthStatusUpdater updater) {
		return new GrpcHealthMetrics(table, service, updater);
	}

}
