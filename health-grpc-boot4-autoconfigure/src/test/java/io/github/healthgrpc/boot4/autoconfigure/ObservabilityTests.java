package io.github.healthgrpc.boot4.autoconfigure;

import java.util.concurrent.TimeUnit;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.ServingStatusManager;
import io.github.healthgrpc.canonical.v1.HealthCheckRequest;
import io.github.healthgrpc.canonical.v1.HealthCheckResponse;
import io.github.healthgrpc.canonical.v1.HealthGrpc;
import io.github.healthgrpc.internal.boot.GrpcHealthEndpoint;
import io.github.healthgrpc.internal.boot.GrpcHealthEndpoint.GrpcHealthReport;
import io.github.healthgrpc.internal.boot.GrpcHealthEndpoint.ServiceReport;
import io.github.healthgrpc.internal.boot.GrpcHealthEndpointAutoConfiguration;
import io.github.healthgrpc.internal.boot.GrpcHealthMetricsAutoConfiguration;
import io.github.healthgrpc.internal.engine.HealthNameSource;
import io.github.healthgrpc.internal.protocol.HealthGrpcService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.github.healthgrpc.boot4.autoconfigure.GrpcHealthAutoConfigurationTests.refresh;
import static io.github.healthgrpc.boot4.autoconfigure.GrpcHealthAutoConfigurationTests.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Metrics (with Spring Boot 4's Micrometer auto-configuration, whose package moved),
 * transition logs and the {@code grpchealth} endpoint on the Spring Boot 4 line.
 */
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityTests {

	private static final String EXPOSED = "management.endpoints.web.exposure.include=health,grpchealth";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(GrpcHealthAutoConfigurationTests.HEALTH_AND_HEALTH_GRPC)
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				GrpcHealthMetricsAutoConfiguration.class, GrpcHealthEndpointAutoConfiguration.class))
		.withUserConfiguration(Redis.class)
		.withPropertyValues("grpc.health.refresh-interval=1h");

	@Test
	void withSpringBootsMicrometerAutoConfigurationMetricsAreBound() {
		this.runner
			.run((context) -> assertThat(context).hasBean("grpcHealthMetrics").hasSingleBean(MeterRegistry.class));
	}

	@Test
	void aMeterRegistryBeanOfTheApplicationIsUsed() {
		// MetricsAutoConfiguration binds the MeterBinder beans to the registry.
		new ApplicationContextRunner().withConfiguration(GrpcHealthAutoConfigurationTests.HEALTH_AND_HEALTH_GRPC)
			.withConfiguration(
					AutoConfigurations.of(MetricsAutoConfiguration.class, GrpcHealthMetricsAutoConfiguration.class))
			.withUserConfiguration(Redis.class)
			.withBean(SimpleMeterRegistry.class)
			.run((context) -> {
				assertThat(context).hasBean("grpcHealthMetrics");
				assertThat(context.getBean(MeterRegistry.class)
					.get("grpc.health.status")
					.tag("service", "redis")
					.gauge()
					.value()).isEqualTo(HealthCheckResponse.ServingStatus.NOT_SERVING.getNumber());
			});
	}

	@Test
	void statusGaugesFollowEachPublishedNameWithTheWireNumber() {
		this.runner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(gauge(registry, "redis")).isEqualTo(HealthCheckResponse.ServingStatus.NOT_SERVING.getNumber());
			assertThat(gauge(registry, "")).isEqualTo(HealthCheckResponse.ServingStatus.NOT_SERVING.getNumber());
			assertThat(gauge(registry, "ping")).isEqualTo(HealthCheckResponse.ServingStatus.SERVING.getNumber());
			redis(context).setStatus(Status.UNKNOWN);
			refresh(context);
			assertThat(gauge(registry, "redis")).isEqualTo(HealthCheckResponse.ServingStatus.UNKNOWN.getNumber());
			redis(context).setStatus(Status.UP);
			refresh(context);
			assertThat(gauge(registry, "redis")).isEqualTo(HealthCheckResponse.ServingStatus.SERVING.getNumber());
		});
	}

	@Test
	void transitionsAreCountedPerNameAndNewStatus() {
		this.runner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(transitions(registry, "redis", "NOT_SERVING")).isEqualTo(1);
			redis(context).setStatus(Status.UP);
			refresh(context);
			refresh(context);
			redis(context).setStatus(Status.DOWN);
			refresh(context);
			assertThat(transitions(registry, "redis", "SERVING")).isEqualTo(1);
			assertThat(transitions(registry, "redis", "NOT_SERVING")).isEqualTo(2);
		});
	}

	@Test
	void removedNamesLoseTheirGauge() {
		this.runner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			ServingStatusManager manager = context.getBean(ServingStatusManager.class);
			manager.setServingStatus("batch", ServingStatus.SERVING);
			assertThat(gauge(registry, "batch")).isEqualTo(HealthCheckResponse.ServingStatus.SERVING.getNumber());
			manager.clearServingStatus("batch");
			assertThat(registry.find("grpc.health.status").tag("service", "batch").gauge()).isNull();
		});
	}

	@Test
	void everyEvaluationIsTimedWithItsOutcome() {
		this.runner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			redis(context).failWith(new IllegalStateException("refused"));
			refresh(context);
			assertThat(evaluations(registry, "redis", "down")).isEqualTo(1);
			assertThat(evaluations(registry, "redis", "error")).isEqualTo(1);
			assertThat(evaluations(registry, "ping", "up")).isEqualTo(2);
		});
	}

	@Test
	void watchStreamsAndRejectionsAreMeasured() {
		this.runner.withPropertyValues("grpc.health.watch.max-unknown=1").run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			String name = InProcessServerBuilder.generateName();
			Server server = InProcessServerBuilder.forName(name)
				.addService(context.getBean(HealthGrpcService.class))
				.build()
				.start();
			ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
			try {
				assertThat(registry.get("grpc.health.watch.streams").gauge().value()).isZero();
				HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
				// Each blocking Watch stays open until the channel closes; its first
				// message
				// shows that the server has it.
				assertThat(health.watch(watchRequest("redis")).next().getStatus())
					.isEqualTo(HealthCheckResponse.ServingStatus.NOT_SERVING);
				assertThat(health.watch(watchRequest("orders")).next().getStatus())
					.isEqualTo(HealthCheckResponse.ServingStatus.SERVICE_UNKNOWN);
				await().until(() -> registry.get("grpc.health.watch.streams").gauge().value() == 2);
				assertThatExceptionOfType(StatusRuntimeException.class)
					.isThrownBy(() -> health.watch(watchRequest("payments")).next());
				assertThatExceptionOfType(StatusRuntimeException.class)
					.isThrownBy(() -> health.watch(watchRequest("x".repeat(1025))).next());
				assertThat(registry.get("grpc.health.watch.rejected").tag("reason", "limit").functionCounter().count())
					.isEqualTo(1);
				assertThat(registry.get("grpc.health.watch.rejected")
					.tag("reason", "name_too_long")
					.functionCounter()
					.count()).isEqualTo(1);
			}
			finally {
				channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
				server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
			}
			await().until(() -> registry.get("grpc.health.watch.streams").gauge().value() == 0);
		});
	}

	private static HealthCheckRequest watchRequest(String service) {
		return HealthCheckRequest.newBuilder().setService(service).build();
	}

	@Test
	void withoutMicrometerThereAreNoMetricsButHealthStillWorks() {
		// Spring Boot's own Micrometer auto-configuration needs Micrometer: left out.
		new ApplicationContextRunner().withConfiguration(GrpcHealthAutoConfigurationTests.HEALTH_AND_HEALTH_GRPC)
			.withConfiguration(AutoConfigurations.of(GrpcHealthMetricsAutoConfiguration.class))
			.withUserConfiguration(Redis.class)
			.withBean(SimpleMeterRegistry.class)
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("grpcHealthMetrics")
				.hasSingleBean(HealthGrpcService.class));
	}

	@Test
	void whenDisabledThereAreNoMetricsNorEndpoint() {
		this.runner.withPropertyValues("grpc.health.enabled=false", EXPOSED)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("grpcHealthMetrics")
				.doesNotHaveBean(GrpcHealthEndpoint.class));
	}

	@Test
	void aTransitionIsLoggedOnceWithItsReason(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(output).contains("gRPC health 'redis': (new) -> NOT_SERVING (status DOWN; redis status DOWN)");
			redis(context).setStatus(Status.UP);
			refresh(context);
			refresh(context);
			assertThat(count(output, "gRPC health 'redis': NOT_SERVING -> SERVING (status UP)")).isOne();
		});
	}

	@Test
	void theEndpointExistsOnlyWhenExposedAndAccessible() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(GrpcHealthEndpoint.class));
		this.runner.withPropertyValues(EXPOSED)
			.run((context) -> assertThat(context).hasSingleBean(GrpcHealthEndpoint.class));
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=*")
			.run((context) -> assertThat(context).hasSingleBean(GrpcHealthEndpoint.class));
		this.runner.withPropertyValues(EXPOSED, "management.endpoint.grpchealth.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcHealthEndpoint.class));
		this.runner.withPropertyValues(EXPOSED, "management.endpoints.access.default=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcHealthEndpoint.class));
	}

	@Test
	void theEndpointsAnswerIsAnOperationResponseBody() {
		// So that Actuator writes it with its own JSON mapper, not the application's.
		this.runner.withPropertyValues(EXPOSED)
			.run((context) -> assertThat(report(context)).isInstanceOf(OperationResponseBody.class));
	}

	@Test
	void theEndpointTellsStatusSourceMembersAndTimingOfEachName() {
		this.runner.withPropertyValues(EXPOSED, "grpc.health.services[acme.Cache].include=redis,ping")
			.run((context) -> {
				context.getBean(ServingStatusManager.class).setServingStatus("batch", ServingStatus.SERVING);
				GrpcHealthReport report = report(context);
				assertThat(report.terminal()).isFalse();
				ServiceReport cache = report.services().get("acme.Cache");
				assertThat(cache.status()).isEqualTo(ServingStatus.NOT_SERVING);
				assertThat(cache.source()).isEqualTo(HealthNameSource.SERVICE_MAPPING);
				assertThat(cache.actuatorStatus()).isEqualTo("DOWN");
				assertThat(cache.members()).containsExactly("ping", "redis");
				assertThat(cache.evaluatedAt()).isNotNull();
				assertThat(cache.evaluationMillis()).isNotNull();
				assertThat(report.services().get("redis").source()).isEqualTo(HealthNameSource.CONTRIBUTOR);
				assertThat(report.services().get("").source()).isEqualTo(HealthNameSource.OVERALL);
				assertThat(report.services().get("batch").source()).isEqualTo(HealthNameSource.APPLICATION);
				assertThat(report.indicators().get("redis").outcome()).isEqualTo("down");
				assertThat(report.indicators().get("ping").status()).isEqualTo("UP");
			});
	}

	@Test
	void theEndpointTellsWhetherTerminalStateIsOn() {
		this.runner.withPropertyValues(EXPOSED).run((context) -> {
			ServingStatusManager manager = context.getBean(ServingStatusManager.class);
			manager.enterTerminalState();
			GrpcHealthReport report = report(context);
			assertThat(report.terminal()).isTrue();
			assertThat(report.services().get("ping").status()).isEqualTo(ServingStatus.NOT_SERVING);
			assertThat(report.services().get("ping").actuatorStatus()).isEqualTo("UP");
			manager.resume();
			await().until(() -> status(context, "ping") == ServingStatus.SERVING);
			assertThat(report(context).terminal()).isFalse();
		});
	}

	@Test
	void theEndpointShowsReasonsOnlyWhereHealthDetailsAreShown() {
		this.runner.withPropertyValues(EXPOSED).run((context) -> {
			GrpcHealthReport report = report(context);
			assertThat(report.services().get("redis").reason()).isNull();
			assertThat(report.indicators().get("redis").reason()).isNull();
		});
		this.runner.withPropertyValues(EXPOSED, "management.endpoint.health.show-details=always")
			.run((context) -> assertThat(report(context).services().get("redis").reason())
				.isEqualTo("redis status DOWN"));
	}

	private static GrpcHealthReport report(ApplicationContext context) {
		return context.getBean(GrpcHealthEndpoint.class).grpcHealth(SecurityContext.NONE);
	}

	private static double gauge(MeterRegistry registry, String service) {
		return registry.get("grpc.health.status").tag("service", service).gauge().value();
	}

	private static double transitions(MeterRegistry registry, String service, String status) {
		return registry.get("grpc.health.status.transitions")
			.tags("service", service, "status", status)
			.counter()
			.count();
	}

	private static long evaluations(MeterRegistry registry, String indicator, String outcome) {
		return registry.get("grpc.health.indicator.evaluation")
			.tags("indicator", indicator, "outcome", outcome)
			.timer()
			.count();
	}

	private static int count(CapturedOutput output, String text) {
		return output.toString().split(java.util.regex.Pattern.quote(text), -1).length - 1;
	}

	@Configuration(proxyBeanMethods = false)
	static class Redis {

		// One per context: no test sees another's switches.
		@Bean
		SwitchableIndicator redisHealthIndicator() {
			return SwitchableIndicator.down();
		}

	}

	private static SwitchableIndicator redis(ApplicationContext context) {
		return context.getBean("redisHealthIndicator", SwitchableIndicator.class);
	}

}
