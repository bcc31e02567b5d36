package io.github.healthgrpc.boot4.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.github.healthgrpc.testing.CanonicalHealthClient;
import io.github.healthgrpc.canonical.v1.HealthCheckRequest;
import io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus;
import io.github.healthgrpc.canonical.v1.HealthGrpc;
import io.github.healthgrpc.testing.RecordingObserver;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Start-up and shutdown of health-grpc with Spring Boot 4's gRPC server, over TCP on
 * 127.0.0.1.
 */
class LifecycleIntegrationTests {

	/** Spring Boot's default {@code spring.grpc.server.shutdown.grace-period}. */
	private static final Duration GRACE_PERIOD = Duration.ofSeconds(30);

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
	void anIndicatorDownAtStartIsNotServingOnTheVeryFirstCall() {
		List<String> firstAnswers = new CopyOnWriteArrayList<>();
		// Called by Spring Boot right after the port opened, before anything else can
		// run.
		FirstCallRecorder.answers = firstAnswers;
		this.context = TestGrpcApplication.start(org.springframework.boot.health.contributor.Status.DOWN,
				"spring.main.sources=" + FirstCallRecorder.class.getName());
		assertThat(firstAnswers).containsExactly(" NOT_SERVING", "db NOT_SERVING", "ping SERVING",
				"test.Echo NOT_SERVING");
	}

	@Test
	void theOverallStatusIsServingOnceSpringBootHasMadeTheApplicationReady() {
		List<String> firstAnswers = new CopyOnWriteArrayList<>();
		FirstCallRecorder.answers = firstAnswers;
		this.context = TestGrpcApplication.start(org.springframework.boot.health.contributor.Status.UP,
				"spring.main.sources=" + FirstCallRecorder.class.getName());
		// Spring Boot 4 has its availability probes on by default, and the overall status
		// includes them: while the context starts, liveness is not yet CORRECT nor
		// readiness ACCEPTING_TRAFFIC.
		assertThat(firstAnswers).containsExactly(" NOT_SERVING", "db SERVING", "ping SERVING", "test.Echo NOT_SERVING");
		// Availability changes are pushed at once, without waiting for a refresh.
		await().atMost(Duration.ofSeconds(2)).until(() -> this.client.check("") == ServingStatus.SERVING);
		assertThat(this.client.check("test.Echo")).isEqualTo(ServingStatus.SERVING);
		assertThat(this.client.check("readiness")).isEqualTo(ServingStatus.SERVING);
	}

	@Test
	void onCloseWatchersAreToldNotServingAndCompletedBeforeTheServerStopsAndChecksAnswerItDuringTheDrain()
			throws Exception {
		this.context = TestGrpcApplication.start(org.springframework.boot.health.contributor.Status.UP,
				"grpc.health.shutdown.drain-delay=1500ms");
		RecordingObserver watch = new RecordingObserver();
		this.client.watch("db", watch);
		await().until(() -> watch.statuses.contains(ServingStatus.SERVING));

		ConfigurableApplicationContext closed = this.context;
		this.context = null;
		CompletableFuture<Void> closing = CompletableFuture.runAsync(closed::close);
		await().until(() -> watch.statuses.contains(ServingStatus.NOT_SERVING));
		// The server still answers during the drain delay, with the truth.
		assertThat(this.client.check("db")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(this.client.check("")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(this.client.check("test.Echo")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(closing).isNotDone();
		assertThat(TestGrpcApplication.STOPPING).isEmpty();

		// The open Watch was completed by health-grpc, so the server did not wait for its
		// grace period.
		await().atMost(GRACE_PERIOD.dividedBy(3)).until(closing::isDone);
		closing.get();
		await().until(watch.end::isDone);
		assertThat(watch.end.get().getCode()).isEqualTo(Status.Code.OK);
		assertThat(watch.statuses).containsExactly(ServingStatus.SERVING, ServingStatus.NOT_SERVING);
		// Completed with OK, not cancelled: by health-grpc, before the server stopped.
		assertThat(TestGrpcApplication.STOPPING).hasSize(2)
			.satisfiesExactly((shutdown) -> assertThat(shutdown).startsWith("shutdown"),
					(terminated) -> assertThat(terminated).isEqualTo("terminated"));
	}

	@Test
	void withoutCompletingWatchesAnOpenWatchEndsOnlyWhenTheServersGracePeriodRunsOut() throws Exception {
		this.context = TestGrpcApplication.start(org.springframework.boot.health.contributor.Status.UP,
				"grpc.health.shutdown.complete-watches=false", "spring.grpc.server.shutdown.grace-period=1s");
		// Readiness turns ACCEPTING_TRAFFIC when the application is ready, and the
		// overall name follows in the background: watch once it has, so that the
		// stream starts with SERVING.
		await().until(() -> this.client.check("") == ServingStatus.SERVING);
		RecordingObserver watch = new RecordingObserver();
		this.client.watch("", watch);
		await().until(() -> watch.statuses.contains(ServingStatus.SERVING));
		ConfigurableApplicationContext closed = this.context;
		this.context = null;
		closed.close();
		await().until(watch.end::isDone);
		assertThat(watch.statuses).containsExactly(ServingStatus.SERVING, ServingStatus.NOT_SERVING);
		// Held open until the grace period ran out and the server cancelled it.
		assertThat(watch.end.get().getCode()).isEqualTo(Status.Code.CANCELLED);
		// Still open when the server started to shut down.
		assertThat(TestGrpcApplication.STOPPING).containsExactly("shutdown with open Watch streams: 1", "terminated");
	}

	/**
	 * Checks names from inside the server-started event, that is before any other caller
	 * could.
	 */
	static class FirstCallRecorder implements ApplicationListener<GrpcServerStartedEvent> {

		static List<String> answers;

		@Override
		public void onApplicationEvent(GrpcServerStartedEvent event) {
			ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", event.getPort())
				.usePlaintext()
				.build();
			try {
				HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel)
					.withDeadlineAfter(5, TimeUnit.SECONDS);
				for (String service : List.of("", "db", "ping", "test.Echo")) {
					answers.add(service + " "
							+ health.check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus());
				}
			}
			finally {
				channel.shutdownNow();
			}
		}

	}

}
