package io.github.healthgrpc.autoconfigure;

import io.github.healthgrpc.internal.engine.HealthEngine;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.actuate.health.HealthEndpointGroups;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code grpchealth} Actuator endpoint, when the application exposes it.
 */
@AutoConfiguration(after = { GrpcHealthAutoConfiguration.class, HealthEndpointAutoConfiguration.class })
@ConditionalOnAvailableEndpoint(GrpcHealthEndpoint.class)
@ConditionalOnBean(HealthEngine.class)
public final class GrpcHealthEndpointAutoConfiguration {

	@Bean
	GrpcHealthEndpoint grpcHealthEndpoint(HealthEngine engine, ObjectProvider<HealthEndpointGroups> groups) {
		return new GrpcHealthEndpoint(engine, groups.getIfAvailable());
	}

}
