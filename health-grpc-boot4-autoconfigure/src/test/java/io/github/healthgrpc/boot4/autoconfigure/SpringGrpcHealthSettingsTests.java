package io.github.healthgrpc.boot4.autoconfigure;

import java.time.Duration;
import java.util.Map;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.internal.boot.GrpcHealthProperties;
import io.github.healthgrpc.internal.engine.HealthEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static io.github.healthgrpc.internal.boot.testing.TestContexts.indicator;
import static io.github.healthgrpc.internal.boot.testing.TestContexts.refresh;
import static io.github.healthgrpc.internal.boot.testing.TestContexts.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Boot's own {@code spring.grpc.server.health.*} settings read into health-grpc's,
 * with Spring Boot's meaning; a setting whose {@code grpc.health.*} counterpart says
 * otherwise stops start-up naming both. {@link BootHealthParityTests} compares the
 * answers with Spring Boot's own service end to end;
 * {@link BootHealthServiceSwitchedOffTests} the switching off,
 * {@link SpringGrpcHealthSettingsHintsTests} the native-image hints.
 */
class SpringGrpcHealthSettingsTests {

	private static final String BOOT = "spring.grpc.server.health.";

	private final ApplicationContextRunner runner = Boot4Line.INSTANCE.withIndicator(
			new ApplicationContextRunner().withConfiguration(Boot4Line.HEALTH_AND_HEALTH_GRPC), "db", "DOWN");

	@Test
	void withoutThemNothingChanges() {
		this.runner.run((context) -> {
			GrpcHealthProperties properties = context.getBean(GrpcHealthProperties.class);
			assertThat(properties.getServices()).isEmpty();
			assertThat(properties.getStatusMapping()).isEmpty();
			assertThat(properties.getRefreshInterval()).isEqualTo(Duration.ofSeconds(5));
			assertThat(properties.getOverall().isFollowIndicators()).isTrue();
		});
	}

	@Test
	void eachSettingIsReadIntoItsCounterpart() {
		this.runner
			.withPropertyValues(BOOT + "schedule.period=2", BOOT + "services.validate-membership=false",
					BOOT + "include-overall-health=false", BOOT + "status.order=DOWN,DEGRADED,UP",
					BOOT + "status.mapping.degraded=NOT_SERVING", BOOT + "service[acme.Echo].include=db,ping",
					BOOT + "service[acme.Echo].exclude=ping", BOOT + "service[acme.All].status.order=UP,DOWN",
					BOOT + "service[acme.All].status.mapping.down=UNKNOWN")
			.run((context) -> {
				GrpcHealthProperties properties = context.getBean(GrpcHealthProperties.class);
				assertThat(properties.getRefreshInterval()).isEqualTo(Duration.ofSeconds(2));
				assertThat(properties.isValidateMembership()).isFalse();
				assertThat(properties.getOverall().isFollowIndicators()).isFalse();
				assertThat(properties.getOverall().getStatusOrder()).containsExactly("DOWN", "DEGRADED", "UP");
				// Spring Boot's mapping replaces the defaults: what it does not list is
				// SERVING.
				assertThat(properties.getStatusMapping()).containsExactlyInAnyOrderEntriesOf(Map.of("DEGRADED",
						ServingStatus.NOT_SERVING, "UP", ServingStatus.SERVING, "DOWN", ServingStatus.SERVING,
						"OUT_OF_SERVICE", ServingStatus.SERVING, "UNKNOWN", ServingStatus.SERVING));
				GrpcHealthProperties.Service echo = properties.getServices().get("acme.Echo");
				assertThat(echo.getInclude()).containsExactly("db", "ping");
				assertThat(echo.getExclude()).containsExactly("ping");
				// A service without an order of its own has Spring Boot's global one.
				assertThat(echo.getStatusOrder()).containsExactly("DOWN", "DEGRADED", "UP");
				assertThat(echo.getStatusMapping()).isEmpty();
				GrpcHealthProperties.Service all = properties.getServices().get("acme.All");
				assertThat(all.getInclude()).containsExactly("*");
				assertThat(all.getStatusOrder()).containsExactly("UP", "DOWN");
				// Its own mapping replaces the global one too.
				assertThat(all.getStatusMapping()).containsEntry("DOWN", ServingStatus.UNKNOWN)
					.containsEntry("DEGRADED", ServingStatus.SERVING);
			});
	}

	@Test
	void theNamesSpringBootPublishesAnswerAsItWouldAndHealthGrpcsOwnComeOnTop() {
		this.runner.withPropertyValues(BOOT + "service[acme.Echo].include=db", BOOT + "include-overall-health=false",
				BOOT + "service[acme.Degraded].include=db", BOOT + "service[acme.Degraded].status.mapping.down=UNKNOWN")
			.run((context) -> {
				indicator(context, "db").setStatus("DOWN");
				refresh(context);
				assertThat(status(context, "acme.Echo")).isEqualTo(ServingStatus.NOT_SERVING);
				assertThat(status(context, "acme.Degraded")).isEqualTo(ServingStatus.UNKNOWN);
				assertThat(status(context, "")).isEqualTo(ServingStatus.SERVING);
				assertThat(status(context, "db")).isEqualTo(ServingStatus.NOT_SERVING);
				indicator(context, "db").setStatus("UP");
				refresh(context);
				assertThat(status(context, "acme.Echo")).isEqualTo(ServingStatus.SERVING);
			});
	}

	@Test
	void settingsThatAgreeWithTheirCounterpartsStart() {
		this.runner
			.withPropertyValues(BOOT + "schedule.period=2s", "grpc.health.refresh-interval=2000ms",
					BOOT + "service[acme.Echo].include=db", "grpc.health.services[acme.Echo].include=db",
					BOOT + "status.mapping.down=NOT_SERVING", BOOT + "status.mapping.out-of-service=NOT_SERVING",
					BOOT + "status.mapping.unknown=UNKNOWN", "grpc.health.status-mapping.unknown=UNKNOWN")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(HealthEngine.class));
	}

	@ParameterizedTest(name = "{0} and {1}")
	@CsvSource(delimiter = '|', textBlock = """
			schedule.period=10s                      | grpc.health.refresh-interval=5s
			services.validate-membership=false       | grpc.health.validate-membership=true
			include-overall-health=false             | grpc.health.overall.follow-indicators=true
			status.order=DOWN,UP                     | grpc.health.overall.status-order=UP,DOWN
			status.mapping.DEGRADED=SERVING          | grpc.health.status-mapping.DEGRADED=NOT_SERVING
			service[acme.Echo].status.mapping.UP=UNKNOWN | grpc.health.services[acme.Echo].status-mapping.UP=SERVING
			service[acme.Echo].include=db            | grpc.health.services[acme.Echo].include=ping
			service[acme.Echo].exclude=db            | grpc.health.services[acme.Echo].exclude=ping
			service[acme.Echo].status.order=DOWN,UP  | grpc.health.services[acme.Echo].status-order=UP,DOWN
			service[acme.Echo].include=db            | grpc.health.services[acme.Echo].group=liveness
			""")
	void aSettingThatDisagreesWithItsCounterpartStopsStartUpNamingBoth(String setting, String counterpart) {
		this.runner.withPropertyValues(BOOT + setting, counterpart)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContainingAll(BOOT + setting.substring(0, setting.indexOf('=')),
						counterpart.substring(0, counterpart.indexOf('='))));
	}

	@Test
	void aCodeThatSpringBootsReplacingMappingLeavesServingButOursDoesNotIsNamed() {
		this.runner
			.withPropertyValues(BOOT + "status.mapping.DOWN=NOT_SERVING",
					"grpc.health.status-mapping.OUT_OF_SERVICE=NOT_SERVING")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining(BOOT + "status.mapping does not list OUT_OF_SERVICE, so it is SERVING, but "
						+ "grpc.health.status-mapping.OUT_OF_SERVICE=NOT_SERVING"));
	}

	@Test
	void aPeriodBelowHealthGrpcsFloorNamesSpringBootsSetting() {
		this.runner.withPropertyValues(BOOT + "schedule.period=50ms")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining(BOOT + "schedule.period=50ms is below health-grpc's floor of 100ms"));
	}

	@Test
	void switchingSpringBootsServiceOnOrOffAndItsSchedulerChangesNothing() {
		this.runner
			.withPropertyValues(BOOT + "enabled=true", BOOT + "schedule.enabled=false", BOOT + "schedule.delay=30s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(GrpcHealthProperties.class).getRefreshInterval())
					.isEqualTo(Duration.ofSeconds(5));
				assertThat(context.getBean(HealthEngine.class).isRunning()).isTrue();
			});
	}

}
