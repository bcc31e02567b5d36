package io.github.healthgrpc.boot4.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.ServingStatusListener;
import io.github.healthgrpc.ServingStatusManager;
import io.github.healthgrpc.ServingStatusMapper;
import io.github.healthgrpc.canonical.v1.HealthCheckRequest;
import io.github.healthgrpc.canonical.v1.HealthCheckResponse;
import io.github.healthgrpc.canonical.v1.HealthGrpc;
import io.github.healthgrpc.canonical.v1.HealthListRequest;
import io.github.healthgrpc.internal.boot.GrpcHealthProperties;
import io.github.healthgrpc.internal.boot.HealthSources;
import io.github.healthgrpc.internal.engine.EvaluationOutcome;
import io.github.healthgrpc.internal.engine.HealthEngine;
import io.github.healthgrpc.internal.protocol.HealthGrpcService;
import io.github.healthgrpc.testing.RecordingObserver;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerServicesAutoConfiguration;
import org.springframework.boot.grpc.server.autoconfigure.health.GrpcServerHealthAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.DiskSpaceHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorNameGenerator;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.grpc.server.service.GrpcServiceDiscoverer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The auto-configuration on Spring Boot 4's health API, in contexts built from a chosen
 * set of auto-configurations. {@link BootHealthServiceBackOff} does not run here (it is
 * an environment post-processor of a {@code SpringApplication}): where Spring Boot's own
 * gRPC health auto-configuration is part of the context, the tests switch it off as it
 * would.
 */
class GrpcHealthAutoConfigurationTests {

	/** Spring Boot 4's health and Actuator endpoint auto-configurations, and ours. */
	static final AutoConfigurations HEALTH_AND_HEALTH_GRPC = AutoConfigurations.of(
			ApplicationAvailabilityAutoConfiguration.class, EndpointAutoConfiguration.class,
			HealthContributorRegistryAutoConfiguration.class, HealthContributorAutoConfiguration.class,
			HealthEndpointAutoConfiguration.class, DiskSpaceHealthContributorAutoConfiguration.class,
			GrpcHealthAutoConfiguration.class);

	/**
	 * Spring Boot's gRPC server, its services and its own health service, without a
	 * server factory: no port is opened, the registered services are still discovered.
	 */
	static final AutoConfigurations GRPC_SERVER = AutoConfigurations.of(GrpcServerAutoConfiguration.class,
			GrpcServerServicesAutoConfiguration.class, GrpcServerHealthAutoConfiguration.class);

	/**
	 * What the test needs of the server, and what {@link BootHealthServiceBackOff} sets.
	 */
	static final String[] GRPC_SERVER_PROPERTIES = { "spring.grpc.server.factory.enabled=false",
			"spring.grpc.server.reflection.enabled=false", "spring.grpc.server.health.enabled=false" };

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(HEALTH_AND_HEALTH_GRPC)
		.withUserConfiguration(Indicators.class);

	@Test
	void withSpringBootHealthEveryPartIsConfigured() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(HealthEngine.class)
			.hasSingleBean(HealthGrpcService.class)
			.hasSingleBean(ServingStatusMapper.class)
			.hasSingleBean(ServingStatusManager.class)
			.hasSingleBean(HealthSources.class)
			.hasSingleBean(GrpcHealthProperties.class)
			.hasBean("grpcHealthEngine")
			.hasBean("healthGrpcService")
			.hasBean("servingStatusManager")
			.hasBean("grpcHealthServingStatusMapper")
			.hasBean("grpcHealthLifecycle"));
	}

	@Test
	void theBeansAreTheEnginesOwnPartsAndTheEngineRuns() {
		this.runner.run((context) -> {
			HealthEngine engine = context.getBean(HealthEngine.class);
			assertThat(context.getBean(HealthGrpcService.class)).isSameAs(engine.grpcService());
			assertThat(context.getBean(ServingStatusManager.class)).isSameAs(engine.servingStatusManager());
			assertThat(engine.isRunning()).isTrue();
		});
	}

	@Test
	void whenDisabledItBacksOff() {
		this.runner.withPropertyValues("grpc.health.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(HealthGrpcService.class)
				.doesNotHaveBean(HealthEngine.class)
				.doesNotHaveBean(ServingStatusManager.class)
				.doesNotHaveBean(HealthSources.class)
				.doesNotHaveBean(GrpcHealthProperties.class));
	}

	@Test
	void withoutSpringBootHealthItBacksOff() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(GrpcHealthAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(HealthContributor.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(HealthGrpcService.class)
				.doesNotHaveBean(HealthEngine.class));
	}

	@Test
	void withoutGrpcServicesItBacksOff() {
		this.runner.withClassLoader(new FilteredClassLoader(io.grpc.health.v1.HealthCheckResponse.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(HealthGrpcService.class)
				.doesNotHaveBean(HealthEngine.class));
	}

	@Test
	void withoutSpringGrpcItBacksOff() {
		this.runner.withClassLoader(new FilteredClassLoader(GrpcServiceDiscoverer.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(HealthGrpcService.class)
				.doesNotHaveBean(HealthEngine.class));
	}

	@Test
	void aUserMapperReplacesTheDefaultAndIsUsed() {
		this.runner.withUserConfiguration(UserMapper.class).run((context) -> {
			assertThat(context).getBean(ServingStatusMapper.class).isSameAs(UserMapper.MAPPER);
			assertThat(context).doesNotHaveBean("grpcHealthServingStatusMapper");
			assertThat(statuses(context)).containsEntry("db", ServingStatus.UNKNOWN)
				.containsEntry("ping", ServingStatus.SERVING);
		});
	}

	@Test
	void userListenersAreToldOfEveryChange() {
		List<String> changes = new CopyOnWriteArrayList<>();
		this.runner.withBean("firstListener", ServingStatusListener.class, () -> recorder(changes, "first"))
			.withBean("secondListener", ServingStatusListener.class, () -> recorder(changes, "second"))
			.withPropertyValues("grpc.health.refresh-interval=1h")
			.run((context) -> {
				assertThat(changes).contains("first db: null -> NOT_SERVING", "second db: null -> NOT_SERVING",
						"first ping: null -> SERVING", "first : null -> NOT_SERVING");
				db(context).setStatus(Status.UP);
				refresh(context);
				assertThat(changes).contains("first db: NOT_SERVING -> SERVING", "second db: NOT_SERVING -> SERVING",
						"first : NOT_SERVING -> SERVING");
				ServingStatusManager manager = context.getBean(ServingStatusManager.class);
				manager.setServingStatus("batch", ServingStatus.SERVING);
				manager.clearServingStatus("batch");
				assertThat(changes).contains("first batch: null -> SERVING", "first batch: SERVING -> null",
						"second batch: SERVING -> null");
			});
	}

	@Test
	void theOverallStatusAndEachContributorArePublishedOnceTheContextHasStarted() {
		this.runner
			.run((context) -> assertThat(statuses(context)).containsOnly(Map.entry("", ServingStatus.NOT_SERVING),
					Map.entry("db", ServingStatus.NOT_SERVING), Map.entry("diskSpace", ServingStatus.SERVING),
					Map.entry("ping", ServingStatus.SERVING)));
	}

	@Test
	void downAndOutOfServiceAreNotServingAndUnknownIsUnknown() {
		this.runner.withUserConfiguration(EveryStatus.class)
			.run((context) -> assertThat(statuses(context)).containsEntry("up", ServingStatus.SERVING)
				.containsEntry("down", ServingStatus.NOT_SERVING)
				.containsEntry("outOfService", ServingStatus.NOT_SERVING)
				.containsEntry("unknown", ServingStatus.UNKNOWN)
				.containsEntry("custom", ServingStatus.SERVING));
	}

	@Test
	void statusMappingOverridesTheDefaults() {
		this.runner.withPropertyValues("grpc.health.status-mapping.DOWN=UNKNOWN")
			.run((context) -> assertThat(status(context, "db")).isEqualTo(ServingStatus.UNKNOWN));
	}

	@Test
	void overallFollowsTheHealthEndpointsStatusOrder() {
		this.runner.withPropertyValues("management.endpoint.health.status.order=UP,DOWN")
			.run((context) -> assertThat(status(context, "")).isEqualTo(ServingStatus.SERVING));
	}

	@Test
	void compositeContributorsArePublishedWithTheirNestedPaths() {
		this.runner.withUserConfiguration(Stores.class).run((context) -> {
			assertThat(statuses(context)).containsEntry("stores", ServingStatus.NOT_SERVING)
				.containsEntry("stores/primary", ServingStatus.SERVING)
				.containsEntry("stores/replicas", ServingStatus.NOT_SERVING)
				.containsEntry("stores/replicas/east", ServingStatus.SERVING)
				.containsEntry("stores/replicas/west", ServingStatus.NOT_SERVING);
			assertThat(statuses(context).keySet()).filteredOn((name) -> name.startsWith("stores"))
				.containsExactlyInAnyOrder("stores", "stores/primary", "stores/replicas", "stores/replicas/east",
						"stores/replicas/west");
		});
	}

	@Test
	void pathsOfCompositeMembersCanBeMappedAndAreValidated() {
		ApplicationContextRunner runner = this.runner.withUserConfiguration(Stores.class);
		runner.withPropertyValues("grpc.health.services[acme.Store].include=stores/primary,stores/replicas/east")
			.run((context) -> assertThat(status(context, "acme.Store")).isEqualTo(ServingStatus.SERVING));
		runner.withPropertyValues("grpc.health.services[acme.Store].include=stores/replicas")
			.run((context) -> assertThat(status(context, "acme.Store")).isEqualTo(ServingStatus.NOT_SERVING));
		runner.withPropertyValues("grpc.health.services[acme.Store].include=stores/replicas/north")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("grpc.health.services[acme.Store].include contains 'stores/replicas/north'"));
	}

	@Test
	void reactiveContributorsArePublishedAndCountTowardsTheOverallStatus() {
		this.runner.withUserConfiguration(ReactiveIndicators.class)
			.withPropertyValues("grpc.health.overall.exclude=db")
			.run((context) -> {
				assertThat(context).hasSingleBean(ReactiveHealthContributorRegistry.class);
				assertThat(statuses(context)).containsEntry("reactive", ServingStatus.NOT_SERVING)
					.containsEntry("caches", ServingStatus.SERVING)
					.containsEntry("caches/local", ServingStatus.SERVING)
					.containsEntry("", ServingStatus.NOT_SERVING);
			});
	}

	@Test
	void healthGroupsArePublishedWithTheirOwnMembershipAndOrder() {
		this.runner
			.withPropertyValues("management.endpoint.health.group.core.include=db,ping",
					"management.endpoint.health.group.lenient.include=db,ping",
					"management.endpoint.health.group.lenient.status.order=UP,DOWN",
					"management.endpoint.health.group.light.include=ping")
			.run((context) -> {
				assertThat(status(context, "core")).isEqualTo(ServingStatus.NOT_SERVING);
				assertThat(status(context, "lenient")).isEqualTo(ServingStatus.SERVING);
				assertThat(status(context, "light")).isEqualTo(ServingStatus.SERVING);
			});
	}

	@Test
	void probeGroupsArePublishedAndReadinessChangesArePushedAtOnce() {
		this.runner
			.withConfiguration(AutoConfigurations.of(AvailabilityHealthContributorAutoConfiguration.class,
					AvailabilityProbesAutoConfiguration.class))
			.withPropertyValues("grpc.health.refresh-interval=1h")
			.run((context) -> {
				assertThat(statuses(context)).containsKeys("liveness", "readiness", "livenessState", "readinessState");
				AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
				await().until(() -> status(context, "readiness") == ServingStatus.SERVING);
				AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
				await().until(() -> status(context, "readiness") == ServingStatus.NOT_SERVING);
			});
	}

	@Test
	void servicesAggregateTheirIncludedContributors() {
		this.runner.withPropertyValues("grpc.health.services[acme.Echo].include=db",
				"grpc.health.services[acme.Cache].include=ping,diskSpace", "grpc.health.services[acme.Store].include=*",
				"grpc.health.services[acme.Store].exclude=db", "grpc.health.refresh-interval=1h")
			.run((context) -> {
				assertThat(status(context, "acme.Echo")).isEqualTo(ServingStatus.NOT_SERVING);
				assertThat(status(context, "acme.Cache")).isEqualTo(ServingStatus.SERVING);
				assertThat(status(context, "acme.Store")).isEqualTo(ServingStatus.SERVING);
				db(context).setStatus(Status.UP);
				refresh(context);
				assertThat(status(context, "acme.Echo")).isEqualTo(ServingStatus.SERVING);
			});
	}

	@Test
	void servicesCanMirrorAHealthGroup() {
		this.runner
			.withPropertyValues("management.endpoint.health.group.core.include=ping",
					"grpc.health.services[acme.Echo].group=core")
			.run((context) -> {
				assertThat(status(context, "core")).isEqualTo(ServingStatus.SERVING);
				assertThat(status(context, "acme.Echo")).isEqualTo(ServingStatus.SERVING);
			});
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
				db(context).setStatus(Status.UP);
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
	void applicationCodeSetsNamesOfItsOwnButNotThoseOfTheContributors() {
		this.runner.withPropertyValues("grpc.health.refresh-interval=1h").run((context) -> {
			ServingStatusManager manager = context.getBean(ServingStatusManager.class);
			manager.setServingStatus("batch", ServingStatus.NOT_SERVING);
			assertThat(statuses(context)).containsEntry("batch", ServingStatus.NOT_SERVING);
			assertThat(manager.getApplicationNames()).containsExactly("batch");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> manager.setServingStatus("db", ServingStatus.SERVING));
			// A new cycle leaves the application's name alone.
			refresh(context);
			assertThat(status(context, "batch")).isEqualTo(ServingStatus.NOT_SERVING);
		});
	}

	@Test
	void aHungContributorCountsAsDownAfterTheIndicatorTimeoutWhileTheOthersStillUpdate() {
		this.runner.withUserConfiguration(HungIndicator.class)
			.withPropertyValues("grpc.health.indicator-timeout=100ms", "grpc.health.refresh-interval=1h")
			.run((context) -> {
				HealthEngine engine = context.getBean(HealthEngine.class);
				try {
					assertThat(status(context, "hung")).isEqualTo(ServingStatus.NOT_SERVING);
					assertThat(engine.lastEvaluation().indicators().get("hung").outcome())
						.isEqualTo(EvaluationOutcome.TIMEOUT);
					// Waited for exactly the configured timeout, not the 2s default.
					assertThat(engine.lastEvaluation().indicators().get("hung").duration())
						.isEqualTo(Duration.ofMillis(100));
					assertThat(status(context, "ping")).isEqualTo(ServingStatus.SERVING);
					db(context).setStatus(Status.UP);
					refresh(context);
					assertThat(status(context, "db")).isEqualTo(ServingStatus.SERVING);
					assertThat(status(context, "hung")).isEqualTo(ServingStatus.NOT_SERVING);
				}
				finally {
					context.getBean("hungHealthIndicator", SwitchableIndicator.class).release();
				}
				context.getBean("hungHealthIndicator", SwitchableIndicator.class).setStatus(Status.UP);
				await().until(() -> {
					refresh(context);
					return status(context, "hung") == ServingStatus.SERVING;
				});
			});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					grpc.health.services[acme.Echo].include | grpc.health.services[acme.Echo].include=dbb
					grpc.health.services[acme.Echo].exclude | grpc.health.services[acme.Echo].include=*;grpc.health.services[acme.Echo].exclude=dbb
					grpc.health.overall.include             | grpc.health.overall.include=dbb
					grpc.health.indicators.exclude          | grpc.health.indicators.exclude=dbb
					""")
	void aConfiguredPathThatMatchesNoContributorFailsNamingThePropertyAndTheValue(String property, String properties) {
		this.runner.withPropertyValues(properties.split(";"))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContainingAll(property + " contains 'dbb'", "grpc.health.validate-membership=false"));
	}

	@Test
	void withoutMembershipValidationAnUnmatchedPathStartsUnknownAndFollowsAContributorRegisteredLater() {
		this.runner
			.withPropertyValues("grpc.health.validate-membership=false", "grpc.health.services[acme.Echo].include=dbb",
					"grpc.health.refresh-interval=1h")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(status(context, "acme.Echo")).isEqualTo(ServingStatus.UNKNOWN);
				context.getBean(HealthContributorRegistry.class)
					.registerContributor("dbb", (HealthIndicator) () -> Health.outOfService().build());
				refresh(context);
				assertThat(status(context, "acme.Echo")).isEqualTo(ServingStatus.NOT_SERVING);
				assertThat(status(context, "dbb")).isEqualTo(ServingStatus.NOT_SERVING);
			});
	}

	@Test
	void bareNumbersAreSeconds() {
		this.runner.withPropertyValues("grpc.health.refresh-interval=5", "grpc.health.indicator-timeout=3")
			.run((context) -> {
				GrpcHealthProperties properties = context.getBean(GrpcHealthProperties.class);
				assertThat(properties.getRefreshInterval()).isEqualTo(Duration.ofSeconds(5));
				assertThat(properties.getIndicatorTimeout()).isEqualTo(Duration.ofSeconds(3));
			});
	}

	@Test
	void aRefreshIntervalBelow100msFailsNamingTheProperty() {
		this.runner.withPropertyValues("grpc.health.refresh-interval=50ms")
			.run((context) -> assertThat(failureMessages(context)).contains("grpc.health.refresh-interval")
				.contains("50ms"));
		this.runner.withPropertyValues("grpc.health.refresh-interval=100ms")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void theRefreshIntervalIsTheTimeBetweenCycles() {
		this.runner.withPropertyValues("grpc.health.refresh-interval=100ms").run((context) -> {
			SwitchableIndicator db = db(context);
			int calls = db.calls();
			// Five cycles take half a second at 100ms; at the 5s default none would run
			// in four seconds.
			await().atMost(Duration.ofSeconds(4)).until(() -> db.calls() >= calls + 5);
		});
	}

	@Test
	void overallIncludeChoosesWhatTheServerWideNameAggregates() {
		// db is DOWN: only what overall.include names counts
		this.runner.withPropertyValues("grpc.health.overall.include=ping,diskSpace")
			.run((context) -> assertThat(status(context, "")).isEqualTo(ServingStatus.SERVING));
		this.runner.withPropertyValues("grpc.health.overall.include=db,ping")
			.run((context) -> assertThat(status(context, "")).isEqualTo(ServingStatus.NOT_SERVING));
	}

	@Test
	void changesAreFollowedWithinTheRefreshInterval() {
		this.runner.withPropertyValues("grpc.health.refresh-interval=100ms").run((context) -> {
			db(context).setStatus(Status.UP);
			await().until(() -> status(context, "db") == ServingStatus.SERVING);
			db(context).setStatus(Status.DOWN);
			await().until(() -> status(context, "db") == ServingStatus.NOT_SERVING);
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
	void withoutTheHealthEndpointContributorsArePublishedWithoutGroups() {
		this.runner
			.withPropertyValues("management.endpoint.health.access=NONE",
					"management.endpoint.health.group.core.include=ping")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(HealthEndpoint.class).doesNotHaveBean(HealthEndpointGroups.class);
				assertThat(statuses(context)).containsOnlyKeys("", "db", "diskSpace", "ping");
			});
	}

	@Test
	void withoutAnyHealthAutoConfigurationTheContributorBeansAreReadAsSpringBootWouldRegisterThem() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(GrpcHealthAutoConfiguration.class))
			.withUserConfiguration(Indicators.class, ReactiveIndicators.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(HealthEngine.class)
					.doesNotHaveBean(HealthContributorRegistry.class)
					.doesNotHaveBean(ReactiveHealthContributorRegistry.class);
				assertThat(statuses(context)).containsOnly(Map.entry("", ServingStatus.NOT_SERVING),
						Map.entry("db", ServingStatus.NOT_SERVING), Map.entry("reactive", ServingStatus.NOT_SERVING),
						Map.entry("caches", ServingStatus.SERVING), Map.entry("caches/local", ServingStatus.SERVING));
			});
	}

	@Test
	void withoutAnyHealthAutoConfigurationAUserNameGeneratorIsUsed() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(GrpcHealthAutoConfiguration.class))
			.withUserConfiguration(Indicators.class)
			.withBean(HealthContributorNameGenerator.class, HealthContributorNameGenerator::unchanged)
			.run((context) -> assertThat(statuses(context)).containsOnlyKeys("", "dbHealthIndicator"));
	}

	@Test
	void theCanonicalClientSeesEveryNameAndListCanBeSwitchedOff() {
		this.runner.run((context) -> {
			try (InProcess server = new InProcess(context)) {
				assertThat(server.list()).containsOnly(Map.entry("", HealthCheckResponse.ServingStatus.NOT_SERVING),
						Map.entry("db", HealthCheckResponse.ServingStatus.NOT_SERVING),
						Map.entry("diskSpace", HealthCheckResponse.ServingStatus.SERVING),
						Map.entry("ping", HealthCheckResponse.ServingStatus.SERVING));
				assertThat(server.check("ping")).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
			}
		});
		this.runner.withPropertyValues("grpc.health.list.enabled=false").run((context) -> {
			try (InProcess server = new InProcess(context)) {
				assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(server::list)
					.extracting((ex) -> ex.getStatus().getCode())
					.isEqualTo(io.grpc.Status.Code.UNIMPLEMENTED);
				assertThat(server.check("db")).isEqualTo(HealthCheckResponse.ServingStatus.NOT_SERVING);
			}
		});
	}

	@Test
	void listAndWatchLimitsAreBoundAndEnforced() {
		this.runner.withPropertyValues("grpc.health.list.max-services=3", "grpc.health.watch.max-unknown=1")
			.run((context) -> {
				try (InProcess server = new InProcess(context)) {
					// "", db, diskSpace, ping: one more than List may return
					assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(server::list)
						.extracting((ex) -> ex.getStatus().getCode())
						.isEqualTo(io.grpc.Status.Code.RESOURCE_EXHAUSTED);
					RecordingObserver first = new RecordingObserver();
					server.watch("unknown.One", first);
					await().until(() -> !first.statuses.isEmpty());
					RecordingObserver second = new RecordingObserver();
					server.watch("unknown.Two", second);
					await().until(second.end::isDone);
					assertThat(second.end.get().getCode()).isEqualTo(io.grpc.Status.Code.RESOURCE_EXHAUSTED);
					assertThat(first.end).isNotDone();
				}
			});
	}

	static final String HEALTH_SERVICE = "grpc.health.v1.Health";

	/**
	 * Every message in the start-up failure's cause chain: the one naming the property
	 * may be any.
	 */
	static String failureMessages(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		StringBuilder messages = new StringBuilder();
		for (Throwable ex = context.getStartupFailure(); ex != null; ex = ex.getCause()) {
			messages.append(ex.getMessage()).append('\n');
		}
		return messages.toString();
	}

	/** What Check answers for a name, read through the API application code uses. */
	/** The context's own {@code db} indicator, DOWN when the context starts. */
	static SwitchableIndicator db(ApplicationContext context) {
		return context.getBean("dbHealthIndicator", SwitchableIndicator.class);
	}

	static ServingStatus status(ApplicationContext context, String name) {
		return context.getBean(ServingStatusManager.class).getServingStatus(name);
	}

	static Map<String, ServingStatus> statuses(ApplicationContext context) {
		return context.getBean(ServingStatusManager.class).getServingStatuses();
	}

	static void refresh(ApplicationContext context) {
		context.getBean(HealthEngine.class).refreshNow();
	}

	/** A gRPC service with no methods, registered under the given name. */
	static BindableService service(String name) {
		return () -> ServerServiceDefinition.builder(name).build();
	}

	private static ServingStatusListener recorder(List<String> changes, String listener) {
		return (name, previous, current) -> changes.add(listener + " " + name + ": " + previous + " -> " + current);
	}

	/**
	 * The context's health service in an in-process server, and a canonical client of it.
	 */
	private static final class InProcess implements AutoCloseable {

		private final Server server;

		private final ManagedChannel channel;

		InProcess(ApplicationContext context) throws Exception {
			String name = "health-" + UUID.randomUUID();
			this.server = InProcessServerBuilder.forName(name)
				.addService(context.getBean(HealthGrpcService.class))
				.build()
				.start();
			this.channel = InProcessChannelBuilder.forName(name).build();
		}

		HealthCheckResponse.ServingStatus check(String service) {
			return HealthGrpc.newBlockingStub(this.channel)
				.check(HealthCheckRequest.newBuilder().setService(service).build())
				.getStatus();
		}

		Map<String, HealthCheckResponse.ServingStatus> list() {
			Map<String, HealthCheckResponse.ServingStatus> statuses = new TreeMap<>();
			HealthGrpc.newBlockingStub(this.channel)
				.list(HealthListRequest.getDefaultInstance())
				.getStatusesMap()
				.forEach((name, response) -> statuses.put(name, response.getStatus()));
			return statuses;
		}

		void watch(String service, StreamObserver<HealthCheckResponse> observer) {
			HealthGrpc.newStub(this.channel)
				.watch(HealthCheckRequest.newBuilder().setService(service).build(), observer);
		}

		@Override
		public void close() throws InterruptedException {
			this.channel.shutdownNow();
			this.server.shutdownNow().awaitTermination();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Indicators {

		// One per context: no test sees another's switches.
		@Bean
		SwitchableIndicator dbHealthIndicator() {
			return SwitchableIndicator.down();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EveryStatus {

		@Bean
		HealthIndicator upHealthIndicator() {
			return () -> Health.up().build();
		}

		@Bean
		HealthIndicator downHealthIndicator() {
			return () -> Health.down().build();
		}

		@Bean
		HealthIndicator outOfServiceHealthIndicator() {
			return () -> Health.outOfService().build();
		}

		@Bean
		HealthIndicator unknownHealthIndicator() {
			return () -> Health.unknown().build();
		}

		@Bean
		HealthIndicator customHealthIndicator() {
			return () -> Health.status("FATAL_BUT_CUSTOM").build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Stores {

		@Bean
		CompositeHealthContributor storesHealthContributor() {
			return CompositeHealthContributor
				.fromMap(Map.of("primary", (HealthIndicator) () -> Health.up().build(), "replicas",
						CompositeHealthContributor.fromMap(Map.of("east", (HealthIndicator) () -> Health.up().build(),
								"west", (HealthIndicator) () -> Health.down().build()))));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class HungIndicator {

		// Blocked until the test releases it, or the engine interrupts it on close.
		@Bean
		SwitchableIndicator hungHealthIndicator() {
			SwitchableIndicator hung = SwitchableIndicator.up();
			hung.block();
			return hung;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ReactiveIndicators {

		@Bean
		ReactiveHealthIndicator reactiveHealthIndicator() {
			return () -> Mono.just(Health.outOfService().build());
		}

		@Bean
		CompositeReactiveHealthContributor cachesHealthContributor() {
			return CompositeReactiveHealthContributor
				.fromMap(Map.of("local", (ReactiveHealthIndicator) () -> Mono.just(Health.up().build())));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserMapper {

		static final ServingStatusMapper MAPPER = (code) -> "DOWN".equals(code) ? ServingStatus.UNKNOWN
				: ServingStatus.SERVING;

		@Bean
		ServingStatusMapper customMapper() {
			return MAPPER;
		}

	}

}
