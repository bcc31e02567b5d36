package io.github.healthgrpc.boot4.autoconfigure;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Empty;
import io.github.healthgrpc.testing.CanonicalHealthClient;
import io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus;
import io.github.healthgrpc.internal.engine.HealthEngine;
import io.github.healthgrpc.internal.protocol.HealthGrpcService;
import io.github.healthgrpc.testing.RecordingObserver;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.ClientCalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * health-grpc inside Spring Boot 4's own gRPC server, in a real
 * {@link org.springframework.boot.SpringApplication} (so that
 * {@link BootHealthServiceBackOff} runs), over TCP on 127.0.0.1 with the canonical
 * client.
 */
class Boot4IntegrationTests {

	private static final String HEALTH_SERVICE = "grpc.health.v1.Health";

	private ConfigurableApplicationContext context;

	private final CanonicalHealthClient client = new CanonicalHealthClient(TestGrpcApplication::port);

	@AfterEach
	void stop() throws InterruptedException {
		this.client.close();
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void theServerListensOnTheLoopbackAddressOnly() {
		this.context = TestGrpcApplication.start(Status.UP);
		List<? extends SocketAddress> sockets = TestGrpcApplication.STARTED.get(0).getServer().getListenSockets();
		assertThat(sockets).isNotEmpty()
			.allSatisfy((socket) -> assertThat(((InetSocketAddress) socket).getAddress().getHostAddress())
				.isEqualTo("127.0.0.1"));
	}

	@Test
	void exactlyOneHealthServiceIsRegisteredAndItIsOurs() {
		this.context = TestGrpcApplication.start(Status.UP);
		List<ServerServiceDefinition> health = healthServices();
		assertThat(health).hasSize(1);
		assertThat(health.get(0).getServiceDescriptor().getMethods()).extracting("bareMethodName")
			.containsExactlyInAnyOrder("Check", "Watch", "List");
		assertThat(this.context.getBeansOfType(HealthGrpcService.class)).hasSize(1);
		// Spring Boot's own was switched off before the context started.
		assertThat(this.context.containsBean("grpcServerHealthService")).isFalse();
		assertThat(this.context.getBeansOfType(HealthStatusManager.class)).isEmpty();
		assertThat(
				this.context.getEnvironment().getPropertySources().get(BootHealthServiceBackOff.PROPERTY_SOURCE_NAME))
			.isNotNull();
		assertThat(this.context.getEnvironment().getProperty("spring.grpc.server.health.enabled")).isEqualTo("false");
	}

	@Test
	void checkAndListAnswerEveryPublishedName() {
		this.context = TestGrpcApplication.start(Status.DOWN);
		assertThat(this.client.list())
			.containsOnlyKeys("", "db", "diskSpace", "ping", "livenessState", "readinessState", "liveness", "readiness",
					"ssl", "test.Echo", "grpc.reflection.v1.ServerReflection")
			.containsEntry("", ServingStatus.NOT_SERVING)
			.containsEntry("db", ServingStatus.NOT_SERVING)
			.containsEntry("ping", ServingStatus.SERVING)
			.containsEntry("test.Echo", ServingStatus.NOT_SERVING);
		assertThat(this.client.check("")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(this.client.check("db")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(this.client.check("ping")).isEqualTo(ServingStatus.SERVING);
		TestGrpcApplication.db(this.context).setStatus(Status.UP);
		this.context.getBean(HealthEngine.class).refreshNow();
		assertThat(this.client.check("")).isEqualTo(ServingStatus.SERVING);
		assertThat(this.client.check("test.Echo")).isEqualTo(ServingStatus.SERVING);
	}

	@Test
	void watchFollowsAnIndicatorThatGoesDownAndUpAgain() {
		this.context = TestGrpcApplication.start(Status.UP, "grpc.health.refresh-interval=100ms");
		RecordingObserver watch = new RecordingObserver();
		this.client.watch("db", watch);
		await().until(() -> watch.statuses.contains(ServingStatus.SERVING));
		TestGrpcApplication.db(this.context).setStatus(Status.DOWN);
		await().until(() -> watch.statuses.contains(ServingStatus.NOT_SERVING));
		TestGrpcApplication.db(this.context).setStatus(Status.UP);
		await().until(() -> watch.statuses.size() == 3);
		assertThat(watch.statuses).containsExactly(ServingStatus.SERVING, ServingStatus.NOT_SERVING,
				ServingStatus.SERVING);
		assertThat(watch.end).isNotDone();
	}

	@Test
	void theApplicationsOwnServicesAreServedAlongside() {
		this.context = TestGrpcApplication.start(Status.UP);
		assertThat(ClientCalls.blockingUnaryCall(this.client.channel(), TestGrpcApplication.ECHO,
				io.grpc.CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), Empty.getDefaultInstance()))
			.isEqualTo(Empty.getDefaultInstance());
		// As "" does, once Spring Boot has made the application ready.
		await().until(() -> this.client.check("test.Echo") == ServingStatus.SERVING);
	}

	@Test
	void whenDisabledSpringBootsOwnHealthServiceIsThere() {
		this.context = TestGrpcApplication.start(Status.UP, "grpc.health.enabled=false");
		assertThat(this.context.containsBean("grpcServerHealthService")).isTrue();
		assertThat(this.context.getBeansOfType(HealthGrpcService.class)).isEmpty();
		assertThat(this.context.getBeansOfType(HealthEngine.class)).isEmpty();
		assertThat(
				this.context.getEnvironment().getPropertySources().get(BootHealthServiceBackOff.PROPERTY_SOURCE_NAME))
			.isNull();
		assertThat(healthServices()).hasSize(1);
		assertThat(this.client.check("")).isEqualTo(ServingStatus.SERVING);
	}

	@Test
	void springBootsOwnHealthServiceSwitchedOnByTheApplicationIsServedByHealthGrpc() {
		// It asks for a gRPC health service, and health-grpc's is one.
		this.context = TestGrpcApplication.start(Status.UP, "spring.grpc.server.health.enabled=true");
		assertThat(healthServices()).hasSize(1);
		assertThat(this.context.getBeansOfType(HealthStatusManager.class)).isEmpty();
		assertThat(this.context.getBeansOfType(HealthGrpcService.class)).hasSize(1);
		assertThat(this.client.check("db")).isEqualTo(ServingStatus.SERVING);
	}

	private List<ServerServiceDefinition> healthServices() {
		return TestGrpcApplication.STARTED.get(0)
			.getServer()
			.getServices()
			.stream()
			.filter((service) -> service.getServiceDescriptor().getName().equals(HEALTH_SERVICE))
			.toList();
	}

}
