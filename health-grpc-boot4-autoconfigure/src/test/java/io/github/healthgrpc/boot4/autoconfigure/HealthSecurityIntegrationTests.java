package io.github.healthgrpc.boot4.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
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
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.security.AuthenticationProcessInterceptor;
import org.springframework.grpc.server.security.GrpcSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.config.Customizer.withDefaults;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@code grpc.health.security.allow-unauthenticated} with Spring gRPC's security on
 * Spring Boot's gRPC server, every call authenticated (HTTP basic): Check and Watch pass
 * without credentials only with the property; List and the application's own service keep
 * asking for them.
 */
class HealthSecurityIntegrationTests {

	/** Generous: the first call loads the security classes, on a loaded machine. */
	private static final long CALL_DEADLINE_SECONDS = 30;

	private ConfigurableApplicationContext context;

	private ManagedChannel channel;

	@AfterEach
	void stop() throws InterruptedException {
		if (this.channel != null) {
			this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
		if (this.context != null) {
			this.context.close();
		}
	}

	@Test
	void byDefaultHealthAsksForCredentialsLikeEverythingElse() {
		start();
		assertThat(code(() -> check(anonymous(), ""))).isEqualTo(Status.Code.UNAUTHENTICATED);
		assertThat(code(() -> firstWatched(anonymous()))).isEqualTo(Status.Code.UNAUTHENTICATED);
		assertThat(check(authenticated(), "")).isEqualTo(ServingStatus.SERVING);
	}

	@Test
	void withThePropertyCheckAndWatchPassWithoutCredentials() {
		start("grpc.health.security.allow-unauthenticated=true");
		assertThat(check(anonymous(), "")).isEqualTo(ServingStatus.SERVING);
		assertThat(check(anonymous(), "db")).isEqualTo(ServingStatus.SERVING);
		assertThat(firstWatched(anonymous())).isEqualTo(ServingStatus.SERVING);
	}

	@Test
	void withThePropertyListAndTheApplicationsServiceStayProtected() {
		start("grpc.health.security.allow-unauthenticated=true");
		assertThat(code(() -> list(anonymous()))).isEqualTo(Status.Code.UNAUTHENTICATED);
		assertThat(code(() -> echo(anonymous()))).isEqualTo(Status.Code.UNAUTHENTICATED);
		assertThat(list(authenticated())).isGreaterThan(1);
		echo(authenticated());
	}

	@Test
	void withThePropertyCheckGoesPastTheSecurityInterceptorSoItsCredentialsAreNotLookedAt() {
		start("grpc.health.security.allow-unauthenticated=true");
		assertThat(check(withBasic("probe", "wrong"), "")).isEqualTo(ServingStatus.SERVING);
		assertThat(code(() -> list(withBasic("probe", "wrong")))).isEqualTo(Status.Code.UNAUTHENTICATED);
	}

	private void start(String... properties) {
		String[] all = new String[properties.length + 1];
		all[0] = "spring.main.sources=" + BasicAuthSecurity.class.getName();
		System.arraycopy(properties, 0, all, 1, properties.length);
		this.context = TestGrpcApplication.start(org.springframework.boot.health.contributor.Status.UP, all);
		this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", TestGrpcApplication.port()).usePlaintext().build();
	}

	private Channel anonymous() {
		return this.channel;
	}

	private Channel authenticated() {
		return withBasic("probe", "secret");
	}

	private Channel withBasic(String user, String password) {
		Metadata headers = new Metadata();
		headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Basic "
				+ Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
		return ClientInterceptors.intercept(this.channel, MetadataUtils.newAttachHeadersInterceptor(headers));
	}

	private static ServingStatus check(Channel channel, String service) {
		return HealthGrpc.newBlockingStub(channel)
			.withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS)
			.check(HealthCheckRequest.newBuilder().setService(service).build())
			.getStatus();
	}

	private static ServingStatus firstWatched(Channel channel) {
		RecordingObserver watch = new RecordingObserver();
		HealthGrpc.newStub(channel).watch(HealthCheckRequest.newBuilder().setService("").build(), watch);
		await().until(() -> !watch.statuses.isEmpty() || watch.end.isDone());
		if (watch.statuses.isEmpty()) {
			throw watch.end.join().asRuntimeException();
		}
		return watch.statuses.get(0);
	}

	private static int list(Channel channel) {
		return HealthGrpc.newBlockingStub(channel)
			.withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS)
			.list(HealthListRequest.getDefaultInstance())
			.getStatusesCount();
	}

	private static void echo(Channel channel) {
		ClientCalls.blockingUnaryCall(channel, TestGrpcApplication.ECHO,
				CallOptions.DEFAULT.withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS),
				Empty.getDefaultInstance());
	}

	private static Status.Code code(Runnable call) {
		return assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(call::run)
			.actual()
			.getStatus()
			.getCode();
	}

	/**
	 * Spring gRPC's security as its documentation sets it up: HTTP basic, every method
	 * authenticated.
	 */
	@Configuration(proxyBeanMethods = false)
	static class BasicAuthSecurity {

		@Bean
		UserDetailsService users() {
			return new InMemoryUserDetailsManager(
					User.withUsername("probe").password("{noop}secret").roles("USER").build());
		}

		@Bean
		@GlobalServerInterceptor
		AuthenticationProcessInterceptor grpcSecurityInterceptor(GrpcSecurity grpc) throws Exception {
			return grpc.authorizeRequests((requests) -> requests.allRequests().authenticated())
				.httpBasic(withDefaults())
				.build();
		}

	}

}
