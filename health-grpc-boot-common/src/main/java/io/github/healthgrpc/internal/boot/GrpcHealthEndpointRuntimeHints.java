package io.github.healthgrpc.internal.boot;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What a native image needs for the {@code grpchealth} endpoint: Actuator writes its
 * report with Jackson, which reads the records' components (and the enums and nested
 * reports in them) reflectively. Registered through {@code META-INF/spring/aot.factories}
 * so that the hints are there whether or not Actuator's own endpoint processing reaches
 * the operation's return type.
 */
class GrpcHealthEndpointRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(),
				GrpcHealthEndpoint.GrpcHealthReport.class, GrpcHealthEndpoint.ServiceReport.class,
				GrpcHealthEndpoint.IndicatorReport.class, GrpcHealthEndpoint.HeldReport.class,
				GrpcHealthEndpoint.MaintenanceReport.class);
	}

}
