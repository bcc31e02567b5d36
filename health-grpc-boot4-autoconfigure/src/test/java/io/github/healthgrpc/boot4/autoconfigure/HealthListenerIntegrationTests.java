package io.github.healthgrpc.boot4.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.github.healthgrpc.canonical.v1.HealthCheckRequest;
import io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus;
import io.github.healthgrpc.canonical.v1.HealthGrpc;
import io.github.healthgrpc.internal.engine.HealthEngine;
import io.github.healthgrpc.testing.CanonicalHealthClient;
import io.github.healthgrpc.testing.TestCertificates;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ApplicationContextException;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;
import org.springframework.grpc.server.lifecycle.GrpcServerTerminatedEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The dedicated health listener next to a Spring Boot gRPC server that speaks TLS only
 * (its certificate made by the test): a plaintext client on the health port and a TLS
 * client on the main port see the same statuses and the same shutdown, and the health
 * port closes after the main server.
 */
class HealthListenerIntegrationTests {

	@TempDir
	Path certificates;

	private ConfigurableApplicationContext context;

	private TestCertificates tls;

	private final CanonicalHealthClient healthPort = new CanonicalHealthClient(this::healthPort);

	private final CanonicalHealthClient mainPort = new CanonicalHealthClient(this::tlsChannel);

	@AfterEach
	void stop() throws InterruptedException {
		this.healthPort.close();
		this.mainPort.close();
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void aPlaintextProbeOnTheHealthPortSeesWhatATlsClientSeesOnTheMainPort() throws IOException {
		startWithTls(org.springframework.boot.health.contributor.Status.UP);
		assertThat(this.healthPort.check("db")).isEqualTo(ServingStatus.SERVING);
		assertThat(this.mainPort.check("db")).isEqualTo(ServingStatus.SERVING);
		TestGrpcApplication.DB.setStatus(org.springframework.boot.health.contributor.Status.DOWN);
		this.context.getBean(HealthEngine.class).refreshNow();
		assertThat(this.healthPort.check("db")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(this.mainPort.check("db")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(this.healthPort.list()).isEqualTo(this.mainPort.list()).containsKeys("", "db", "test.Echo");
	}

	@Test
	void theMainPortRefusesPlaintextAndTheHealthPortServesHealthAlone() throws Exception {
		startWithTls(org.springframework.boot.health.contributor.Status.UP);
		try (CanonicalHealthClient plaintextOnMain = new CanonicalHealthClient(TestGrpcApplication::port)) {
			assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> plaintextOnMain.check(""))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
		}
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> ClientCalls.blockingUnaryCall(this.healthPort.channel(), TestGrpcApplication.ECHO,
					io.grpc.CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS),
					com.google.protobuf.Empty.getDefaultInstance()))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
	}

	@Test
	void theHealthPortIsPublishedAndOpenWithRealStatusesBeforeTheApplicationIsReady() throws IOException {
		startWithTls(org.springframework.boot.health.contributor.Status.DOWN);
		// Asked by the server's started event listener, before readiness: see
		// FirstAnswerOnHealthPort.
		assertThat(FirstAnswerOnHealthPort.ANSWERS).containsExactly(ServingStatus.NOT_SERVING);
		assertThat(this.context.getEnvironment().getProperty("local.grpc.health.server.port", Integer.class))
			.isPositive()
			.isNotEqualTo(TestGrpcApplication.port());
	}

	@Test
	void atShutdownBothPortsTurnNotServingDrainCompleteTheirWatchesAndTheHealthPortClosesLast() throws Exception {
		startWithTls(org.springframework.boot.health.contributor.Status.UP, "grpc.health.shutdown.drain-delay=1s");
		RecordingObserver onHealthPort = new RecordingObserver();
		RecordingObserver onMainPort = new RecordingObserver();
		this.healthPort.watch("", onHealthPort);
		this.mainPort.watch("", onMainPort);
		await().until(() -> onHealthPort.statuses.contains(ServingStatus.SERVING)
				&& onMainPort.statuses.contains(ServingStatus.SERVING));
		MeterRegistry registry = this.context.getBean(MeterRegistry.class);
		await().until(() -> registry.get("grpc.health.watch.streams").tag("listener", "health").gauge().value() == 1
				&& registry.get("grpc.health.watch.streams").tag("listener", "main").gauge().value() == 1);
		int port = healthPort();

		CompletableFuture<Void> closing = CompletableFuture.runAsync(this.context::close);
		await().until(() -> onHealthPort.statuses.contains(ServingStatus.NOT_SERVING)
				&& onMainPort.statuses.contains(ServingStatus.NOT_SERVING));
		assertThat(this.healthPort.check("")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(this.mainPort.check("")).isEqualTo(ServingStatus.NOT_SERVING);
		closing.get(20, TimeUnit.SECONDS);
		this.context = null;

		for (RecordingObserver watch : List.of(onHealthPort, onMainPort)) {
			assertThat(watch.end).isDone();
			assertThat(watch.end.get().getCode()).isEqualTo(Status.Code.OK);
			assertThat(watch.statuses).containsExactly(ServingStatus.SERVING, ServingStatus.NOT_SERVING);
		}
		// Asked when Spring Boot's gRPC server had terminated: the health port still
		// answered.
		assertThat(AnswerOnHealthPortAfterMainServer.ANSWERS).containsExactly(ServingStatus.NOT_SERVING);
		try (ServerSocket free = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			assertThat(free.getLocalPort()).as("the health port, closed").isEqualTo(port);
		}
	}

	@Test
	void aHealthPortInUseFailsStartUpWithAClearMessage() throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			assertThatExceptionOfType(ApplicationContextException.class)
				.isThrownBy(() -> TestGrpcApplication.start(org.springframework.boot.health.contributor.Status.UP,
						"grpc.health.server.address=127.0.0.1", "grpc.health.server.port=" + taken.getLocalPort()))
				.withStackTraceContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort())
				.withStackTraceContaining("already in use")
				.withStackTraceContaining("grpc.health.server.port=" + taken.getLocalPort());
		}
	}

	@Test
	void withoutThePropertyThereIsNoHealthListener() {
		this.context = TestGrpcApplication.start(org.springframework.boot.health.contributor.Status.UP);
		assertThat(this.context.getEnvironment().containsProperty("local.grpc.health.server.port")).isFalse();
		assertThat(this.context.getBean(MeterRegistry.class).find("grpc.health.watch.streams").gauges()).singleElement()
			.satisfies((gauge) -> assertThat(gauge.getId().getTag("listener")).isEqualTo("main"));
	}

	private void startWithTls(org.springframework.boot.health.contributor.Status db, String... more)
			throws IOException {
		this.tls = TestCertificates.generate(this.certificates);
		FirstAnswerOnHealthPort.ANSWERS.clear();
		AnswerOnHealthPortAfterMainServer.ANSWERS.clear();
		List<String> properties = new CopyOnWriteArrayList<>(List.of("spring.grpc.server.ssl.bundle=test",
				"spring.ssl.bundle.pem.test.keystore.certificate=file:" + this.tls.certificate(),
				"spring.ssl.bundle.pem.test.keystore.private-key=file:" + this.tls.privateKey(),
				"grpc.health.server.port=0", "grpc.health.server.address=127.0.0.1",
				"spring.main.sources=" + FirstAnswerOnHealthPort.class.getName() + ","
						+ AnswerOnHealthPortAfterMainServer.class.getName()));
		properties.addAll(List.of(more));
		this.context = TestGrpcApplication.start(db, properties.toArray(String[]::new));
	}

	private int healthPort() {
		return this.context.getEnvironment().getRequiredProperty("local.grpc.health.server.port", Integer.class);
	}

	private ManagedChannel tlsChannel() {
		try {
			return Grpc
				.newChannelBuilderForAddress("127.0.0.1", TestGrpcApplication.port(), this.tls.clientCredentials())
				.build();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static ServingStatus checkOnHealthPort(Environment environment) {
		int port = environment.getRequiredProperty("local.grpc.health.server.port", Integer.class);
		ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
		try {
			return HealthGrpc.newBlockingStub(channel)
				.withDeadlineAfter(5, TimeUnit.SECONDS)
				.check(HealthCheckRequest.newBuilder().setService("").build())
				.getStatus();
		}
		finally {
			channel.shutdownNow();
		}
	}

	/**
	 * Checks {@code ""} on the health port when Spring Boot's gRPC server has just
	 * started.
	 */
	static class FirstAnswerOnHealthPort implements ApplicationListener<GrpcServerStartedEvent> {

		static final List<ServingStatus> ANSWERS = new CopyOnWriteArrayList<>();

		private final Environment environment;

		FirstAnswerOnHealthPort(Environment environment) {
			this.environment = environment;
		}

		@Override
		public void onApplicationEvent(GrpcServerStartedEvent event) {
			ANSWERS.add(checkOnHealthPort(this.environment));
		}

	}

	/**
	 * Checks {@code ""} on the health port when Spring Boot's gRPC server has terminated.
	 */
	static class AnswerOnHealthPortAfterMainServer implements ApplicationListener<GrpcServerTerminatedEvent> {

		static final List<ServingStatus> ANSWERS = new CopyOnWriteArrayList<>();

		private final Environment environment;

		AnswerOnHealthPortAfterMainServer(Environment environment) {
			this.environment = environment;
		}

		@Override
		public void onApplicationEvent(GrpcServerTerminatedEvent event) {
			ANSWERS.add(checkOnHealthPort(this.environment));
		}

	}

}
