package io.github.healthgrpc.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Empty;
import io.github.healthgrpc.canonical.v1.HealthCheckRequest;
import io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus;
import io.github.healthgrpc.canonical.v1.HealthGrpc;
import io.github.healthgrpc.internal.engine.HealthEngine;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * What the dedicated health listener ({@code grpc.health.server.*}) must do on either
 * Spring Boot line, next to a gRPC server that speaks TLS only (its certificate made by
 * the test): a plaintext client on the health port and a TLS client on the main port see
 * the same statuses and the same shutdown, and the health port closes after the main
 * server. Each line's test extends this with its own application.
 */
public abstract class HealthListenerContract {

	/** Where the listener's port is published. */
	protected static final String PORT_PROPERTY = "local.grpc.health.server.port";

	@TempDir
	Path certificateDirectory;

	private TestCertificates certificates;

	private AutoCloseable application;

	private final CanonicalHealthClient healthPort = new CanonicalHealthClient(this::healthPort);

	private final CanonicalHealthClient mainPort = new CanonicalHealthClient(this::tlsChannel);

	/**
	 * Starts the application on 127.0.0.1 with its {@code db} indicator up or down.
	 * @return what closes it
	 */
	protected abstract AutoCloseable start(boolean dbUp, String... properties);

	/** The properties that put the line's gRPC server on TLS with these files. */
	protected abstract List<String> tlsProperties(TestCertificates certificates);

	/**
	 * What the health port answered when the main server had started: the application
	 * {@link #start} starts with a health listener records it (see
	 * {@link #checkOnHealthPort}). Cleared before each start.
	 */
	protected abstract List<ServingStatus> answersWhenMainServerStarted();

	/**
	 * What the health port answered when the main server had terminated, recorded as
	 * {@link #answersWhenMainServerStarted()} is.
	 */
	protected abstract List<ServingStatus> answersWhenMainServerTerminated();

	/** Sets the started application's {@code db} indicator. */
	protected abstract void setDb(boolean up);

	/** The port of the main server. */
	protected abstract int mainPort();

	/** A bean of the started application. */
	protected abstract <T> T bean(Class<T> type);

	/** A unary method of the application's own service, taking and returning Empty. */
	protected abstract MethodDescriptor<Empty, Empty> applicationMethod();

	@AfterEach
	void stop() throws Exception {
		this.healthPort.close();
		this.mainPort.close();
		if (this.application != null) {
			this.application.close();
		}
	}

	@Test
	void aPlaintextProbeOnTheHealthPortSeesWhatATlsClientSeesOnTheMainPort() throws IOException {
		startWithTls(true);
		assertThat(this.healthPort.check("db")).isEqualTo(ServingStatus.SERVING);
		assertThat(this.mainPort.check("db")).isEqualTo(ServingStatus.SERVING);
		setDb(false);
		bean(HealthEngine.class).refreshNow();
		assertThat(this.healthPort.check("db")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(this.mainPort.check("db")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(this.healthPort.list()).isEqualTo(this.mainPort.list()).containsKeys("", "db", "test.Echo");
	}

	@Test
	void theMainPortRefusesPlaintextAndTheHealthPortServesHealthAlone() throws Exception {
		startWithTls(true);
		try (CanonicalHealthClient plaintextOnMain = new CanonicalHealthClient(this::mainPort)) {
			assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> plaintextOnMain.check(""))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
		}
		assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> ClientCalls.blockingUnaryCall(this.healthPort.channel(), applicationMethod(),
					CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), Empty.getDefaultInstance()))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
	}

	@Test
	void theHealthPortIsPublishedAndOpenWithRealStatusesBeforeTheApplicationIsReady() throws IOException {
		startWithTls(false);
		// Asked when the main server had just started, before readiness.
		assertThat(answersWhenMainServerStarted()).containsExactly(ServingStatus.NOT_SERVING);
		assertThat(environment().getProperty(PORT_PROPERTY, Integer.class)).isPositive().isNotEqualTo(mainPort());
	}

	@Test
	void atShutdownBothPortsTurnNotServingDrainCompleteTheirWatchesAndTheHealthPortClosesLast() throws Exception {
		startWithTls(true, "grpc.health.shutdown.drain-delay=1s");
		RecordingObserver onHealthPort = new RecordingObserver();
		RecordingObserver onMainPort = new RecordingObserver();
		// db, not "": on Spring Boot 4.1 "" includes readiness, which turns SERVING in
		// the
		// background after start.
		this.healthPort.watch("db", onHealthPort);
		this.mainPort.watch("db", onMainPort);
		await().until(() -> onHealthPort.statuses.contains(ServingStatus.SERVING)
				&& onMainPort.statuses.contains(ServingStatus.SERVING));
		await().until(() -> watchStreams("health") == 1 && watchStreams("main") == 1);
		int port = healthPort();

		AutoCloseable closing = this.application;
		this.application = null;
		CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> close(closing));
		await().until(() -> onHealthPort.statuses.contains(ServingStatus.NOT_SERVING)
				&& onMainPort.statuses.contains(ServingStatus.NOT_SERVING));
		assertThat(this.healthPort.check("db")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(this.mainPort.check("db")).isEqualTo(ServingStatus.NOT_SERVING);
		closed.get(20, TimeUnit.SECONDS);

		for (RecordingObserver watch : List.of(onHealthPort, onMainPort)) {
			assertThat(watch.end).isDone();
			assertThat(watch.end.get().getCode()).isEqualTo(Status.Code.OK);
			assertThat(watch.statuses).containsExactly(ServingStatus.SERVING, ServingStatus.NOT_SERVING);
		}
		// Asked when the main server had terminated: the health port still answered.
		assertThat(answersWhenMainServerTerminated()).containsExactly(ServingStatus.NOT_SERVING);
		try (ServerSocket free = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			assertThat(free.getLocalPort()).as("the health port, closed").isEqualTo(port);
		}
	}

	@Test
	void aHealthPortInUseFailsStartUpWithAClearMessage() throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			assertThatException()
				.isThrownBy(() -> start(true, "grpc.health.server.address=127.0.0.1",
						"grpc.health.server.port=" + taken.getLocalPort()))
				.withStackTraceContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort())
				.withStackTraceContaining("already in use")
				.withStackTraceContaining("grpc.health.server.port=" + taken.getLocalPort());
		}
	}

	@Test
	void withoutThePropertyThereIsNoHealthListener() {
		this.application = start(true);
		assertThat(environment().containsProperty(PORT_PROPERTY)).isFalse();
		assertThat(watchStreamListeners()).containsExactly("main");
	}

	/**
	 * Checks {@code ""} in plaintext on the health port; for the application's recording
	 * of {@link #answersWhenMainServerStarted()} and
	 * {@link #answersWhenMainServerTerminated()}.
	 * @param environment the application's environment
	 * @return the status
	 */
	public static ServingStatus checkOnHealthPort(Environment environment) {
		int port = environment.getRequiredProperty(PORT_PROPERTY, Integer.class);
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

	private void startWithTls(boolean dbUp, String... more) throws IOException {
		this.certificates = TestCertificates.generate(this.certificateDirectory);
		answersWhenMainServerStarted().clear();
		answersWhenMainServerTerminated().clear();
		List<String> properties = new ArrayList<>(tlsProperties(this.certificates));
		properties.add("grpc.health.server.port=0");
		properties.add("grpc.health.server.address=127.0.0.1");
		properties.addAll(List.of(more));
		this.application = start(dbUp, properties.toArray(String[]::new));
	}

	private Environment environment() {
		return bean(Environment.class);
	}

	private double watchStreams(String listener) {
		return bean(MeterRegistry.class).get("grpc.health.watch.streams").tag("listener", listener).gauge().value();
	}

	private List<String> watchStreamListeners() {
		return bean(MeterRegistry.class).find("grpc.health.watch.streams")
			.gauges()
			.stream()
			.map((gauge) -> gauge.getId().getTag("listener"))
			.toList();
	}

	private int healthPort() {
		return environment().getRequiredProperty(PORT_PROPERTY, Integer.class);
	}

	private ManagedChannel tlsChannel() {
		try {
			return Grpc.newChannelBuilderForAddress("127.0.0.1", mainPort(), this.certificates.clientCredentials())
				.build();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void close(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
