package io.github.healthgrpc.internal.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.healthgrpc.canonical.v1.HealthCheckRequest;
import io.github.healthgrpc.canonical.v1.HealthCheckResponse;
import io.github.healthgrpc.canonical.v1.HealthGrpc;
import io.github.healthgrpc.internal.model.StatusCodes;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.github.healthgrpc.internal.engine.TestContributors.indicator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The engine behind a gRPC server, as the Spring Boot lines serve it: Check answers from
 * the table without running an indicator (PROTOCOL.md rule 4), and shutdown tells
 * watchers, drains and only then completes their streams (rule 16). Direct executors, so
 * that grpc delivers every message on the thread that sends it.
 */
class HealthEngineServingTests {

	private final TestIndicator db = TestIndicator.up();

	private final HealthEngine engine = HealthEngine.builder(new TestContributors(indicator("db", this.db))).build();

	private Server server;

	private ManagedChannel channel;

	@BeforeEach
	void serve() throws Exception {
		this.engine.refreshNow();
		String name = InProcessServerBuilder.generateName();
		this.server = InProcessServerBuilder.forName(name)
			.directExecutor()
			.addService(this.engine.grpcService())
			.build()
			.start();
		this.channel = InProcessChannelBuilder.forName(name).directExecutor().build();
	}

	@AfterEach
	void close() throws InterruptedException {
		this.db.release();
		this.channel.shutdownNow();
		this.server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		this.engine.close();
	}

	@Test
	void checkAnswersFromTheTableAndNeverRunsAnIndicator() {
		int callsBefore = this.db.calls();
		this.db.setStatus(StatusCodes.DOWN);
		// An indicator called now would hang, and the Check with it, until its deadline.
		this.db.block();
		for (int i = 0; i < 10; i++) {
			assertThat(check("db")).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
			assertThat(check("")).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
		}
		assertThat(this.db.calls()).isEqualTo(callsBefore);
	}

	@Test
	void shutdownTellsWatchersThenDrainsThenCompletesTheirStreams() throws InterruptedException {
		Watch watch = watch("db");
		assertThat(watch.statuses).containsExactly(HealthCheckResponse.ServingStatus.SERVING);
		AtomicBoolean interruptKept = new AtomicBoolean();
		Thread shutdown = new Thread(() -> {
			this.engine.shutdown(Duration.ofMinutes(10), true);
			interruptKept.set(Thread.currentThread().isInterrupted());
		}, "test-shutdown");
		shutdown.start();
		try {
			// The drain delay is a sleep on the shutting-down thread: once it sleeps,
			// watchers must have been told, and their streams must still be open.
			await().until(() -> shutdown.getState() == Thread.State.TIMED_WAITING);
			assertThat(watch.statuses).containsExactly(HealthCheckResponse.ServingStatus.SERVING,
					HealthCheckResponse.ServingStatus.NOT_SERVING);
			assertThat(watch.ended).as("Watch stream completed during the drain delay").isFalse();
			assertThat(check("db")).isEqualTo(HealthCheckResponse.ServingStatus.NOT_SERVING);
			Watch lateWatch = watch("");
			assertThat(lateWatch.statuses).containsExactly(HealthCheckResponse.ServingStatus.NOT_SERVING);
			assertThat(lateWatch.ended).isFalse();
			// Interrupting the sleep ends the drain delay early, and shutdown goes on.
			shutdown.interrupt();
			await().untilTrue(watch.ended);
			await().untilTrue(lateWatch.ended);
			assertThat(watch.failure).isNull();
			shutdown.join(10_000);
			assertThat(interruptKept).as("the caller's interrupt is kept").isTrue();
		}
		finally {
			shutdown.interrupt();
			shutdown.join(10_000);
		}
	}

	@Test
	void shutdownWithoutCompletionLeavesWatchStreamsOpen() {
		Watch watch = watch("db");
		this.engine.shutdown(Duration.ZERO, false);
		assertThat(watch.statuses).containsExactly(HealthCheckResponse.ServingStatus.SERVING,
				HealthCheckResponse.ServingStatus.NOT_SERVING);
		assertThat(watch.ended).isFalse();
	}

	private HealthCheckResponse.ServingStatus check(String service) {
		return HealthGrpc.newBlockingStub(this.channel)
			.withDeadlineAfter(5, TimeUnit.SECONDS)
			.check(HealthCheckRequest.newBuilder().setService(service).build())
			.getStatus();
	}

	private Watch watch(String service) {
		Watch watch = new Watch();
		HealthGrpc.newStub(this.channel).watch(HealthCheckRequest.newBuilder().setService(service).build(), watch);
		return watch;
	}

	private static final class Watch implements StreamObserver<HealthCheckResponse> {

		final List<HealthCheckResponse.ServingStatus> statuses = new CopyOnWriteArrayList<>();

		final AtomicBoolean ended = new AtomicBoolean();

		volatile Throwable failure;

		@Override
		public void onNext(HealthCheckResponse response) {
			this.statuses.add(response.getStatus());
		}

		@Override
		public void onError(Throwable failure) {
			this.failure = failure;
			this.ended.set(true);
		}

		@Override
		public void onCompleted() {
			this.ended.set(true);
		}

	}

}
