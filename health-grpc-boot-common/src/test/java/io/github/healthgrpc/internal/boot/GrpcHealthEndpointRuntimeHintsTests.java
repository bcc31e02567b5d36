package io.github.healthgrpc.internal.boot;

import java.lang.reflect.RecordComponent;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.internal.engine.HealthNameSource;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code grpchealth} endpoint's report can be written by Jackson in a native image,
 * and Spring's AOT processing finds the hints.
 */
class GrpcHealthEndpointRuntimeHintsTests {

	@Test
	void registeredForSpringAotProcessing() {
		assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
			.hasAtLeastOneElementOfType(GrpcHealthEndpointRuntimeHints.class);
	}

	@Test
	void everyComponentOfEveryReportCanBeRead() {
		RuntimeHints hints = new RuntimeHints();
		new GrpcHealthEndpointRuntimeHints().registerHints(hints, getClass().getClassLoader());
		for (Class<?> report : new Class<?>[] { GrpcHealthEndpoint.GrpcHealthReport.class,
				GrpcHealthEndpoint.ServiceReport.class, GrpcHealthEndpoint.IndicatorReport.class,
				GrpcHealthEndpoint.HeldReport.class, GrpcHealthEndpoint.MaintenanceReport.class }) {
			assertThat(RuntimeHintsPredicates.reflection().onType(report)).as(report.getName()).accepts(hints);
			for (RecordComponent component : report.getRecordComponents()) {
				assertThat(RuntimeHintsPredicates.reflection().onMethod(component.getAccessor()))
					.as("%s.%s()", report.getSimpleName(), component.getName())
					.accepts(hints);
			}
		}
	}

	@Test
	void theEnumsInTheReportAreDeclared() {
		RuntimeHints hints = new RuntimeHints();
		new GrpcHealthEndpointRuntimeHints().registerHints(hints, getClass().getClassLoader());
		assertThat(RuntimeHintsPredicates.reflection().onType(ServingStatus.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(HealthNameSource.class)).accepts(hints);
	}

}
