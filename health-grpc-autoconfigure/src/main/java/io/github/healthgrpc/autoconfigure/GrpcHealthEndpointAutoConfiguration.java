package io.github.healthgrpc.autoconfigure;

import io.github.healthgrpc.bridge.HealthStatusUpdater;
import io.github.healthgrpc.bridge.ServingStatusManager;
import io.github.healthgrpc.protocol.HealthStatusTable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.actuate.health.HealthEndpointGroups;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code grpchealth} Actuator endpoint, when the application exposes it.
 */
@AutoConfiguration(after = { GrpcHealthAutoConfiguration.class, HealthEndpointAutoConfiguration.class })
@ConditionalOnAvailableEndpoint(GrpcHealthEndpoint.class)
@ConditionalOnBean({ HealthStatusUpdater.class, ServingStatusManager.class })
public class GrpcHealthEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	GrpcHealthEndpoint grpcHealthEndpoint(HealthStatusTable table, HealthStatusUpdater updater,
			ServingStatusManager manager, ObjectProvider<HealthEndpointGroups> groups) {
		return new GrpcHealthEndpoint(table, updater, manager, groups.getIfAvailable());
	}

}
