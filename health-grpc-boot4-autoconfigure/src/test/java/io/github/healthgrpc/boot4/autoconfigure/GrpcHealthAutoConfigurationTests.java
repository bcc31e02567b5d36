package io.github.healthgrpc.boot4.autoconfigure;

import java.util.Map;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.internal.boot.testing.GrpcHealthAutoConfigurationContract;
import io.github.healthgrpc.internal.engine.HealthEngine;
import io.github.healthgrpc.internal.protocol.HealthGrpcService;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerServicesAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.health.GrpcServerHealthAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorNameGenerator;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.grpc.server.service.GrpcServiceDiscoverer;

import static io.github.healthgrpc.internal.boot.testing.TestContexts.indicator;
import static io.github.healthgrpc.internal.boot.testing.TestContexts.refresh;
import static io.github.healthgrpc.internal.boot.testing.TestContexts.status;
import static io.github.healthgrpc.internal.boot.testing.TestContexts.statuses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configuration on Spring Boot 4's health API, in contexts built from a chosen
 * set of auto-configurations: the contract both lines share, and what only this line has
 * (Spring gRPC's service discovery, Spring Boot's own gRPC health service and its
 * settings, the contributor name generator). {@link SpringGrpcHealthSettings} does not
 * switch Spring Boot's own health service off here (it does so as an environment
 * post-processor of a {@code SpringApplication}): where Spring Boot's own gRPC health
 * auto-configuration is part of the context, the tests switch it off as it would.
 */
class GrpcHealthAutoConfigurationTests extends GrpcHealthAutoConfigurationContract {

	/**
	 * Spring Boot's gRPC server, its services and its own health service, without a
	 * server factory: no port is opened, the registered services are still discovered.
	 */
	static final AutoConfigurations GRPC_SERVER = AutoConfigurations.of(GrpcServerAutoConfiguration.class,
			GrpcServerServicesAutoConfiguration.class, GrpcServerHealthAutoConfiguration.class);

	/**
	 * What the test needs of the server, and what {@link SpringGrpcHealthSettings} sets.
	 */
	static final String[] GRPC_SERVER_PROPERTIES = { "spring.grpc.server.factory.enabled=false",
			"spring.grpc.server.reflection.enabled=false", "spring.grpc.server.health.enabled=false" };

	static final String HEALTH_SERVICE = "grpc.health.v1.Health";

	private final ApplicationContextRunner runner = Boot4Line.INSTANCE.withIndicator(
			new ApplicationContextRunner().withConfiguration(Boot4Line.HEALTH_AND_HEALTH_GRPC), "db", "DOWN");

	GrpcHealthAutoConfigurationTests() {
		super(Boot4Line.INSTANCE);
	}

	@Test
	void withoutSpringGrpcItBacksOff() {
		this.runner.withClassLoader(new FilteredClassLoader(GrpcServiceDiscoverer.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(HealthGrpcService.class)
				.doesNotHaveBean(HealthEngine.class));
	}

	@Test
	void reactiveContributorsHaveARegistryOfTheirOwn() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(ReactiveHealthContributorRegistry.class));
	}

	@Test
	void registeredGrpcServicesArePublishedAndFollowTheOverallStatus() {
		this.runner.withConfiguration(GRPC_SERVER)
			.withPropertyValues(GRPC_SERVER_PROPERTIES)
			.withPropertyValues("grpc.health.refresh-interval=1h")
			.withBean("otherService", BindableService.class, () -> service("acme.Other"))
			.run((context) -> {
				assertThat(context).hasSingleBean(GrpcServiceDiscoverer.class);
				assertThat(statuses(context)).containsOnlyKeys("", "db", "diskSpace", "ping", "acme.Other")
					.containsEntry("acme.Other", ServingStatus.NOT_SERVING);
				indicator(context, "db").setStatus("UP");
				refresh(context);
				assertThat(status(context, "acme.Other")).isEqualTo(ServingStatus.SERVING);
			});
	}

	@Test
	void aServiceMappingOfARegisteredServiceWinsOverTheOverallStatus() {
		this.runner.withConfiguration(GRPC_SERVER)
			.withPropertyValues(GRPC_SERVER_PROPERTIES)
			.withPropertyValues("grpc.health.services[acme.Other].include=ping")
			.withBean("otherService", BindableService.class, () -> service("acme.Other"))
			.run((context) -> {
				assertThat(status(context, "")).isEqualTo(ServingStatus.NOT_SERVING);
				assertThat(status(context, "acme.Other")).isEqualTo(ServingStatus.SERVING);
			});
	}

	@Test
	void withSpringBootsHealthServiceSwitchedOffOursIsTheOnlyHealthService() {
		this.runner.withConfiguration(GRPC_SERVER)
			.withPropertyValues(GRPC_SERVER_PROPERTIES)
			.withBean("otherService", BindableService.class, () -> service("acme.Other"))
			.run((context) -> {
				assertThat(context).doesNotHaveBean("grpcServerHealthService")
					.doesNotHaveBean(io.grpc.protobuf.services.HealthStatusManager.class);
				assertThat(context.getBeansOfType(BindableService.class).values())
					.filteredOn(
							(service) -> service.bindService().getServiceDescriptor().getName().equals(HEALTH_SERVICE))
					.containsExactly(context.getBean(HealthGrpcService.class));
			});
	}

	@Test
	void springBootsHealthServiceSwitchedOffAndItsSchedulerSettingAreAccepted() {
		this.runner
			.withPropertyValues("spring.grpc.server.health.enabled=false",
					"spring.grpc.server.health.schedule.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(HealthEngine.class));
	}

	@Test
	void springBootsHealthServiceSwitchedOffAsAnEnvironmentVariableIsAccepted() {
		this.runner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource("testEnvironment",
						Map.of("SPRING_GRPC_SERVER_HEALTH_ENABLED", "false",
								"SPRING_GRPC_SERVER_HEALTH_SCHEDULE_ENABLED", "false"))))
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(HealthEngine.class));
	}

	@Test
	void whenDisabledSpringBootsOwnHealthServiceAndItsSettingsAreLeftAlone() {
		this.runner.withConfiguration(GRPC_SERVER)
			.withPropertyValues("spring.grpc.server.factory.enabled=false", "grpc.health.enabled=false",
					"spring.grpc.server.health.service.acme.Echo.include=db")
			.withBean("otherService", BindableService.class, () -> service("acme.Other"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasBean("grpcServerHealthService")
				.doesNotHaveBean(HealthGrpcService.class));
	}

	@Test
	void withoutAnyHealthAutoConfigurationAUserNameGeneratorIsUsed() {
		Boot4Line.INSTANCE
			.withIndicator(new ApplicationContextRunner().withConfiguration(Boot4Line.INSTANCE.healthGrpcAlone()), "db",
					"DOWN")
			.withBean(HealthContributorNameGenerator.class, HealthContributorNameGenerator::unchanged)
			.run((context) -> assertThat(statuses(context)).containsOnlyKeys("", "dbHealthIndicator"));
	}

	/** A gRPC service with no methods, registered under the given name. */
	static BindableService service(String name) {
		return () -> ServerServiceDefinition.builder(name).build();
	}

}
