package io.github.healthgrpc.internal.boot;

import io.github.healthgrpc.internal.engine.HealthEngine;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * The {@code grpchealth} Actuator endpoint, when the application exposes it. With
 * {@code grpc.health.enabled=false} the property condition, evaluated first, ends it
 * before the endpoint's class is loaded (the endpoint condition reads its id from it).
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "grpc.health.enabled", matchIfMissing = true)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@ConditionalOnAvailableEndpoint(GrpcHealthEndpoint.class)
// By bean name (the line's sources exist with the engine, which needs them): Spring
// Boot's import filter loads the classes that a bean condition names, even where the
// condition is never evaluated.
@ConditionalOnBean(name = GrpcHealthEngineConfiguration.ENGINE_BEAN)
public final class GrpcHealthEndpointAutoConfiguration {

	@Bean
	GrpcHealthEndpoint grpcHealthEndpoint(HealthEngine engine, HealthSources sources) {
		return new GrpcHealthEndpoint(engine, sources.showDetails());
	}

}
