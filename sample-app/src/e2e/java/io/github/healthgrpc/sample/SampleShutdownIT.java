package io.github.healthgrpc.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.healthgrpc.canonical.v1.HealthCheckRequest;
import io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus;
import io.github.healthgrpc.canonical.v1.HealthGrpc;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged sample jar stopped with SIGTERM, as Kubernetes stops a pod: every name
 * turns NOT_SERVING at once, the server keeps answering through the drain delay, Watch
 * streams are completed, and the process exits cleanly. A process of its own, so that no
 * other test depends on running before it.
 */
class SampleShutdownIT {

	/** application.yml: grpc.health.shutdown.drain-delay. */
	private static final Duration DRAIN_DELAY = Duration.ofSeconds(2);

	/** Room for a busy machine; not a timing claim. */
	private static final Duration MARGIN = Duration.ofSeconds(4);

	private static final String GREETER = "helloworld.Greeter";

	private SampleProcess sample;

	private HealthGrpc.HealthBlockingStub health;

	@BeforeEach
	void start() throws Exception {
		this.sample = SampleProcess.start("shutdown-it");
		this.health = HealthGrpc.newBlockingStub(this.sample.channel());
	}

	@AfterEach
	void stop() {
		if (this.sample != null) {
			this.sample.close();
		}
	}

	@Test
	void sigtermTurnsEveryNameNotServingKeepsAnsweringDuringTheDrainAndExits() throws Exception {
		Process process = this.sample.process();
		try (WatchRecorder overall = WatchRecorder.watch(this.sample.channel(), "");
				WatchRecorder greeter = WatchRecorder.watch(this.sample.channel(), GREETER)) {
			await().atMost(MARGIN)
				.until(() -> overall.last() == ServingStatus.SERVING && greeter.last() == ServingStatus.SERVING);

			long sigterm = System.nanoTime();
			this.sample.sigterm();
			await("Watch streams receive NOT_SERVING").atMost(MARGIN.multipliedBy(2))
				.until(() -> overall.last() == ServingStatus.NOT_SERVING
						&& greeter.last() == ServingStatus.NOT_SERVING);
			long notServingAt = millisSince(sigterm);

			// Check every 100 ms until the server stops answering: during the drain it
			// answers NOT_SERVING.
			List<Long> answeredAt = new ArrayList<>();
			List<ServingStatus> answers = new ArrayList<>();
			long[] refusedAt = { -1 };
			await("the server stops answering").atMost(DRAIN_DELAY.plus(MARGIN.multipliedBy(3)))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> {
					try {
						answers.add(check("readiness"));
						answeredAt.add(millisSince(sigterm));
						return false;
					}
					catch (StatusRuntimeException ex) {
						refusedAt[0] = millisSince(sigterm);
						return true;
					}
				});
			await("Watch streams are completed").atMost(MARGIN).until(() -> overall.hasEnded() && greeter.hasEnded());
			boolean exited = process.waitFor(DRAIN_DELAY.plus(MARGIN.multipliedBy(4)).toMillis(),
					TimeUnit.MILLISECONDS);
			long exitedAt = millisSince(sigterm);
			assertThat(exited).as("process exited; log:\n%s", this.sample.logTail()).isTrue();
			int exitCode = process.exitValue();
			System.out.printf(
					"[e2e] SIGTERM timeline (ms after SIGTERM): Watch NOT_SERVING at %d; Check answered %d times, "
							+ "last at %d (%s); first refused at %d; Watch completed at %d; process exited at %d "
							+ "with code %d%n",
					notServingAt, answers.size(), answeredAt.isEmpty() ? -1 : answeredAt.get(answeredAt.size() - 1),
					answers.isEmpty() ? "-" : answers.get(answers.size() - 1), refusedAt[0],
					(overall.endedAtNanos() - sigterm) / 1_000_000, exitedAt, exitCode);

			assertThat(overall.statuses()).containsExactly(ServingStatus.SERVING, ServingStatus.NOT_SERVING);
			assertThat(greeter.statuses()).containsExactly(ServingStatus.SERVING, ServingStatus.NOT_SERVING);
			assertThat(overall.isCompleted()).as("Watch completed by the server, not failed: %s", overall.error())
				.isTrue();
			assertThat(answers).as("Check during the drain").isNotEmpty().containsOnly(ServingStatus.NOT_SERVING);
			// The drain is honoured: the server still answered well after NOT_SERVING
			// went out (half the delay).
			assertThat(answeredAt.get(answeredAt.size() - 1) - notServingAt)
				.isGreaterThanOrEqualTo(DRAIN_DELAY.toMillis() / 2);
			// The JVM's status for a clean exit on SIGTERM: shutdown hooks (the context
			// close) ran, then 128 + 15.
			assertThat(exitCode).isEqualTo(143);
			String log = this.sample.log();
			assertThat(log).contains("gRPC health: all services NOT_SERVING, draining for 2000 ms")
				.contains("Completed gRPC server shutdown")
				.doesNotContain(" ERROR ");
		}
	}

	private ServingStatus check(String service) {
		return this.health.withDeadlineAfter(2, TimeUnit.SECONDS)
			.check(HealthCheckRequest.newBuilder().setService(service).build())
			.getStatus();
	}

	private static long millisSince(long nanos) {
		return (System.nanoTime() - nanos) / 1_000_000;
	}

}
