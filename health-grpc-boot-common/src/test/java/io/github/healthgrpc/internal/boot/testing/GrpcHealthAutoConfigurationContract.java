package io.github.healthgrpc.internal.boot.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
import io.github.healthgrpc.internal.engine.Evaluation;
import io.github.healthgrpc.internal.engine.EvaluationOutcome;
import io.github.healthgrpc.internal.engine.HealthEngine;
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

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.github.healthgrpc.internal.boot.testing.TestContexts.failureMessages;
import static io.github.healthgrpc.internal.boot.testing.TestContexts.indicator;
import static io.github.healthgrpc.internal.boot.testing.TestContexts.refresh;
import static io.github.healthgrpc.internal.boot.testing.TestContexts.status;
import static io.github.healthgrpc.internal.boot.testing.TestContexts.statuses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * What health-grpc's auto-configuration must do on either Spring Boot line, in contexts
 * built from the line's health auto-configurations and ours, with a {@code db} indicator
 * that is DOWN at first: which beans it makes and when it backs off; the first evaluation
 * (its own start-up step, overlapping the other beans' creation, done once the context
 * has started); what is published (every contributor and composite member by its path,
 * reactive ones too, health groups, the probes, the overall name and its selection,
 * service mappings), with which status (Actuator's order, the status mapping, a user's
 * mapper), how changes are followed (the refresh interval, readiness pushed at once, a
 * hung contributor timed out, listeners told); what is read without the health endpoint
 * or without any of Spring Boot's health auto-configurations; the properties' binding and
 * the checks that name a wrong one; and what a canonical client sees. Each line's test
 * extends this with its {@link SpringBootLine}.
 */
public abstract class GrpcHealthAutoConfigurationContract {

	private final SpringBootLine line;

	/**
	 * The line's health auto-configurations and ours, with a {@code db} indicator DOWN.
	 */
	private final ApplicationContextRunner runner;

	protected GrpcHealthAutoConfigurationContract(SpringBootLine line) {
		this.line = line;
		this.runner = withDb(new ApplicationContextRunner());
	}

	@Test
	void theFirstEvaluationIsAStartupStepOfItsOwn() {
		BufferingApplicationStartup startup = new BufferingApplicationStartup(10_000);
		withDb(new ApplicationContextRunner(() -> {
			AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
			context.setApplicationStartup(startup);
			return context;
		})).run((context) -> assertThat(startup.getBufferedTimeline().getEvents())
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
	void withTheHealthApiEveryPartIsConfigured() {
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
	void withoutTheHealthApiItBacksOff() {
		FilteredClassLoader withoutHealth = new FilteredClassLoader(this.line.contributorType());
		this.runner.withClassLoader(withoutHealth)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(HealthGrpcService.class)
				.doesNotHaveBean(HealthEngine.class)
				.doesNotHaveBean(ServingStatusManager.class));
		new ApplicationContextRunner().withConfiguration(this.line.healthGrpcAlone())
			.withClassLoader(withoutHealth)
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
				indicator(context, "db").setStatus("UP");
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
		ApplicationContextRunner runner = this.runner;
		for (Map.Entry<String, String> indicator : Map
			.of("up", "UP", "down", "DOWN", "outOfService", "OUT_OF_SERVICE", "unknown", "UNKNOWN", "custom",
					"FATAL_BUT_CUSTOM")
			.entrySet()) {
			runner = this.line.withIndicator(runner, indicator.getKey(), indicator.getValue());
		}
		runner.run((context) -> assertThat(statuses(context)).containsEntry("up", ServingStatus.SERVING)
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
	void anUnknownServingStatusFailsNamingTheProperty() {
		this.runner.withPropertyValues("grpc.health.status-mapping.DOWN=BROKEN")
			.run((context) -> assertThat(failureMessages(context)).contains("grpc.health.status-mapping.down")
				.contains("BROKEN"));
	}

	@Test
	void overallFollowsTheHealthEndpointsStatusOrder() {
		this.runner.withPropertyValues("management.endpoint.health.status.order=UP,DOWN")
			.run((context) -> assertThat(status(context, "")).isEqualTo(ServingStatus.SERVING));
	}

	@Test
	void compositeContributorsArePublishedWithTheirNestedPaths() {
		withStores(this.runner).run((context) -> {
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
		ApplicationContextRunner runner = withStores(this.runner);
		for (String serving : List.of("stores/primary", "stores/primary,stores/replicas/east")) {
			runner.withPropertyValues("grpc.health.services[acme.Store].include=" + serving)
				.run((context) -> assertThat(status(context, "acme.Store")).isEqualTo(ServingStatus.SERVING));
		}
		runner.withPropertyValues("grpc.health.services[acme.Store].include=stores/replicas")
			.run((context) -> assertThat(status(context, "acme.Store")).isEqualTo(ServingStatus.NOT_SERVING));
		runner.withPropertyValues("grpc.health.services[acme.Store].include=stores")
			.run((context) -> assertThat(status(context, "acme.Store")).isEqualTo(ServingStatus.NOT_SERVING));
		for (String unknown : List.of("stores/replicas/north", "stores/tertiary")) {
			runner.withPropertyValues("grpc.health.services[acme.Store].include=" + unknown)
				.run((context) -> assertThat(context).getFailure()
					.rootCause()
					.hasMessageContaining("grpc.health.services[acme.Store].include contains '" + unknown + "'"));
		}
	}

	@Test
	void reactiveContributorsArePublishedAndCountTowardsTheOverallStatus() {
		withReactive(this.runner)
			.run((context) -> assertThat(statuses(context)).containsEntry("reactive", ServingStatus.NOT_SERVING)
				.containsEntry("caches", ServingStatus.SERVING)
				.containsEntry("caches/local", ServingStatus.SERVING)
				.containsEntry("", ServingStatus.NOT_SERVING));
		withReactive(this.runner).withPropertyValues("grpc.health.overall.exclude=db")
			.run((context) -> assertThat(status(context, "")).isEqualTo(ServingStatus.NOT_SERVING));
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
	void probeGroupsArePublishedWhenProbesAreEnabled() {
		this.line.withProbes(this.runner)
			.run((context) -> assertThat(statuses(context)).containsKeys("liveness", "readiness", "livenessState",
					"readinessState"));
	}

	@Test
	void readinessChangesArePushedAtOnce() {
		this.line.withProbes(this.runner).withPropertyValues("grpc.health.refresh-interval=1h").run((context) -> {
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
				"grpc.health.services[acme.Store].exclude=db", "grpc.health.services[acme.Orders].include=*",
				"grpc.health.services[acme.Orders].exclude=ping", "grpc.health.refresh-interval=1h")
			.run((context) -> {
				assertThat(status(context, "acme.Echo")).isEqualTo(ServingStatus.NOT_SERVING);
				assertThat(status(context, "acme.Cache")).isEqualTo(ServingStatus.SERVING);
				// db is DOWN: excluding it is what makes the service SERVING
				assertThat(status(context, "acme.Store")).isEqualTo(ServingStatus.SERVING);
				assertThat(status(context, "acme.Orders")).isEqualTo(ServingStatus.NOT_SERVING);
				indicator(context, "db").setStatus("UP");
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
	void aServiceMirroringAnUnknownGroupFailsNamingTheProperty() {
		this.runner.withPropertyValues("grpc.health.services[acme.Echo].group=nope")
			.run((context) -> assertThat(failureMessages(context)).contains("grpc.health.services[acme.Echo].group"));
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
		// Blocked until the test releases it, or the engine interrupts it on close.
		this.line.withContributor(this.runner, "hungHealthIndicator", () -> {
			IndicatorSwitch hung = this.line.indicator("UP");
			hung.block();
			return hung;
		})
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
					indicator(context, "db").setStatus("UP");
					refresh(context);
					assertThat(status(context, "db")).isEqualTo(ServingStatus.SERVING);
					assertThat(status(context, "hung")).isEqualTo(ServingStatus.NOT_SERVING);
				}
				finally {
					indicator(context, "hung").release();
				}
				indicator(context, "hung").setStatus("UP");
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
	void withoutMembershipValidationAnUnmatchedPathStartsUnknownAndFollowsAContributorRegisteredLater() {
		this.runner
			.withPropertyValues("grpc.health.validate-membership=false", "grpc.health.services[acme.Echo].include=dbb",
					"grpc.health.refresh-interval=1h")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(status(context, "acme.Echo")).isEqualTo(ServingStatus.UNKNOWN);
				this.line.registerContributor(context, "dbb", this.line.indicator("OUT_OF_SERVICE"));
				refresh(context);
				assertThat(status(context, "acme.Echo")).isEqualTo(ServingStatus.NOT_SERVING);
				assertThat(status(context, "dbb")).isEqualTo(ServingStatus.NOT_SERVING);
			});
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
		this.runner.withPropertyValues("grpc.health.refresh-interval=50ms").run((context) -> {
			assertThat(failureMessages(context)).contains("grpc.health.refresh-interval").contains("50ms");
			assertThat(context).getFailure()
				.rootCause()
				.hasMessageContainingAll("grpc.health.refresh-interval", "100ms", "50ms");
		});
		this.runner.withPropertyValues("grpc.health.refresh-interval=100ms")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void invalidLimitsAndDurationsFailNamingTheProperty() {
		for (String property : List.of("grpc.health.list.max-services=0", "grpc.health.watch.max-unknown=-1",
				"grpc.health.refresh-interval=-5s", "grpc.health.refresh-interval=99ms",
				"grpc.health.indicator-timeout=0s", "grpc.health.shutdown.drain-delay=-1s")) {
			String name = property.substring(0, property.indexOf('='));
			this.runner.withPropertyValues(property)
				.run((context) -> assertThat(failureMessages(context)).contains(name));
		}
	}

	@Test
	void aHealthListenerPortThatNoSocketCanHaveFailsNamingTheProperty() {
		// Its properties are bound apart, only with the listener: still checked at start.
		this.runner.withPropertyValues("grpc.health.server.port=65536")
			.run((context) -> assertThat(failureMessages(context))
				.contains("grpc.health.server.port must be between 0 (a random free port) and 65535, was 65536"));
	}

	@Test
	void theRefreshIntervalIsTheTimeBetweenCycles() {
		this.runner.withPropertyValues("grpc.health.refresh-interval=100ms").run((context) -> {
			IndicatorSwitch db = indicator(context, "db");
			int calls = db.calls();
			// Five cycles take half a second at 100ms; at the 5s default none would run
			// in four seconds.
			await().atMost(Duration.ofSeconds(4)).until(() -> db.calls() >= calls + 5);
		});
	}

	@Test
	void changesAreFollowedWithinTheRefreshInterval() {
		this.runner.withPropertyValues("grpc.health.refresh-interval=100ms").run((context) -> {
			indicator(context, "db").setStatus("UP");
			await().until(() -> status(context, "db") == ServingStatus.SERVING);
			indicator(context, "db").setStatus("DOWN");
			await().until(() -> status(context, "db") == ServingStatus.NOT_SERVING);
		});
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
	void indicatorsSelectionChoosesThePublishedContributorNames() {
		this.runner.withPropertyValues("grpc.health.indicators.include=db,ping", "grpc.health.indicators.exclude=ping")
			.run((context) -> assertThat(statuses(context)).containsOnlyKeys("", "db"));
	}

	@Test
	void withoutTheHealthEndpointTheContributorBeansArePublishedWithoutGroups() {
		this.runner
			.withPropertyValues("management.endpoint.health.access=NONE",
					"management.endpoint.health.group.core.include=ping")
			.run((context) -> {
				this.line.healthEndpointBeans().forEach((type) -> assertThat(context).doesNotHaveBean(type));
				assertThat(statuses(context)).containsOnlyKeys("", "db", "diskSpace", "ping")
					.containsEntry("db", ServingStatus.NOT_SERVING)
					.containsEntry("", ServingStatus.NOT_SERVING);
			});
	}

	@Test
	void withoutTheHealthEndpointReactiveContributorsArePublished() {
		withReactive(this.runner)
			.withPropertyValues("management.endpoint.health.access=NONE", "grpc.health.overall.exclude=db")
			.run((context) -> {
				this.line.healthEndpointBeans().forEach((type) -> assertThat(context).doesNotHaveBean(type));
				assertThat(statuses(context)).containsEntry("reactive", ServingStatus.NOT_SERVING)
					.containsEntry("caches/local", ServingStatus.SERVING)
					.containsEntry("db", ServingStatus.NOT_SERVING)
					.containsEntry("", ServingStatus.NOT_SERVING);
			});
	}

	@Test
	void withoutAnyHealthAutoConfigurationTheContributorBeansAreReadAsSpringBootWouldRegisterThem() {
		ApplicationContextRunner alone = new ApplicationContextRunner().withConfiguration(this.line.healthGrpcAlone());
		withReactive(this.line.withIndicator(this.line.withIndicator(alone, "db", "DOWN"), "up", "UP"))
			.run((context) -> {
				assertThat(context).hasSingleBean(HealthEngine.class);
				this.line.healthInfrastructureBeans().forEach((type) -> assertThat(context).doesNotHaveBean(type));
				assertThat(statuses(context)).containsOnly(Map.entry("", ServingStatus.NOT_SERVING),
						Map.entry("db", ServingStatus.NOT_SERVING), Map.entry("up", ServingStatus.SERVING),
						Map.entry("reactive", ServingStatus.NOT_SERVING), Map.entry("caches", ServingStatus.SERVING),
						Map.entry("caches/local", ServingStatus.SERVING));
			});
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
					assertThat(statuses(context)).hasSize(4);
					assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(server::list)
						.extracting((ex) -> ex.getStatus().getCode())
						.isEqualTo(io.grpc.Status.Code.RESOURCE_EXHAUSTED);
					RecordingObserver first = server.watch("unknown.One");
					await().until(() -> !first.statuses.isEmpty());
					RecordingObserver second = server.watch("unknown.Two");
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
	@SuppressWarnings("unchecked")
	void worksInAWebApplication() {
		new WebApplicationContextRunner().withConfiguration(this.line.healthAndHealthGrpc())
			.withBean("dbHealthIndicator", (Class<Object>) this.line.contributorType(),
					() -> this.line.indicator("DOWN"))
			.run((context) -> assertThat(status(context, "db")).isEqualTo(ServingStatus.NOT_SERVING));
	}

	/**
	 * A runner of the line's health auto-configurations and ours, with a {@code db}
	 * indicator DOWN.
	 */
	private ApplicationContextRunner withDb(ApplicationContextRunner runner) {
		return this.line.withIndicator(runner.withConfiguration(this.line.healthAndHealthGrpc()), "db", "DOWN");
	}

	/**
	 * With the composite {@code stores}: {@code primary} UP, {@code replicas} of
	 * {@code east} UP and {@code west} DOWN.
	 */
	private ApplicationContextRunner withStores(ApplicationContextRunner runner) {
		return this.line.withContributor(runner, "storesHealthContributor", () -> this.line.composite(Map.of("primary",
				this.line.indicator("UP"), "replicas",
				this.line.composite(Map.of("east", this.line.indicator("UP"), "west", this.line.indicator("DOWN"))))));
	}

	/**
	 * With the reactive indicator {@code reactive} OUT_OF_SERVICE and the reactive
	 * composite {@code caches} of {@code local} UP.
	 */
	private ApplicationContextRunner withReactive(ApplicationContextRunner runner) {
		return this.line.withReactiveContributor(
				this.line.withReactiveContributor(runner, "reactiveHealthIndicator",
						() -> this.line.reactiveIndicator("OUT_OF_SERVICE")),
				"cachesHealthContributor",
				() -> this.line.reactiveComposite(Map.of("local", this.line.reactiveIndicator("UP"))));
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
			String name = InProcessServerBuilder.generateName();
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

		RecordingObserver watch(String service) {
			RecordingObserver observer = new RecordingObserver();
			HealthGrpc.newStub(this.channel)
				.watch(HealthCheckRequest.newBuilder().setService(service).build(), observer);
			return observer;
		}

		@Override
		public void close() throws InterruptedException {
			this.channel.shutdownNow();
			this.server.shutdownNow().awaitTermination();
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
	static class UserMapper {

		static final ServingStatusMapper MAPPER = (code) -> "DOWN".equals(code) ? ServingStatus.UNKNOWN
				: ServingStatus.SERVING;

		@Bean
		ServingStatusMapper customMapper() {
			return MAPPER;
		}

	}

}
