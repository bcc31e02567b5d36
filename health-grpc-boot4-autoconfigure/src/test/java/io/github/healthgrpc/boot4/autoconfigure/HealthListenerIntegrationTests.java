package io.github.healthgrpc.boot4.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.google.protobuf.Empty;
import io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus;
import io.github.healthgrpc.testing.HealthListenerContract;
import io.github.healthgrpc.testing.TestCertificates;
import io.grpc.MethodDescriptor;

import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;
import org.springframework.grpc.server.lifecycle.GrpcServerTerminatedEvent;

/**
 * The dedicated health listener next to Spring Boot's gRPC server speaking TLS only (an
 * SSL bundle of PEM files).
 */
class HealthListenerIntegrationTests extends HealthListenerContract {

	private static final List<ServingStatus> WHEN_STARTED = new CopyOnWriteArrayList<>();

	private static final List<ServingStatus> WHEN_TERMINATED = new CopyOnWriteArrayList<>();

	private ConfigurableApplicationContext context;

	@Override
	protected AutoCloseable start(boolean dbUp, String... properties) {
		this.context = TestGrpcApplication.start(dbUp ? Status.UP : Status.DOWN, properties);
		return this.context;
	}

	@Override
	protected List<String> tlsProperties(TestCertificates certificates) {
		return List.of("spring.grpc.server.ssl.bundle=test",
				"spring.ssl.bundle.pem.test.keystore.certificate=file:" + certificates.certificate(),
				"spring.ssl.bundle.pem.test.keystore.private-key=file:" + certificates.privateKey());
	}

	@Override
	protected List<Class<?>> recorders() {
		return List.of(WhenStarted.class, WhenTerminated.class);
	}

	@Override
	protected List<ServingStatus> answersWhenMainServerStarted() {
		return WHEN_STARTED;
	}

	@Override
	protected List<ServingStatus> answersWhenMainServerTerminated() {
		return WHEN_TERMINATED;
	}

	@Override
	protected void setDb(boolean up) {
		TestGrpcApplication.db(this.context).setStatus(up ? Status.UP : Status.DOWN);
	}

	@Override
	protected int mainPort() {
		return TestGrpcApplication.port();
	}

	@Override
	protected <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	protected MethodDescriptor<Empty, Empty> applicationMethod() {
		return TestGrpcApplication.ECHO;
	}

	static class WhenStarted implements ApplicationListener<GrpcServerStartedEvent> {

		private final Environment environment;

		WhenStarted(Environment environment) {
			this.environment = environment;
		}

		@Override
		public void onApplicationEvent(GrpcServerStartedEvent event) {
			WHEN_STARTED.add(checkOnHealthPort(this.environment));
		}

	}

	static class WhenTerminated implements ApplicationListener<GrpcServerTerminatedEvent> {

		private final Environment environment;

		WhenTerminated(Environment environment) {
			this.environment = environment;
		}

		@Override
		public void onApplicationEvent(GrpcServerTerminatedEvent event) {
			WHEN_TERMINATED.add(checkOnHealthPort(this.environment));
		}

	}

}
