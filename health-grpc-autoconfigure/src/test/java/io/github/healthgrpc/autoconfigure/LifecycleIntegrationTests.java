package io.github.healthgrpc.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.github.healthgrpc.testing.CanonicalHealthClient;
import io.github.healthgrpc.canonical.v1.HealthCheckRequest;
import io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus;
import io.github.healthgrpc.canonical.v1.HealthGrpc;
import io.github.healthgrpc.internal.engine.HealthEngine;
import io.github.healthgrpc.testing.RecordingObserver;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import net.devh.boot.grpc.server.event.GrpcServerStartedEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Start-up and shutdown over a real Netty server on 127.0.0.1.
 */
class LifecycleIntegrationTests {

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
	void aDatabaseDownAtStartIsNotServingOnTheVeryFirstCall() {
		List<ServingStatus> firstAnswers = new CopyOnWriteArrayList<>();
		// Called by net.devh right after the port opened, before anything else can run.
		FirstCallRecorder.ANSWERS = firstAnswers;
		this.context = TestGrpcApplication.start(org.springframework.boot.actuate.health.Status.DOWN,
				"spring.main.sources=" + FirstCallRecorder.class.getName());
		assertThat(firstAnswers).containsExactly(ServingStatus.NOT_SERVING, ServingStatus.NOT_SERVING);
	}

	@Test
	void onCloseWatchersAreToldNotServingAndChecksAnswerItDuringTheDrain() throws Exception {
		this.context = TestGrpcApplication.start(org.springframework.boot.actuate.health.Status.UP,
				"grpc.health.shutdown.drain-delay=1500ms");
		RecordingObserver watch = new RecordingObserver();
		this.client.watch("db", watch);
		await().until(() -> watch.statuses.contains(ServingStatus.SERVING));

		long start = System.nanoTime();
		CompletableFuture<Void> closing = CompletableFuture.runAsync(this.context::close);
		await().until(() -> watch.statuses.contains(ServingStatus.NOT_SERVING));
		// The server still answers during the drain delay, with the truth.
		assertThat(this.client.check("db")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(this.client.check("")).isEqualTo(ServingStatus.NOT_SERVING);
		assertThat(closing).isNotDone();

		closing.get(20, TimeUnit.SECONDS);
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		// The open Watch was completed by us (OK), so the 30 s grace period was not
		// waited for.
		await().until(() -> watch.end.isDone());
		assertThat(watch.end.get().getCode()).isEqualTo(Status.Code.OK);
		assertThat(watch.statuses).containsExactly(ServingStatus.SERVING, ServingStatus.NOT_SERVING);
		assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1500)).isLessThan(Duration.ofSeconds(15));
		this.context = null;
	}

	@Test
	void updatesAfterCloseHasStartedAreIgnored() throws Exception {
		this.context = TestGrpcApplication.start(org.springframework.boot.actuate.health.Status.DOWN,
				"grpc.health.shutdown.drain-delay=1s");
		RecordingObserver watch = new RecordingObserver();
		this.client.watch("db", watch);
		await().until(() -> watch.statuses.contains(ServingStatus.NOT_SERVING));
		HealthEngine engine = this.context.getBean(HealthEngine.class);
		CompletableFuture<Void> closing = CompletableFuture.runAsync(this.context::close);
		await().until(engine::isTerminal);
		TestGrpcApplication.db(this.context).setStatus(org.springframework.boot.actuate.health.Status.UP);
		engine.refreshNow();
		assertThat(this.client.check("db")).isEqualTo(ServingStatus.NOT_SERVING);
		closing.get(20, TimeUnit.SECONDS);
		assertThat(watch.statuses).containsOnly(ServingStatus.NOT_SERVING);
		this.context = null;
	}

	@Test
	void withoutCompletingWatchesAnOpenWatchEndsOnlyWhenTheServerForcesIt() throws Exception {
		this.context = TestGrpcApplication.start(org.springframework.boot.actuate.health.Status.UP,
				"grpc.health.shutdown.complete-watches=false", "grpc.server.shutdown-grace-period=1s");
		// Readiness turns ACCEPTING_TRAFFIC when the application is ready, and the
		// overall name follows in the background: watch once it has, so that the
		// stream starts with SERVING.
		await().until(() -> this.client.check("") == ServingStatus.SERVING);
		RecordingObserver watch = new RecordingObserver();
		this.client.watch("", watch);
		await().until(() -> watch.statuses.contains(ServingStatus.SERVING));
		long start = System.nanoTime();
		this.context.close();
		this.context = null;
		await().until(() -> watch.end.isDone());
		assertThat(watch.statuses).containsExactly(ServingStatus.SERVING, ServingStatus.NOT_SERVING);
		// Held open until net.devh's grace period ran out and the server cancelled it.
		assertThat(watch.end.get().getCode()).isEqualTo(Status.Code.CANCELLED);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
	}

	/**
	 * Checks "" and "db" from inside the server-started event, i.e. before any other
	 * caller could.
	 */
	static class FirstCallRecorder implements ApplicationListener<GrpcServerStartedEvent> {

		static List<ServingStatus> ANSWERS;

		@Override
		public void onApplicationEvent(GrpcServerStartedEvent event) {
			ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", event.getServer().getPort())
				.usePlaintext()
				.build();
			try {
				HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel)
					.withDeadlineAfter(5, TimeUnit.SECONDS);
				ANSWERS.add(health.check(HealthCheckRequest.newBuilder().setService("").build()).getStatus());
				ANSWERS.add(health.check(HealthCheckRequest.newBuilder().setService("db").build()).getStatus());
			}
			finally {
				channel.shutdownNow();
			}
		}

	}

}
