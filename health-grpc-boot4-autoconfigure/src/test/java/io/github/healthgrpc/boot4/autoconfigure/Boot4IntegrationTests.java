package io.github.healthgrpc.boot4.autoconfigure;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

import io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus;
import io.github.healthgrpc.internal.boot.testing.GrpcServerIntegrationContract;
import io.github.healthgrpc.internal.boot.testing.TestApplicationSupport;
import io.github.healthgrpc.internal.engine.HealthEngine;
import io.github.healthgrpc.internal.protocol.HealthGrpcService;
import io.grpc.protobuf.services.HealthStatusManager;
import org.junit.jupiter.api.Test;

import static io.github.healthgrpc.internal.boot.testing.TestContexts.indicator;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * health-grpc inside Spring Boot 4's own gRPC server, in a real
 * {@link org.springframework.boot.SpringApplication} (so that
 * {@link SpringGrpcHealthSettings} runs as an environment post-processor), over TCP on
 * 127.0.0.1 with the canonical client: the contract both lines share, Spring Boot's own
 * health service switched off, or back when health-grpc is disabled, and every name
 * Spring Boot 4 publishes.
 */
class Boot4IntegrationTests extends GrpcServerIntegrationContract {

	Boot4IntegrationTests() {
		super(Boot4Line.INSTANCE);
	}

	@Test
	void theServerListensOnTheLoopbackAddressOnly() {
		start("UP");
		List<? extends SocketAddress> sockets = TestApplicationSupport.servers().get(0).getListenSockets();
		assertThat(sockets).isNotEmpty()
			.allSatisfy((socket) -> assertThat(((InetSocketAddress) socket).getAddress().getHostAddress())
				.isEqualTo("127.0.0.1"));
	}

	@Test
	void springBootsOwnHealthServiceWasSwitchedOffBeforeTheContextStarted() {
		start("UP");
		assertThat(context().containsBean("grpcServerHealthService")).isFalse();
		assertThat(context().getBeansOfType(HealthStatusManager.class)).isEmpty();
		assertThat(context().getEnvironment().getPropertySources().get(SpringGrpcHealthSettings.PROPERTY_SOURCE_NAME))
			.isNotNull();
		assertThat(context().getEnvironment().getProperty("spring.grpc.server.health.enabled")).isEqualTo("false");
	}

	@Test
	void checkAndListAnswerEveryPublishedName() {
		start("DOWN");
		assertThat(client().list())
			.containsOnlyKeys("", "db", "diskSpace", "ping", "livenessState", "readinessState", "liveness", "readiness",
					"ssl", "test.Echo", "grpc.reflection.v1.ServerReflection")
			.containsEntry("", ServingStatus.NOT_SERVING)
			.containsEntry("db", ServingStatus.NOT_SERVING)
			.containsEntry("ping", ServingStatus.SERVING)
			.containsEntry("test.Echo", ServingStatus.NOT_SERVING);
		assertThat(client().check("")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(client().check("db")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(client().check("ping")).isEqualTo(ServingStatus.SERVING);
		indicator(context(), "db").setStatus("UP");
		context().getBean(HealthEngine.class).refreshNow();
		assertThat(client().check("")).isEqualTo(ServingStatus.SERVING);
		assertThat(client().check("test.Echo")).isEqualTo(ServingStatus.SERVING);
	}

	@Test
	void whenDisabledSpringBootsOwnHealthServiceIsThere() {
		start("UP", "grpc.health.enabled=false");
		assertThat(context().containsBean("grpcServerHealthService")).isTrue();
		assertThat(context().getBeansOfType(HealthGrpcService.class)).isEmpty();
		assertThat(context().getBeansOfType(HealthEngine.class)).isEmpty();
		assertThat(context().getEnvironment().getPropertySources().get(SpringGrpcHealthSettings.PROPERTY_SOURCE_NAME))
			.isNull();
		assertThat(healthServices()).hasSize(1);
		assertThat(client().check("")).isEqualTo(ServingStatus.SERVING);
	}

	@Test
	void springBootsOwnHealthServiceSwitchedOnByTheApplicationIsServedByHealthGrpc() {
		// It asks for a gRPC health service, and health-grpc's is one.
		start("UP", "spring.grpc.server.health.enabled=true");
		assertThat(healthServices()).hasSize(1);
		assertThat(context().getBeansOfType(HealthStatusManager.class)).isEmpty();
		assertThat(context().getBeansOfType(HealthGrpcService.class)).hasSize(1);
		assertThat(client().check("db")).isEqualTo(ServingStatus.SERVING);
	}

}
