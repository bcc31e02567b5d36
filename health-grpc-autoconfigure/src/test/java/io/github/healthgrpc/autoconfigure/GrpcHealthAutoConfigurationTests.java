package io.github.healthgrpc.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.ServingStatusListener;
import io.github.healthgrpc.ServingStatusManager;
import io.github.healthgrpc.ServingStatusMapper;
import io.github.healthgrpc.canonical.v1.HealthCheckRequest;
import io.github.healthgrpc.canonical.v1.HealthGrpc;
import io.github.healthgrpc.canonical.v1.HealthListRequest;
import io.github.healthgrpc.internal.boot.GrpcHealthProperties;
import io.github.healthgrpc.internal.engine.EvaluationOutcome;
import io.github.healthgrpc.internal.engine.Evaluation;
import io.github.healthgrpc.internal.engine.HealthEngine;
import io.github.healthgrpc.internal.engine.IndicatorResult;
import io.github.healthgrpc.internal.protocol.HealthGrpcService;
import io.github.healthgrpc.testing.RecordingObserver;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.autoconfigure.availability.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.availability.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.system.DiskSpaceHealthContributorAutoConfiguration;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.ReactiveHealthContributorRegistry;
import org.springframework.boot.actuate.health.ReactiveHealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class GrpcHealthAutoConfigurationTests {

	static final AutoConfigurations ACTUATOR_AND_HEALTH_GRPC = AutoConfigurations.of(
			ApplicationAvailabilityAutoConfiguration.class, EndpointAutoConfiguration.class,
			HealthContributorAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
			DiskSpaceHealthContributorAutoConfiguration.class, AvailabilityHealthContributorAutoConfiguration.class,
			AvailabilityProbesAutoConfiguration.class, GrpcHealthAutoConfiguration.class);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(ACTUATOR_AND_HEALTH_GRPC)
		.withUserConfiguration(Indicators.class);

	@Test
	void theFirstEvaluationIsAStartupStepOfItsOwn() {
		BufferingApplicationStartup startup = new BufferingApplicationStartup(10_000);
		new ApplicationContextRunner(() -> {
			AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
			context.setApplicationStartup(startup);
			return context;
		}).withConfiguration(ACTUATOR_AND_HEALTH_GRPC)
			.withUserConfiguration(Indicators.class)
			.run((context) -> assertThat(startup.getBufferedTimeline().getEvents())
				.extracting((event) -> event.getStartupStep().getName())
				.containsOnlyOnce("grpc.health.first-evaluation"));
	}

	@Test
	void theFirstEvaluationOverlapsTheCreationOfTheOtherBeans() {
		this.runner.withUserConfiguration(FirstEvaluationWitness.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(FirstEvaluationWitness.class).sawTheFirstEvaluation).isTrue();
		});
	}

	@Test
	void withActuatorEveryPartIsConfigured() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(HealthEngine.class)
			.hasSingleBean(HealthGrpcService.class)
			.hasSingleBean(ServingStatusMapper.class)
			.hasSingleBean(ServingStatusManager.class)
			.hasBean("grpcHealthLifecycle")
			.hasSingleBean(RegisteredGrpcServices.class));
	}

	@Test
	void theBeansAreTheEnginesOwnParts() {
		this.runner.run((context) -> {
			HealthEngine engine = context.getBean(HealthEngine.class);
			assertThat(context.getBean(HealthGrpcService.class)).isSameAs(engine.grpcService());
			assertThat(context.getBean(ServingStatusManager.class)).isSameAs(engine.servingStatusManager());
			assertThat(engine.isRunning()).isTrue();
		});
	}

	@Test
	void withoutActuatorItBacksOff() {
		this.runner.withClassLoader(new FilteredClassLoader(HealthContributor.class))
			.run((context) -> assertThat(context).doesNotHaveBean(HealthGrpcService.class)
				.doesNotHaveBean(HealthEngine.class)
				.doesNotHaveBean(ServingStatusManager.class));
	}

	@Test
	void withoutGrpcServicesItBacksOff() {
		this.runner.withClassLoader(new FilteredClassLoader(io.grpc.health.v1.HealthCheckResponse.class))
			.run((context) -> assertThat(context).doesNotHaveBean(HealthGrpcService.class)
				.doesNotHaveBean(HealthEngine.class));
	}

	@Test
	void whenDisabledItBacksOff() {
		this.runner.withPropertyValues("grpc.health.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(HealthGrpcService.class)
				.doesNotHaveBean(HealthEngine.class)
				.doesNotHaveBean(GrpcHealthProperties.class));
	}

	@Test
	void aUserMapperReplacesTheDefaultAndIsUsed() {
		this.runner.withUserConfiguration(UserMapper.class).run((context) -> {
			assertThat(context).getBean(ServingStatusMapper.class).isSameAs(UserMapper.MAPPER);
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
						"first ping: null -> SERVING");
				db(context).setStatus(Status.UP);
				context.getBean(HealthEngine.class).refreshNow();
				assertThat(changes).contains("first db: NOT_SERVING -> SERVING", "second db: NOT_SERVING -> SERVING");
				context.getBean(ServingStatusManager.class).setServingStatus("batch", ServingStatus.SERVING);
				context.getBean(ServingStatusManager.class).clearServingStatus("batch");
				assertThat(changes).contains("first batch: null -> SERVING", "first batch: SERVING -> null");
			});
	}

	@Test
	void theFirstEvaluationIsDoneWhenTheContextHasStarted() {
		this.runner.run((context) -> assertThat(statuses(context)).containsEntry("", ServingStatus.NOT_SERVING)
			.containsEntry("db", ServingStatus.NOT_SERVING)
			.containsEntry("diskSpace", ServingStatus.SERVING)
			.containsEntry("ping", ServingStatus.SERVING));
	}

	@Test
	void overallFollowsActuatorsStatusOrder() {
		this.runner.withPropertyValues("management.endpoint.health.status.order=UP,DOWN")
			.run((context) -> assertThat(status(context, "")).isEqualTo(ServingStatus.SERVING));
	}

	@Test
	void refreshIntervalAndTimeoutAreBound() {
		this.runner.withPropertyValues("grpc.health.refresh-interval=250ms", "grpc.health.indicator-timeout=1s")
			.run((context) -> {
				GrpcHealthProperties properties = context.getBean(GrpcHealthProperties.class);
				assertThat(properties.getRefreshInterval()).isEqualTo(Duration.ofMillis(250));
				assertThat(properties.getIndicatorTimeout()).isEqualTo(Duration.ofSeconds(1));
			});
	}

	@Test
	void bareNumbersAreSeconds() {
		this.runner
			.withPropertyValues("grpc.health.refresh-interval=5", "grpc.health.indicator-timeout=3",
					"grpc.health.shutdown.drain-delay=2")
			.run((context) -> {
				GrpcHealthProperties properties = context.getBean(GrpcHealthProperties.class);
				assertThat(properties.getRefreshInterval()).isEqualTo(Duration.ofSeconds(5));
				assertThat(properties.getIndicatorTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(properties.getShutdown().getDrainDelay()).isEqualTo(Duration.ofSeconds(2));
			});
	}

	@Test
	void aRefreshIntervalBelow100msFailsNamingTheProperty() {
		this.runner.withPropertyValues("grpc.health.refresh-interval=50ms")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContainingAll("grpc.health.refresh-interval", "100ms", "50ms"));
		this.runner.withPropertyValues("grpc.health.refresh-interval=100ms")
			.run((context) -> assertThat(context).hasNotFailed());
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
	void aContributorSlowerThanTheIndicatorTimeoutIsNotServing() {
		this.runner.withUserConfiguration(SlowIndicator.class)
			.withPropertyValues("grpc.health.indicator-timeout=100ms", "grpc.health.refresh-interval=1h")
			.run((context) -> {
				assertThat(status(context, "slow")).isEqualTo(ServingStatus.NOT_SERVING);
				assertThat(status(context, "ping")).isEqualTo(ServingStatus.SERVING);
				// Waited for exactly the configured timeout, not the 2s default.
				IndicatorResult slow = context.getBean(HealthEngine.class).lastEvaluation().indicators().get("slow");
				assertThat(slow.outcome()).isEqualTo(EvaluationOutcome.TIMEOUT);
				assertThat(slow.duration()).isEqualTo(Duration.ofMillis(100));
				context.getBean("slowHealthIndicator", SwitchableIndicator.class).release();
			});
	}

	@Test
	void statusMappingOverridesTheDefaults() {
		this.runner.withPropertyValues("grpc.health.status-mapping.DOWN=UNKNOWN")
			.run((context) -> assertThat(status(context, "db")).isEqualTo(ServingStatus.UNKNOWN));
	}

	@Test
	void anUnknownServingStatusFailsNamingTheProperty() {
		this.runner.withPropertyValues("grpc.health.status-mapping.DOWN=BROKEN")
			.run((context) -> assertThat(failureMessages(context)).contains("grpc.health.status-mapping.down")
				.contains("BROKEN"));
	}

	@Test
	void indicatorsSelectionChoosesThePublishedContributorNames() {
		this.runner.withPropertyValues("grpc.health.indicators.include=db,ping", "grpc.health.indicators.exclude=ping")
			.run((context) -> assertThat(statuses(context)).containsOnlyKeys("", "db"));
	}

	@Test
	void overallSelectionChoosesWhatTheServerWideNameAggregates() {
		this.runner.withPropertyValues("grpc.health.overall.exclude=db")
			.run((context) -> assertThat(status(context, "")).isEqualTo(ServingStatus.SERVING));
		// db is DOWN: only what overall.include names counts
		this.runner.withPropertyValues("grpc.health.overall.include=ping,diskSpace")
			.run((context) -> assertThat(status(context, "")).isEqualTo(ServingStatus.SERVING));
		this.runner.withPropertyValues("grpc.health.overall.include=db,ping")
			.run((context) -> assertThat(status(context, "")).isEqualTo(ServingStatus.NOT_SERVING));
	}

	@Test
	void servicesAggregateTheirIncludedContributors() {
		this.runner
			.withPropertyValues("grpc.health.services[acme.Echo].include=ping,diskSpace",
					"grpc.health.services[acme.Store].include=*", "grpc.health.services[acme.Store].exclude=ping",
					"grpc.health.services[acme.Cache].include=*", "grpc.health.services[acme.Cache].exclude=db")
			.run((context) -> {
				assertThat(status(context, "acme.Echo")).isEqualTo(ServingStatus.SERVING);
				assertThat(status(context, "acme.Store")).isEqualTo(ServingStatus.NOT_SERVING);
				// db is DOWN: excluding it is what makes the service SERVING
				assertThat(status(context, "acme.Cache")).isEqualTo(ServingStatus.SERVING);
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
	void aServiceMirroringAnUnknownGroupFailsNamingTheProperty() {
		this.runner.withPropertyValues("grpc.health.services[acme.Echo].group=nope")
			.run((context) -> assertThat(failureMessages(context)).contains("grpc.health.services[acme.Echo].group"));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|',
			textBlock = """
					grpc.health.services[acme.Echo].include | grpc.health.services[acme.Echo].include=dbb
					grpc.health.services[acme.Echo].exclude | grpc.health.services[acme.Echo].include=*;grpc.health.services[acme.Echo].exclude=dbb
					grpc.health.overall.include             | grpc.health.overall.include=dbb
					grpc.health.overall.exclude             | grpc.health.overall.exclude=dbb
					grpc.health.indicators.include          | grpc.health.indicators.include=db,dbb
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
	void pathsOfCompositeMembersAreValidatedToo() {
		ApplicationContextRunner runner = this.runner.withUserConfiguration(Stores.class);
		runner.withPropertyValues("grpc.health.services[acme.Store].include=stores/primary")
			.run((context) -> assertThat(status(context, "acme.Store")).isEqualTo(ServingStatus.SERVING));
		runner.withPropertyValues("grpc.health.services[acme.Store].include=stores")
			.run((context) -> assertThat(status(context, "acme.Store")).isEqualTo(ServingStatus.NOT_SERVING));
		runner.withPropertyValues("grpc.health.services[acme.Store].include=stores/tertiary")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("grpc.health.services[acme.Store].include contains 'stores/tertiary'"));
	}

	@Test
	void withoutMembershipValidationAnUnmatchedPathStartsUnknownAndFollowsContributorsRegisteredLater() {
		this.runner
			.withPropertyValues("grpc.health.validate-membership=false", "grpc.health.services[acme.Echo].include=dbb",
					"grpc.health.refresh-interval=1h")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(status(context, "acme.Echo")).isEqualTo(ServingStatus.UNKNOWN);
				context.getBean(HealthContributorRegistry.class)
					.registerContributor("dbb", (HealthIndicator) () -> Health.outOfService().build());
				context.getBean(HealthEngine.class).refreshNow();
				assertThat(status(context, "acme.Echo")).isEqualTo(ServingStatus.NOT_SERVING);
			});
	}

	@Test
	void healthGroupsArePublishedWithTheirOwnMembershipAndOrder() {
		this.runner
			.withPropertyValues("management.endpoint.health.group.core.include=db,ping",
					"management.endpoint.health.group.lenient.include=db,ping",
					"management.endpoint.health.group.lenient.status.order=UP,DOWN")
			.run((context) -> {
				assertThat(status(context, "core")).isEqualTo(ServingStatus.NOT_SERVING);
				assertThat(status(context, "lenient")).isEqualTo(ServingStatus.SERVING);
			});
	}

	@Test
	void probeGroupsArePublishedWhenProbesAreEnabled() {
		this.runner.withPropertyValues("management.endpoint.health.probes.enabled=true")
			.run((context) -> assertThat(statuses(context)).containsKeys("liveness", "readiness"));
	}

	@Test
	void readinessChangesArePushedAtOnce() {
		this.runner
			.withPropertyValues("management.endpoint.health.probes.enabled=true", "grpc.health.refresh-interval=1h")
			.run((context) -> {
				AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
				await().until(() -> status(context, "readiness") == ServingStatus.SERVING);
				AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
				await().until(() -> status(context, "readiness") == ServingStatus.NOT_SERVING);
			});
	}

	@Test
	void reactiveContributorsCount() {
		this.runner.withUserConfiguration(ReactiveIndicator.class)
			.run((context) -> assertThat(status(context, "reactive")).isEqualTo(ServingStatus.NOT_SERVING));
	}

	@Test
	void withoutTheHealthEndpointTheContributorBeansAreReadDirectly() {
		this.runner.withPropertyValues("management.endpoint.health.access=NONE").run((context) -> {
			assertThat(context).doesNotHaveBean(HealthContributorRegistry.class);
			assertThat(statuses(context)).containsEntry("db", ServingStatus.NOT_SERVING)
				.containsEntry("", ServingStatus.NOT_SERVING);
		});
	}

	@Test
	void withoutTheHealthEndpointReactiveContributorsArePublished() {
		this.runner.withUserConfiguration(ReactiveIndicator.class)
			.withPropertyValues("management.endpoint.health.access=NONE", "grpc.health.overall.exclude=db")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(HealthContributorRegistry.class)
					.doesNotHaveBean(ReactiveHealthContributorRegistry.class);
				assertThat(statuses(context)).containsEntry("reactive", ServingStatus.NOT_SERVING)
					.containsEntry("db", ServingStatus.NOT_SERVING)
					.containsEntry("", ServingStatus.NOT_SERVING);
			});
	}

	@Test
	void withoutAnyActuatorAutoConfigurationReactiveAndBlockingContributorsArePublished() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(GrpcHealthAutoConfiguration.class))
			.withUserConfiguration(ReactiveIndicator.class, UpIndicator.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(HealthEngine.class)
					.doesNotHaveBean(HealthEndpoint.class)
					.doesNotHaveBean(HealthContributorRegistry.class)
					.doesNotHaveBean(ReactiveHealthContributorRegistry.class);
				assertThat(statuses(context)).containsOnly(Map.entry("reactive", ServingStatus.NOT_SERVING),
						Map.entry("up", ServingStatus.SERVING), Map.entry("", ServingStatus.NOT_SERVING));
			});
	}

	@Test
	void listCanBeSwitchedOffForClients() {
		this.runner.withPropertyValues("grpc.health.list.enabled=false").run((context) -> {
			try (InProcess server = new InProcess(context)) {
				assertThatExceptionOfType(StatusRuntimeException.class)
					.isThrownBy(() -> server.blocking().list(HealthListRequest.getDefaultInstance()))
					.extracting((ex) -> ex.getStatus().getCode())
					.isEqualTo(io.grpc.Status.Code.UNIMPLEMENTED);
				assertThat(
						server.blocking().check(HealthCheckRequest.newBuilder().setService("db").build()).getStatus())
					.isEqualTo(io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus.NOT_SERVING);
			}
		});
	}

	@Test
	void listAndWatchLimitsAreBoundAndEnforcedForClients() {
		this.runner.withPropertyValues("grpc.health.list.max-services=3", "grpc.health.watch.max-unknown=1")
			.run((context) -> {
				try (InProcess server = new InProcess(context)) {
					// "", db, diskSpace, ping: one more than List may return
					assertThat(statuses(context)).hasSize(4);
					assertThatExceptionOfType(StatusRuntimeException.class)
						.isThrownBy(() -> server.blocking().list(HealthListRequest.getDefaultInstance()))
						.extracting((ex) -> ex.getStatus().getCode())
						.isEqualTo(io.grpc.Status.Code.RESOURCE_EXHAUSTED);
					RecordingObserver first = new RecordingObserver();
					HealthGrpc.newStub(server.channel)
						.watch(HealthCheckRequest.newBuilder().setService("unknown.One").build(), first);
					await().until(() -> !first.statuses.isEmpty());
					RecordingObserver second = new RecordingObserver();
					HealthGrpc.newStub(server.channel)
						.watch(HealthCheckRequest.newBuilder().setService("unknown.Two").build(), second);
					await().until(second.end::isDone);
					assertThat(second.end.get().getCode()).isEqualTo(io.grpc.Status.Code.RESOURCE_EXHAUSTED);
					assertThat(first.end).isNotDone();
				}
			});
		this.runner.run((context) -> {
			GrpcHealthProperties properties = context.getBean(GrpcHealthProperties.class);
			assertThat(properties.getList().isEnabled()).isTrue();
			assertThat(properties.getList().getMaxServices()).isEqualTo(100);
			assertThat(properties.getWatch().getMaxUnknown()).isEqualTo(1000);
		});
	}

	@Test
	void invalidLimitsAndDurationsFailNamingTheProperty() {
		for (String property : new String[] { "grpc.health.list.max-services=0", "grpc.health.watch.max-unknown=-1",
				"grpc.health.refresh-interval=-5s", "grpc.health.refresh-interval=99ms",
				"grpc.health.indicator-timeout=0s", "grpc.health.shutdown.drain-delay=-1s" }) {
			String name = property.substring(0, property.indexOf('='));
			this.runner.withPropertyValues(property)
				.run((context) -> assertThat(failureMessages(context)).contains(name));
		}
	}

	@Test
	void worksInAWebApplication() {
		new WebApplicationContextRunner().withConfiguration(ACTUATOR_AND_HEALTH_GRPC)
			.withUserConfiguration(Indicators.class)
			.run((context) -> assertThat(status(context, "db")).isEqualTo(ServingStatus.NOT_SERVING));
	}

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

	private static ServingStatus status(ApplicationContext context, String name) {
		return context.getBean(ServingStatusManager.class).getServingStatus(name);
	}

	private static Map<String, ServingStatus> statuses(ApplicationContext context) {
		return context.getBean(ServingStatusManager.class).getServingStatuses();
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

		HealthGrpc.HealthBlockingStub blocking() {
			return HealthGrpc.newBlockingStub(this.channel);
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

	/**
	 * Runs once every singleton exists and before any lifecycle bean starts: if the first
	 * evaluation began only when health-grpc's lifecycle starts, it would wait here in
	 * vain.
	 */
	@Configuration(proxyBeanMethods = false)
	static class FirstEvaluationWitness implements SmartInitializingSingleton {

		private final ObjectProvider<HealthEngine> engine;

		volatile boolean sawTheFirstEvaluation;

		FirstEvaluationWitness(ObjectProvider<HealthEngine> engine) {
			this.engine = engine;
		}

		@Override
		public void afterSingletonsInstantiated() {
			HealthEngine created = this.engine.getObject();
			await().atMost(Duration.ofSeconds(10)).until(() -> created.lastEvaluation() != Evaluation.NONE);
			this.sawTheFirstEvaluation = true;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UpIndicator {

		@Bean
		HealthIndicator upHealthIndicator() {
			return () -> Health.up().build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Stores {

		@Bean
		CompositeHealthContributor storesHealthContributor() {
			return CompositeHealthContributor.fromMap(Map.of("primary", (HealthIndicator) () -> Health.up().build(),
					"replica", (HealthIndicator) () -> Health.down().build()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SlowIndicator {

		// Blocked until the test releases it, or the engine interrupts it on close.
		@Bean
		SwitchableIndicator slowHealthIndicator() {
			SwitchableIndicator slow = SwitchableIndicator.up();
			slow.block();
			return slow;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ReactiveIndicator {

		@Bean
		ReactiveHealthIndicator reactiveHealthIndicator() {
			return () -> Mono.just(Health.outOfService().build());
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
