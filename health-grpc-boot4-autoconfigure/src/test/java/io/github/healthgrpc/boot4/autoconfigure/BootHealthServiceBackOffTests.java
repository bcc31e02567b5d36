package io.github.healthgrpc.boot4.autoconfigure;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How Spring Boot's own gRPC health service is switched off before the context starts.
 */
class BootHealthServiceBackOffTests {

	private static final String BOOT_HEALTH_ENABLED = "spring.grpc.server.health.enabled";

	private final BootHealthServiceBackOff backOff = new BootHealthServiceBackOff();

	private final MockEnvironment environment = new MockEnvironment();

	@Test
	void isRegisteredAsAnEnvironmentPostProcessorOfSpringBoot4() {
		// Spring Boot's own need constructor arguments that only SpringApplication gives:
		// skipped.
		List<EnvironmentPostProcessor> postProcessors = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(EnvironmentPostProcessor.class, FailureHandler.handleMessage((message, failure) -> {
			}));
		assertThat(postProcessors).hasAtLeastOneElementOfType(BootHealthServiceBackOff.class);
	}

	@Test
	void whenHealthGrpcIsOnSpringBootsHealthServiceIsSwitchedOffWithTheHighestPrecedence() {
		this.environment.setProperty("server.port", "8080");
		postProcess();
		assertThat(this.environment.getProperty(BOOT_HEALTH_ENABLED)).isEqualTo("false");
		PropertySource<?> first = this.environment.getPropertySources().iterator().next();
		assertThat(first.getName()).isEqualTo(BootHealthServiceBackOff.PROPERTY_SOURCE_NAME);
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
		assertThat(this.environment.getPropertySources().contains(BootHealthServiceBackOff.PROPERTY_SOURCE_NAME))
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
