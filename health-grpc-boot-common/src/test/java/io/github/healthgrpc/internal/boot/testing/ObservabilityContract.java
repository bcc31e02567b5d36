package io.github.healthgrpc.internal.boot.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.ServingStatusManager;
import io.github.healthgrpc.canonical.v1.HealthCheckRequest;
import io.github.healthgrpc.canonical.v1.HealthCheckResponse;
import io.github.healthgrpc.canonical.v1.HealthGrpc;
import io.github.healthgrpc.internal.boot.GrpcHealthEndpoint;
import io.github.healthgrpc.internal.boot.GrpcHealthMetricsAutoConfiguration;
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
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;

import static io.github.healthgrpc.internal.boot.testing.TestContexts.indicator;
import static io.github.healthgrpc.internal.boot.testing.TestContexts.refresh;
import static io.github.healthgrpc.internal.boot.testing.TestContexts.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * What health-grpc must make observable on either Spring Boot line, with the line's
 * Micrometer auto-configuration and a {@code redis} indicator that is DOWN at first: the
 * metrics (a gauge per published name with the wire number, transitions, evaluations
 * timed with their outcome, Watch streams and rejections; none without Micrometer, the
 * health API or health-grpc), the transition and failure logs, and the {@code grpchealth}
 * endpoint (there only when exposed and accessible; its answer, as the line's Actuator
 * writes it as JSON: terminal state, status, source, members, timing and, where health
 * details are shown, the reason of each name). Each line's test extends this with its
 * {@link SpringBootLine}.
 */
@ExtendWith(OutputCaptureExtension.class)
public abstract class ObservabilityContract {

	private static final String EXPOSED = "management.endpoints.web.exposure.include=health,grpchealth";

	private final SpringBootLine line;

	private final ApplicationContextRunner runner;

	protected ObservabilityContract(SpringBootLine line) {
		this.line = line;
		this.runner = withRedis(new ApplicationContextRunner().withConfiguration(line.metrics())
			.withConfiguration(AutoConfigurations.of(GrpcHealthMetricsAutoConfiguration.class)))
			.withPropertyValues("grpc.health.refresh-interval=1h");
	}

	@Test
	void withSpringBootsMicrometerAutoConfigurationMetricsAreBound() {
		this.runner
			.run((context) -> assertThat(context).hasBean("grpcHealthMetrics").hasSingleBean(MeterRegistry.class));
	}

	@Test
	void aMeterRegistryBeanOfTheApplicationIsUsed() {
		// Spring Boot's binding auto-configuration binds the MeterBinder beans to the
		// registry.
		withRedis(new ApplicationContextRunner().withConfiguration(this.line.metricsBinding())
			.withConfiguration(AutoConfigurations.of(GrpcHealthMetricsAutoConfiguration.class)))
			.withBean(SimpleMeterRegistry.class)
			.run((context) -> {
				assertThat(context).hasBean("grpcHealthMetrics");
				assertThat(gauge(context.getBean(MeterRegistry.class), "redis"))
					.isEqualTo(HealthCheckResponse.ServingStatus.NOT_SERVING.getNumber());
			});
	}

	@Test
	void statusGaugesFollowEachPublishedNameWithTheWireNumber() {
		this.runner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(gauge(registry, "redis")).isEqualTo(HealthCheckResponse.ServingStatus.NOT_SERVING.getNumber());
			assertThat(gauge(registry, "")).isEqualTo(HealthCheckResponse.ServingStatus.NOT_SERVING.getNumber());
			assertThat(gauge(registry, "ping")).isEqualTo(HealthCheckResponse.ServingStatus.SERVING.getNumber());
			indicator(context, "redis").setStatus("UNKNOWN");
			refresh(context);
			assertThat(gauge(registry, "redis")).isEqualTo(HealthCheckResponse.ServingStatus.UNKNOWN.getNumber());
			indicator(context, "redis").setStatus("UP");
			refresh(context);
			assertThat(gauge(registry, "redis")).isEqualTo(HealthCheckResponse.ServingStatus.SERVING.getNumber());
		});
	}

	@Test
	void transitionsAreCountedPerNameAndNewStatus() {
		this.runner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(transitions(registry, "redis", "NOT_SERVING")).isEqualTo(1);
			indicator(context, "redis").setStatus("UP");
			refresh(context);
			refresh(context);
			indicator(context, "redis").setStatus("DOWN");
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
			indicator(context, "redis").failWith(new IllegalStateException("refused"));
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
				// message shows that the server has it.
				assertThat(health.watch(watchRequest("redis")).next().getStatus())
					.isEqualTo(HealthCheckResponse.ServingStatus.NOT_SERVING);
				assertThat(health.watch(watchRequest("orders")).next().getStatus())
					.isEqualTo(HealthCheckResponse.ServingStatus.SERVICE_UNKNOWN);
				await().until(() -> registry.get("grpc.health.watch.streams").gauge().value() == 2);
				assertThatExceptionOfType(StatusRuntimeException.class)
					.isThrownBy(() -> health.watch(watchRequest("payments")).next());
				assertThat(rejections(registry, "limit")).isEqualTo(1);
				assertThat(rejections(registry, "name_too_long")).isZero();
				assertThatExceptionOfType(StatusRuntimeException.class)
					.isThrownBy(() -> health.watch(watchRequest("x".repeat(1025))).next());
				assertThat(rejections(registry, "limit")).isEqualTo(1);
				assertThat(rejections(registry, "name_too_long")).isEqualTo(1);
			}
			finally {
				channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
				server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
			}
			await().until(() -> registry.get("grpc.health.watch.streams").gauge().value() == 0);
		});
	}

	@Test
	void withoutMicrometerThereAreNoMetricsButHealthStillWorks() {
		// Spring Boot's own Micrometer auto-configuration needs Micrometer: left out.
		withRedis(new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GrpcHealthMetricsAutoConfiguration.class)))
			.withBean(SimpleMeterRegistry.class)
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("grpcHealthMetrics")
				.hasSingleBean(HealthGrpcService.class));
	}

	@Test
	void withoutTheHealthApiThereAreNoMetricsNorEndpoint() {
		this.runner.withClassLoader(new FilteredClassLoader(this.line.contributorType()))
			.withPropertyValues(EXPOSED)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("grpcHealthMetrics")
				.doesNotHaveBean(GrpcHealthEndpoint.class)
				.doesNotHaveBean(HealthGrpcService.class));
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
			indicator(context, "redis").setStatus("UP");
			refresh(context);
			refresh(context);
			assertThat(count(output, "gRPC health 'redis': NOT_SERVING -> SERVING (status UP)")).isOne();
		});
	}

	@Test
	void aFailingContributorIsLoggedWhenItStartsAndWhenItRecoversOnly(CapturedOutput output) {
		this.runner.withPropertyValues("grpc.health.indicator-timeout=100ms").run((context) -> {
			IndicatorSwitch redis = indicator(context, "redis");
			redis.block();
			for (int cycle = 0; cycle < 3; cycle++) {
				refresh(context);
			}
			assertThat(count(output, "Health contributor 'redis' is failing, counted as DOWN: timed out after 100ms"))
				.isOne();
			redis.release();
			redis.setStatus("UP");
			await().until(() -> {
				refresh(context);
				return status(context, "redis") == ServingStatus.SERVING;
			});
			refresh(context);
			assertThat(count(output, "Health contributor 'redis' answers again: UP")).isOne();
			assertThat(count(output, "Health contributor 'redis' is failing")).isOne();
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
				Map<String, Object> json = this.line.json(report(context));
				assertThat(json).containsEntry("terminal", false);
				Map<String, Object> cache = service(json, "acme.Cache");
				assertThat(cache).containsEntry("status", "NOT_SERVING")
					.containsEntry("source", "SERVICE_MAPPING")
					.containsEntry("actuatorStatus", "DOWN")
					.containsEntry("members", List.of("ping", "redis"));
				assertThat(cache.get("evaluatedAt")).isNotNull();
				assertThat(cache.get("evaluationMillis")).isInstanceOf(Number.class);
				assertThat(service(json, "redis")).containsEntry("source", "CONTRIBUTOR");
				assertThat(service(json, "")).containsEntry("source", "OVERALL");
				assertThat(service(json, "batch")).containsEntry("source", "APPLICATION");
				assertThat(member(json, "indicators", "redis")).containsEntry("outcome", "down");
				assertThat(member(json, "indicators", "ping")).containsEntry("status", "UP");
			});
	}

	@Test
	void theEndpointTellsWhetherTerminalStateIsOn() {
		this.runner.withPropertyValues(EXPOSED).run((context) -> {
			ServingStatusManager manager = context.getBean(ServingStatusManager.class);
			manager.enterTerminalState();
			Map<String, Object> json = this.line.json(report(context));
			assertThat(json).containsEntry("terminal", true);
			assertThat(service(json, "ping")).containsEntry("status", "NOT_SERVING")
				.containsEntry("actuatorStatus", "UP");
			manager.resume();
			await().until(() -> status(context, "ping") == ServingStatus.SERVING);
			json = this.line.json(report(context));
			assertThat(json).containsEntry("terminal", false);
			assertThat(service(json, "ping")).containsEntry("status", "SERVING");
		});
	}

	@Test
	void theEndpointShowsReasonsOnlyWhereHealthDetailsAreShown() {
		this.runner.withPropertyValues(EXPOSED).run((context) -> {
			Map<String, Object> json = this.line.json(report(context));
			assertThat(service(json, "redis")).containsEntry("reason", null);
			assertThat(member(json, "indicators", "redis")).containsEntry("reason", null);
		});
		this.runner.withPropertyValues(EXPOSED, "management.endpoint.health.show-details=always")
			.run((context) -> assertThat(service(this.line.json(report(context)), "redis")).containsEntry("reason",
					"redis status DOWN"));
	}

	/** With the line's health auto-configurations and ours, and {@code redis} DOWN. */
	private ApplicationContextRunner withRedis(ApplicationContextRunner runner) {
		return this.line.withIndicator(runner.withConfiguration(this.line.healthAndHealthGrpc()), "redis", "DOWN");
	}

	private static Object report(ApplicationContext context) {
		return context.getBean(GrpcHealthEndpoint.class).grpcHealth(SecurityContext.NONE);
	}

	private static Map<String, Object> service(Map<String, Object> json, String name) {
		return member(json, "services", name);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> member(Map<String, Object> json, String group, String name) {
		Map<String, Object> members = (Map<String, Object>) json.get(group);
		assertThat(members).containsKey(name);
		return (Map<String, Object>) members.get(name);
	}

	private static HealthCheckRequest watchRequest(String service) {
		return HealthCheckRequest.newBuilder().setService(service).build();
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

	private static double rejections(MeterRegistry registry, String reason) {
		return registry.get("grpc.health.watch.rejected").tag("reason", reason).functionCounter().count();
	}

	private static int count(CapturedOutput output, String text) {
		return output.toString().split(Pattern.quote(text), -1).length - 1;
	}

}
