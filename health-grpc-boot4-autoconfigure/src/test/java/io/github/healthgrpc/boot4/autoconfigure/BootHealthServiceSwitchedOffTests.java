package io.github.healthgrpc.boot4.autoconfigure;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.boot.support.EnvironmentPostProcessorsFactory;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link SpringGrpcHealthSettings} switches Spring Boot's own gRPC health service off
 * before the context starts, as Spring Boot's environment post-processor.
 */
class BootHealthServiceSwitchedOffTests {

	private static final String BOOT_HEALTH_ENABLED = "spring.grpc.server.health.enabled";

	private final SpringGrpcHealthSettings backOff = new SpringGrpcHealthSettings();

	private final MockEnvironment environment = new MockEnvironment();

	@Test
	void isRegisteredAsAnEnvironmentPostProcessorOfSpringBoot4AndInstantiatedAsSpringBootDoes() {
		// Spring Boot's own factory, with the arguments SpringApplication gives: it has
		// to pick our public no-arg constructor, not the bean's.
		List<EnvironmentPostProcessor> postProcessors = EnvironmentPostProcessorsFactory
			.fromSpringFactories(getClass().getClassLoader())
			.getEnvironmentPostProcessors(new DeferredLogs(), new DefaultBootstrapContext());
		assertThat(postProcessors).filteredOn(SpringGrpcHealthSettings.class::isInstance)
			.singleElement()
			.satisfies((postProcessor) -> {
				MockEnvironment environment = new MockEnvironment();
				postProcessor.postProcessEnvironment(environment, new SpringApplication());
				assertThat(environment.getProperty(BOOT_HEALTH_ENABLED)).isEqualTo("false");
			});
	}

	@Test
	void whenHealthGrpcIsOnSpringBootsHealthServiceIsSwitchedOffWithTheHighestPrecedence() {
		this.environment.setProperty("server.port", "8080");
		postProcess();
		assertThat(this.environment.getProperty(BOOT_HEALTH_ENABLED)).isEqualTo("false");
		PropertySource<?> first = this.environment.getPropertySources().iterator().next();
		assertThat(first.getName()).isEqualTo(SpringGrpcHealthSettings.PROPERTY_SOURCE_NAME);
		assertThat(first.getSource()).isEqualTo(Map.of(BOOT_HEALTH_ENABLED, "false"));
	}

	@Test
	void whenHealthGrpcIsOnExplicitlySpringBootsHealthServiceIsSwitchedOff() {
		this.environment.setProperty("grpc.health.enabled", "true");
		postProcess();
		assertThat(this.environment.getProperty(BOOT_HEALTH_ENABLED)).isEqualTo("false");
	}

	@Test
	void whenHealthGrpcIsDisabledNothingIsChanged() {
		this.environment.setProperty("grpc.health.enabled", "false");
		this.environment.setProperty(BOOT_HEALTH_ENABLED, "true");
		int sources = this.environment.getPropertySources().size();
		postProcess();
		assertThat(this.environment.getProperty(BOOT_HEALTH_ENABLED)).isEqualTo("true");
		assertThat(this.environment.getPropertySources().size()).isEqualTo(sources);
		assertThat(this.environment.getPropertySources().contains(SpringGrpcHealthSettings.PROPERTY_SOURCE_NAME))
			.isFalse();
	}

	@Test
	void aTrueTheApplicationSetAsksForAHealthServiceAndHealthGrpcsIsOne() {
		this.environment.setProperty(BOOT_HEALTH_ENABLED, "true");
		postProcess();
		assertThat(this.environment.getProperty(BOOT_HEALTH_ENABLED)).isEqualTo("false");
	}

	@Test
	void aTrueTheApplicationSetAsAnEnvironmentVariableLikewise() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("testEnvironment",
					Map.of("SPRING_GRPC_SERVER_HEALTH_ENABLED", "true")));
		this.backOff.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty(BOOT_HEALTH_ENABLED)).isEqualTo("false");
	}

	@Test
	void aFalseTheApplicationSetStaysFalse() {
		this.environment.setProperty(BOOT_HEALTH_ENABLED, "false");
		postProcess();
		assertThat(this.environment.getProperty(BOOT_HEALTH_ENABLED)).isEqualTo("false");
	}

	private void postProcess() {
		this.backOff.postProcessEnvironment(this.environment, new SpringApplication());
	}

}
