package io.github.healthgrpc.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Empty;
import io.github.healthgrpc.canonical.v1.HealthCheckRequest;
import io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus;
import io.github.healthgrpc.canonical.v1.HealthGrpc;
import io.github.healthgrpc.canonical.v1.HealthListRequest;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * What {@code grpc.health.security.allow-unauthenticated} must do on either Spring Boot
 * line, against a real server whose gRPC security authenticates every call (HTTP basic,
 * user {@value #USER}, password {@value #PASSWORD}): Check and Watch pass without
 * credentials only with the property; List and the application's own service keep asking
 * for them. Each line's test extends this with its own application and security set-up.
 */
public abstract class HealthSecurityContract {

	protected static final String USER = "probe";

	protected static final String PASSWORD = "secret";

	/** Generous: the first call loads the security classes, on a loaded machine. */
	private static final long CALL_DEADLINE_SECONDS = 30;

	private ManagedChannel channel;

	/**
	 * Starts the application with its security on and the given properties.
	 * @return what closes it
	 */
	protected abstract AutoCloseable start(String... properties);

	/** The port of the started application's gRPC server. */
	protected abstract int port();

	/** A unary method of the application's own service, taking and returning Empty. */
	protected abstract MethodDescriptor<Empty, Empty> applicationMethod();

	private AutoCloseable application;

	@AfterEach
	void stop() throws Exception {
		if (this.channel != null) {
			this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
		if (this.application != null) {
			this.application.close();
		}
	}

	@Test
	void byDefaultHealthAsksForCredentialsLikeEverythingElse() {
		startApplication();
		assertThat(refusal(() -> check(anonymous(), ""))).isEqualTo(Status.Code.UNAUTHENTICATED);
		assertThat(refusal(() -> firstWatched(anonymous()))).isEqualTo(Status.Code.UNAUTHENTICATED);
		assertThat(check(authenticated(), "db")).isEqualTo(ServingStatus.SERVING);
	}

	@Test
	void withThePropertyCheckAndWatchPassWithoutCredentials() {
		startApplication("grpc.health.security.allow-unauthenticated=true");
		assertThat(check(anonymous(), "db")).isEqualTo(ServingStatus.SERVING);
		assertThat(firstWatched(anonymous())).isEqualTo(ServingStatus.SERVING);
		// "" includes readiness on Spring Boot 4.1, which turns SERVING in the background
		// once the application is ready.
		await().until(() -> check(anonymous(), "") == ServingStatus.SERVING);
	}

	@Test
	void withThePropertyListAndTheApplicationsServiceStayProtected() {
		startApplication("grpc.health.security.allow-unauthenticated=true");
		assertThat(refusal(() -> list(anonymous()))).isEqualTo(Status.Code.UNAUTHENTICATED);
		assertThat(refusal(() -> callApplication(anonymous()))).isEqualTo(Status.Code.UNAUTHENTICATED);
		assertThat(refusal(() -> list(withBasic(USER, "wrong")))).isEqualTo(Status.Code.UNAUTHENTICATED);
		assertThat(list(authenticated())).isGreaterThan(1);
		callApplication(authenticated());
	}

	/**
	 * Starts the application and connects a plaintext channel to it.
	 * @param properties the application's properties
	 */
	protected final void startApplication(String... properties) {
		this.application = start(properties);
		this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", port()).usePlaintext().build();
	}

	protected final Channel anonymous() {
		return this.channel;
	}

	protected final Channel authenticated() {
		return withBasic(USER, PASSWORD);
	}

	protected final Channel withBasic(String user, String password) {
		Metadata headers = new Metadata();
		headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Basic "
				+ Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
		return ClientInterceptors.intercept(this.channel, MetadataUtils.newAttachHeadersInterceptor(headers));
	}

	protected static ServingStatus check(Channel channel, String service) {
		return HealthGrpc.newBlockingStub(channel)
			.withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS)
			.check(HealthCheckRequest.newBuilder().setService(service).build())
			.getStatus();
	}

	/** The first status a Watch on {@code db} receives; throws what refused it. */
	protected static ServingStatus firstWatched(Channel channel) {
		RecordingObserver watch = new RecordingObserver();
		HealthGrpc.newStub(channel).watch(HealthCheckRequest.newBuilder().setService("db").build(), watch);
		await().until(() -> !watch.statuses.isEmpty() || watch.end.isDone());
		if (watch.statuses.isEmpty()) {
			throw watch.end.join().asRuntimeException();
		}
		return watch.statuses.get(0);
	}

	protected static int list(Channel channel) {
		return HealthGrpc.newBlockingStub(channel)
			.withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS)
			.list(HealthListRequest.getDefaultInstance())
			.getStatusesCount();
	}

	protected final void callApplication(Channel channel) {
		ClientCalls.blockingUnaryCall(channel, applicationMethod(),
				CallOptions.DEFAULT.withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS),
				Empty.getDefaultInstance());
	}

	protected static Status.Code refusal(Runnable call) {
		return assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(call::run)
			.actual()
			.getStatus()
			.getCode();
	}

}
