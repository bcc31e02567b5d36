package io.github.healthgrpc.boot4.autoconfigure;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Turns Spring Boot's own gRPC health service off when health-grpc serves
 * {@code grpc.health.v1.Health}, so that the server has exactly one. Spring Boot's health
 * service bean has no condition a bean of ours could satisfy; its property is the one
 * switch (and it takes the health scheduler with it). Added first: an application's
 * {@code spring.grpc.server.health.enabled=true} asks for a gRPC health service, and
 * health-grpc's is one. With {@code grpc.health.enabled=false}, nothing is changed.
 */
class BootHealthServiceBackOff implements EnvironmentPostProcessor {

	static final String PROPERTY_SOURCE_NAME = "health-grpc";

	static final String BOOT_HEALTH_ENABLED = SpringGrpcHealthSettings.PREFIX + ".enabled";

	// What GrpcHealthAutoConfiguration needs to switch on: without it, Spring Boot's own
	// service is left alone. Looked up by name, so BackOffRuntimeHints declares them.
	static final String[] REQUIRED_CLASSES = { "io.grpc.BindableService", "io.grpc.health.v1.HealthCheckResponse",
			"org.springframework.boot.health.contributor.HealthContributor",
			"org.springframework.grpc.server.service.GrpcServiceDiscoverer" };

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("grpc.health.enabled", Boolean.class, true) || !requiredClassesPresent()) {
			return;
		}
		environment.getPropertySources()
			.addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of(BOOT_HEALTH_ENABLED, "false")));
	}

	private static boolean requiredClassesPresent() {
		ClassLoader classLoader = BootHealthServiceBackOff.class.getClassLoader();
		for (String name : REQUIRED_CLASSES) {
			if (!ClassUtils.isPresent(name, classLoader)) {
				return false;
			}
		}
		return true;
	}

}
