package io.github.healthgrpc.internal.boot;

import io.github.healthgrpc.internal.engine.HealthEngine;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * The {@code grpchealth} Actuator endpoint, when the application exposes it.
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnAvailableEndpoint(GrpcHealthEndpoint.class)
@ConditionalOnBean({ HealthEngine.class, HealthSources.class })
public final class GrpcHealthEndpointAutoConfiguration {

	@Bean
	GrpcHealthEndpoint grpcHealthEndpoint(HealthEngine engine, HealthSources sources) {
		return new GrpcHealthEndpoint(engine, sources.showDetails());
	}

}
