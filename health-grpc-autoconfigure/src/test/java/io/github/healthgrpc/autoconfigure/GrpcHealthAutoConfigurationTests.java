package io.github.healthgrpc.autoconfigure;

import java.time.Duration;
import java.util.Map;

import io.github.healthgrpc.bridge.HealthNameCatalog;
import io.github.healthgrpc.bridge.HealthStatusUpdater;
import io.github.healthgrpc.bridge.ServingStatusManager;
import io.github.healthgrpc.bridge.ServingStatusMapper;
import io.github.healthgrpc.bridge.SimpleServingStatusMapper;
import io.github.healthgrpc.protocol.HealthGrpcService;
import io.github.healthgrpc.protocol.HealthServiceSettings;
import io.github.healthgrpc.protocol.HealthStatusTable;
import io.github.healthgrpc.protocol.ServingStatus;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.autoconfigure.availability.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.availability.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.system.DiskSpaceHealthContributorAutoConfiguration;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.ReactiveHealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class GrpcHealthAutoConfigurationTests {

	static final AutoConfigurations ACTUATOR_AND_HEALTH_GRPC = AutoConfigurations.of(
			ApplicationAvailabilityAutoConfiguration.class, EndpointAutoConfiguration.class,
			HealthContributorAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
			DiskSpaceHealthContributorAutoConfiguration.class,
			AvailabilityHealthContributorAutoConfiguration.class, AvailabilityProbesAutoConfiguration.class,
			GrpcHealthAutoConfiguration.class);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(ACTUATOR_AND_HEALTH_GRPC)
		.withUserConfiguration(Indicators.class);

	@Test
	void withActuatorEveryPartIsConfigured() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(HealthStatusTable.class)
			.hasSingleBean(HealthGrpcService.class)
			.hasSingleBean(ServingStatusMapper.class)
			.hasSingleBean(HealthNameCatalog.class)
			.hasSingleBean(HealthStatusUpdater.class)
			.hasSingleBean(ServingStatusManager.class)
			.hasSingleBean(GrpcHealthLifecycle.class)
			.hasSingleBean(RegisteredGrpcServices.class));
	}

	@Test
	void withoutActuatorItBacksOff() {
		this.runner.withClassLoader(new FilteredClassLoader(HealthContributor.class))
			.run((context) -> assertThat(context).doesNotHaveBean(HealthGrpcService.class)
				.doesNotHaveBean(HealthStatusTable.class));
	}

	@Test
	void withoutGrpcServicesItBacksOff() {
		this.runner.withClassLoader(new FilteredClassLoader(io.grpc.health.v1.HealthCheckResponse.class))
			.run((context) -> assertThat(context).doesNotHaveBean(HealthGrpcService.class));
	}

	@Test
	void whenDisabledItBacksOff() {
		this.runner.withPropertyValues("grpc.health.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(HealthGrpcService.class)
				.doesNotHaveBean(GrpcHealthProperties.class));
	}

	@Test
	void userBeansReplaceTheDefaults() {
		this.runner.withUserConfiguration(UserBeans.class).run((context) -> {
			assertThat(context).getBean(HealthStatusTable.class).isSameAs(UserBeans.TABLE);
			assertThat(context).getBean(ServingStatusMapper.class).isSameAs(UserBeans.MAPPER);
			assertThat(context).getBean(HealthGrpcService.class).isSameAs(context.getBean("customHealthService"));
			assertThat(UserBeans.TABLE.get("db")).isEqualTo(ServingStatus.NOT_SERVING);
		});
	}

	@Test
	void theFirstEvaluationIsDoneWhenTheContextHasStarted() {
		this.runner.run((context) -> assertThat(context.getBean(HealthStatusTable.class).snapshot())
			.containsEntry("", ServingStatus.NOT_SERVING)
			.containsEntry("db", ServingStatus.NOT_SERVING)
			.containsEntry("diskSpace", ServingStatus.SERVING)
			.containsEntry("ping", ServingStatus.SERVING));
	}

	@Test
	void overallFollowsActuatorsStatusOrder() {
		this.runner.withPropertyValues("management.endpoint.health.status.order=UP,DOWN")
			.run((context) -> assertThat(table(context).get("")).isEqualTo(ServingStatus.SERVING));
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
	void changesAreFollowedWithinTheRefreshInterval() {
		this.runner.withPropertyValues("grpc.health.refresh-interval=50ms").run((context) -> {
			Indicators.DB.setStatus(Status.UP);
			await().until(() -> table(context).get("db") == ServingStatus.SERVING);
			Indicators.DB.setStatus(Status.DOWN);
			await().until(() -> table(context).get("db") == ServingStatus.NOT_SERVING);
		});
	}

	@Test
	void aContributorSlowerThanTheIndicatorTimeoutIsNotServing() {
		this.runner.withUserConfiguration(SlowIndicator.class)
			.withPropertyValues("grpc.health.indicator-timeout=100ms")
			.run((context) -> {
				assertThat(table(context).get("slow")).isEqualTo(ServingStatus.NOT_SERVING);
				assertThat(table(context).get("ping")).isEqualTo(ServingStatus.SERVING);
				SlowIndicator.GATE.countDown();
			});
	}

	@Test
	void statusMappingOverridesTheDefaults() {
		this.runner.withPropertyValues("grpc.health.status-mapping.DOWN=UNKNOWN")
			.run((context) -> assertThat(table(context).get("db")).isEqualTo(ServingStatus.UNKNOWN));
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
			.run((context) -> assertThat(table(context).snapshot()).containsOnlyKeys("", "db"));
	}

	@Test
	void overallSelectionChoosesWhatTheServerWideNameAggregates() {
		this.runner.withPropertyValues("grpc.health.overall.exclude=db")
			.run((context) -> assertThat(table(context).get("")).isEqualTo(ServingStatus.SERVING));
	}

	@Test
	void servicesAggregateTheirIncludedContributors() {
		this.runner
			.withPropertyValues("grpc.health.services[acme.Echo].include=ping,diskSpace",
					"grpc.health.services[acme.Store].include=*", "grpc.health.services[acme.Store].exclude=ping")
			.run((context) -> {
				assertThat(table(context).get("acme.Echo")).isEqualTo(ServingStatus.SERVING);
				assertThat(table(context).get("acme.Store")).isEqualTo(ServingStatus.NOT_SERVING);
			});
	}

	@Test
	void servicesCanMirrorAHealthGroup() {
		this.runner
			.withPropertyValues("management.endpoint.health.group.core.include=ping",
					"grpc.health.services[acme.Echo].group=core")
			.run((context) -> {
				assertThat(table(context).get("core")).isEqualTo(ServingStatus.SERVING);
				assertThat(table(context).get("acme.Echo")).isEqualTo(ServingStatus.SERVING);
			});
	}

	@Test
	void aServiceMirroringAnUnknownGroupFailsNamingTheProperty() {
		this.runner.withPropertyValues("grpc.health.services[acme.Echo].group=nope")
			.run((context) -> assertThat(failureMessages(context)).contains("grpc.health.services[acme.Echo].group"));
	}

	@Test
	void healthGroupsArePublishedWithTheirOwnMembershipAndOrder() {
		this.runner
			.withPropertyValues("management.endpoint.health.group.core.include=db,ping",
					"management.endpoint.health.group.lenient.include=db,ping",
					"management.endpoint.health.group.lenient.status.order=UP,DOWN")
			.run((context) -> {
				assertThat(table(context).get("core")).isEqualTo(ServingStatus.NOT_SERVING);
				assertThat(table(context).get("lenient")).isEqualTo(ServingStatus.SERVING);
			});
	}

	@Test
	void probeGroupsArePublishedWhenProbesAreEnabled() {
		this.runner.withPropertyValues("management.endpoint.health.probes.enabled=true")
			.run((context) -> assertThat(table(context).snapshot()).containsKeys("liveness", "readiness"));
	}

	@Test
	void readinessChangesArePushedAtOnce() {
		this.runner
			.withPropertyValues("management.endpoint.health.probes.enabled=true", "grpc.health.refresh-interval=1h")
			.run((context) -> {
				AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
				await().until(() -> table(context).get("readiness") == ServingStatus.SERVING);
				AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
				await().until(() -> table(context).get("readiness") == ServingStatus.NOT_SERVING);
			});
	}

	@Test
	void reactiveContributorsCount() {
		this.runner.withUserConfiguration(ReactiveIndicator.class)
			.run((context) -> assertThat(table(context).get("reactive")).isEqualTo(ServingStatus.NOT_SERVING));
	}

	@Test
	void withoutTheHealthEndpointTheContributorBeansAreReadDirectly() {
		this.runner.withPropertyValues("management.endpoint.health.access=NONE").run((context) -> {
			assertThat(context).doesNotHaveBean(HealthContributorRegistry.class);
			assertThat(table(context).snapshot()).containsEntry("db", ServingStatus.NOT_SERVING)
				.containsEntry("", ServingStatus.NOT_SERVING);
		});
	}

	@Test
	void listAndWatchLimitsAreBound() {
		this.runner
			.withPropertyValues("grpc.health.list.enabled=false", "grpc.health.list.max-services=7",
					"grpc.health.watch.max-unknown=3")
			.run((context) -> assertThat(context.getBean(HealthGrpcService.class).getSettings())
				.isEqualTo(new HealthServiceSettings(false, 7, 3)));
	}

	@Test
	void invalidLimitsAndDurationsFailNamingTheProperty() {
		for (String property : new String[] { "grpc.health.list.max-services=0", "grpc.health.watch.max-unknown=-1",
				"grpc.health.refresh-interval=-5s", "grpc.health.indicator-timeout=0s",
				"grpc.health.shutdown.drain-delay=-1s" }) {
			String name = property.substring(0, property.indexOf('='));
			this.runner.withPropertyValues(property)
				.run((context) -> assertThat(failureMessages(context)).contains(name));
		}
	}

	@Test
	void worksInAWebApplication() {
		new WebApplicationContextRunner().withConfiguration(ACTUATOR_AND_HEALTH_GRPC)
			.withUserConfiguration(Indicators.class)
			.run((context) -> assertThat(table(context).get("db")).isEqualTo(ServingStatus.NOT_SERVING));
	}

	/** Every message in the start-up failure's cause chain: the one naming the property may be any. */
	static String failureMessages(org.springframework.boot.test.context.assertj.AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		StringBuilder messages = new StringBuilder();
		for (Throwable ex = context.getStartupFailure(); ex != null; ex = ex.getCause()) {
			messages.append(ex.getMessage()).append('\n');
		}
		return messages.toString();
	}

	private static HealthStatusTable table(org.springframework.context.ApplicationContext context) {
		return context.getBean(HealthStatusTable.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class Indicators {

		static final io.github.healthgrpc.bridge.SwitchableIndicator DB = io.github.healthgrpc.bridge.SwitchableIndicator
			.down();

		@Bean
		HealthIndicator dbHealthIndicator() {
			DB.setStatus(Status.DOWN);
			return DB;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SlowIndicator {

		static final java.util.concurrent.CountDownLatch GATE = new java.util.concurrent.CountDownLatch(1);

		@Bean
		HealthIndicator slowHealthIndicator() {
			return () -> {
				try {
					GATE.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return Health.up().build();
			};
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
	static class UserBeans {

		static final HealthStatusTable TABLE = new HealthStatusTable();

		static final ServingStatusMapper MAPPER = new SimpleServingStatusMapper(Map.of());

		@Bean
		HealthStatusTable customTable() {
			return TABLE;
		}

		@Bean
		ServingStatusMapper customMapper() {
			return MAPPER;
		}

		@Bean
		HealthGrpcService customHealthService() {
			return new HealthGrpcService(TABLE, HealthServiceSettings.defaults());
		}

	}

}
