package io.github.healthgrpc.autoconfigure;

import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.ServingStatusManager;
import io.github.healthgrpc.canonical.v1.HealthCheckRequest;
import io.github.healthgrpc.canonical.v1.HealthCheckResponse;
import io.github.healthgrpc.canonical.v1.HealthGrpc;
import io.github.healthgrpc.internal.boot.GrpcHealthEndpoint;
import io.github.healthgrpc.internal.boot.GrpcHealthEndpointAutoConfiguration;
import io.github.healthgrpc.internal.boot.GrpcHealthMetricsAutoConfiguration;
import io.github.healthgrpc.internal.engine.HealthEngine;
import io.github.healthgrpc.internal.protocol.HealthGrpcService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Metrics, transition logs and the {@code grpchealth} endpoint.
 */
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(GrpcHealthAutoConfigurationTests.ACTUATOR_AND_HEALTH_GRPC)
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				GrpcHealthMetricsAutoConfiguration.class, GrpcHealthEndpointAutoConfiguration.class))
		.withUserConfiguration(Redis.class)
		.withPropertyValues("grpc.health.refresh-interval=1h");

	@Test
	void statusGaugesFollowEachPublishedName() {
		this.runner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("grpc.health.status").tag("service", "redis").gauge().value())
				.isEqualTo(HealthCheckResponse.ServingStatus.NOT_SERVING.getNumber());
			assertThat(registry.get("grpc.health.status").tag("service", "").gauge().value())
				.isEqualTo(HealthCheckResponse.ServingStatus.NOT_SERVING.getNumber());
			redis(context).setStatus(Status.UP);
			refresh(context);
			assertThat(registry.get("grpc.health.status").tag("service", "redis").gauge().value())
				.isEqualTo(HealthCheckResponse.ServingStatus.SERVING.getNumber());
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
			assertThat(registry.find("grpc.health.status").tag("service", "batch").gauge()).isNotNull();
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
			assertThat(registry.get("grpc.health.indicator.evaluation")
				.tags("indicator", "redis", "outcome", "down")
				.timer()
				.count()).isEqualTo(1);
			assertThat(registry.get("grpc.health.indicator.evaluation")
				.tags("indicator", "redis", "outcome", "error")
				.timer()
				.count()).isEqualTo(1);
			assertThat(registry.get("grpc.health.indicator.evaluation")
				.tags("indicator", "ping", "outcome", "up")
				.timer()
				.count()).isEqualTo(2);
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
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean("grpcHealthMetrics")
				.hasSingleBean(HealthGrpcService.class));
	}

	@Test
	void withoutActuatorThereAreNoMetricsNorEndpoint() {
		this.runner
			.withClassLoader(new FilteredClassLoader(org.springframework.boot.actuate.health.HealthContributor.class))
			.withPropertyValues("management.endpoints.web.exposure.include=health,grpchealth")
			.run((context) -> assertThat(context).doesNotHaveBean("grpcHealthMetrics")
				.doesNotHaveBean(GrpcHealthEndpoint.class)
				.doesNotHaveBean(HealthGrpcService.class));
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
	void aFailingContributorIsLoggedWhenItStartsAndWhenItRecoversOnly(CapturedOutput output) {
		this.runner.withPropertyValues("grpc.health.indicator-timeout=100ms").run((context) -> {
			redis(context).block();
			for (int cycle = 0; cycle < 3; cycle++) {
				refresh(context);
			}
			assertThat(count(output, "Health contributor 'redis' is failing, counted as DOWN: timed out after 100ms"))
				.isOne();
			redis(context).release();
			redis(context).setStatus(Status.UP);
			org.awaitility.Awaitility.await().until(() -> {
				refresh(context);
				return context.getBean(ServingStatusManager.class).getServingStatus("redis") == ServingStatus.SERVING;
			});
			refresh(context);
			assertThat(count(output, "Health contributor 'redis' answers again: UP")).isOne();
			assertThat(count(output, "Health contributor 'redis' is failing")).isOne();
		});
	}

	@Test
	void theEndpointExistsOnlyWhenExposed() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(GrpcHealthEndpoint.class));
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=health,grpchealth")
			.run((context) -> assertThat(context).hasSingleBean(GrpcHealthEndpoint.class));
	}

	@Test
	void theEndpointsAnswerIsAnOperationResponseBody() {
		// So that Actuator writes it with its own JSON mapper, not the application's.
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=health,grpchealth")
			.run((context) -> assertThat(context.getBean(GrpcHealthEndpoint.class).grpcHealth(SecurityContext.NONE))
				.isInstanceOf(OperationResponseBody.class));
	}

	@Test
	void theEndpointTellsWhetherTerminalStateIsOn() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=health,grpchealth").run((context) -> {
			ServingStatusManager manager = context.getBean(ServingStatusManager.class);
			manager.enterTerminalState();
			JsonNode json = endpointJson(context);
			assertThat(json.get("terminal").asBoolean()).isTrue();
			assertThat(json.get("services").get("ping").get("status").asText()).isEqualTo("NOT_SERVING");
			assertThat(json.get("services").get("ping").get("actuatorStatus").asText()).isEqualTo("UP");
			manager.resume();
			json = endpointJson(context);
			assertThat(json.get("terminal").asBoolean()).isFalse();
			assertThat(json.get("services").get("ping").get("status").asText()).isEqualTo("SERVING");
		});
	}

	@Test
	void theEndpointTellsStatusSourceMembersAndTimingOfEachName() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=health,grpchealth",
					"grpc.health.services[acme.Cache].include=redis,ping")
			.run((context) -> {
				context.getBean(ServingStatusManager.class).setServingStatus("batch", ServingStatus.SERVING);
				JsonNode json = endpointJson(context);
				assertThat(json.get("terminal").asBoolean()).isFalse();
				JsonNode cache = json.get("services").get("acme.Cache");
				assertThat(cache.get("status").asText()).isEqualTo("NOT_SERVING");
				assertThat(cache.get("source").asText()).isEqualTo("SERVICE_MAPPING");
				assertThat(cache.get("actuatorStatus").asText()).isEqualTo("DOWN");
				assertThat(cache.get("members")).extracting(JsonNode::asText).containsExactly("ping", "redis");
				assertThat(cache.get("evaluatedAt").isNull()).isFalse();
				assertThat(cache.get("evaluationMillis").isNumber()).isTrue();
				assertThat(json.get("services").get("redis").get("source").asText()).isEqualTo("CONTRIBUTOR");
				assertThat(json.get("services").get("").get("source").asText()).isEqualTo("OVERALL");
				assertThat(json.get("services").get("batch").get("source").asText()).isEqualTo("APPLICATION");
				assertThat(json.get("indicators").get("redis").get("outcome").asText()).isEqualTo("down");
			});
	}

	@Test
	void theEndpointShowsReasonsOnlyWhereHealthDetailsAreShown() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=health,grpchealth").run((context) -> {
			JsonNode json = endpointJson(context);
			assertThat(json.get("services").get("redis").get("reason").isNull()).isTrue();
			assertThat(json.get("indicators").get("redis").get("reason").isNull()).isTrue();
		});
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=health,grpchealth",
					"management.endpoint.health.show-details=always")
			.run((context) -> {
				JsonNode json = endpointJson(context);
				assertThat(json.get("services").get("redis").get("reason").asText()).isEqualTo("redis status DOWN");
			});
	}

	private static JsonNode endpointJson(ApplicationContext context) throws Exception {
		Object report = context.getBean(GrpcHealthEndpoint.class).grpcHealth(SecurityContext.NONE);
		ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule());
		return mapper.readTree(mapper.writeValueAsString(report));
	}

	private static void refresh(ApplicationContext context) {
		context.getBean(HealthEngine.class).refreshNow();
	}

	private static double transitions(MeterRegistry registry, String service, String status) {
		return registry.get("grpc.health.status.transitions")
			.tags("service", service, "status", status)
			.counter()
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
