package io.github.healthgrpc.internal.client;

import java.time.Duration;
import java.time.Instant;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.healthgrpc.internal.client.FakeUpstream.Stream;
import io.github.healthgrpc.testing.MutableClock;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.awaitility.Awaitility.await;

/**
 * The Watch client against in-process upstreams, with time moved by hand: what each
 * answer of the upstream makes of the reading, restarts with back-off, the failure
 * threshold, the grace period, UNIMPLEMENTED, and close.
 */
class UpstreamWatchTests {

	private static final Duration GRACE = Duration.ofSeconds(10);

	private static final Duration INITIAL = Duration.ofSeconds(1);

	private static final Duration MAX = Duration.ofSeconds(3);

	private final ManualScheduler scheduler = new ManualScheduler();

	private final MutableClock clock = new MutableClock();

	private FakeUpstream upstream = FakeUpstream.withHealth();

	private UpstreamWatch watch;

	@AfterEach
	void close() {
		if (this.watch != null) {
			this.watch.close();
		}
		this.upstream.close();
	}

	@Test
	void beforeAnyStatusTheUpstreamIsStartingSinceCreation() {
		Instant created = this.clock.instant();
		start(3);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.upstream.nextStream().request().getService()).isEqualTo("acme.Echo");
		UpstreamHealth health = this.watch.health();
		assertThat(health.state()).isEqualTo(UpstreamState.STARTING);
		assertThat(health.since()).isEqualTo(created);
		assertThat(health.consecutiveFailures()).isZero();
		assertThat(health.lastError()).isNull();
		assertThat(this.scheduler.pendingDelays()).containsExactly(GRACE);
	}

	@Test
	void followsEveryStatusOfTheStreamWithTheTimeOfTheChange() {
		start(3);
		Stream stream = this.upstream.nextStream();
		this.clock.advance(Duration.ofSeconds(1));
		stream.send(ServingStatus.SERVING);
		assertThat(this.watch.health().state()).isEqualTo(UpstreamState.SERVING);
		assertThat(this.watch.health().since()).isEqualTo(this.clock.instant());
		assertThat(this.scheduler.pendingDelays()).as("the first status ends the grace period").isEmpty();
		this.clock.advance(Duration.ofSeconds(1));
		stream.send(ServingStatus.NOT_SERVING);
		assertThat(this.watch.health().state()).isEqualTo(UpstreamState.NOT_SERVING);
		assertThat(this.watch.health().since()).isEqualTo(this.clock.instant());
		stream.send(ServingStatus.SERVICE_UNKNOWN);
		assertThat(this.watch.health().state()).isEqualTo(UpstreamState.SERVICE_UNKNOWN);
		stream.send(ServingStatus.UNKNOWN);
		assertThat(this.watch.health().state()).isEqualTo(UpstreamState.UNKNOWN);
		stream.send(ServingStatus.SERVING);
		assertThat(this.watch.health().state()).isEqualTo(UpstreamState.SERVING);
		assertThat(this.watch.restarts()).isZero();
	}

	@Test
	void theSameStatusAgainKeepsItsSince() {
		start(3);
		Stream stream = this.upstream.nextStream();
		stream.send(ServingStatus.SERVING);
		Instant since = this.watch.health().since();
		this.clock.advance(Duration.ofSeconds(5));
		stream.send(ServingStatus.SERVING);
		assertThat(this.watch.health().since()).isEqualTo(since);
	}

	@Test
	void aFailedStreamKeepsTheLastStatusBelowTheThresholdAndIsWatchedAgainAfterTheBackoff() {
		start(3);
		Stream first = this.upstream.nextStream();
		first.send(ServingStatus.SERVING);
		Instant since = this.watch.health().since();
		this.clock.advance(Duration.ofSeconds(1));
		first.fail(Status.UNAVAILABLE.withDescription("connection reset"));
		UpstreamHealth health = this.watch.health();
		assertThat(health.state()).isEqualTo(UpstreamState.SERVING);
		assertThat(health.since()).isEqualTo(since);
		assertThat(health.consecutiveFailures()).isEqualTo(1);
		assertThat(health.lastError()).isEqualTo("UNAVAILABLE: connection reset");
		assertThat(this.scheduler.pendingDelays()).containsExactlyInAnyOrder(GRACE, INITIAL);
		assertThat(this.upstream.hasStream()).isFalse();
		this.scheduler.run(INITIAL);
		assertThat(this.watch.restarts()).isEqualTo(1);
		Stream second = this.upstream.nextStream();
		assertThat(second.request().getService()).isEqualTo("acme.Echo");
		second.send(ServingStatus.SERVING);
		assertThat(this.watch.health().consecutiveFailures()).isZero();
		assertThat(this.watch.health().lastError()).isNull();
		assertThat(this.watch.health().since()).isEqualTo(since);
		assertThat(this.scheduler.pendingDelays()).as("a status ends the grace period").isEmpty();
	}

	@Test
	void aFailureCountedFromTheStartTurnsUnreachableOnlyAtTheThreshold() {
		start(2);
		this.upstream.nextStream().fail(Status.UNAVAILABLE);
		assertThat(this.watch.health().state()).isEqualTo(UpstreamState.STARTING);
		assertThat(this.watch.health().consecutiveFailures()).isEqualTo(1);
		assertThat(this.watch.health().lastError()).isEqualTo("UNAVAILABLE");
		this.scheduler.run(INITIAL);
		this.clock.advance(Duration.ofSeconds(2));
		this.upstream.nextStream().fail(Status.DEADLINE_EXCEEDED.withDescription("slow"));
		UpstreamHealth health = this.watch.health();
		assertThat(health.state()).isEqualTo(UpstreamState.UNREACHABLE);
		assertThat(health.since()).isEqualTo(this.clock.instant());
		assertThat(health.consecutiveFailures()).isEqualTo(2);
		assertThat(health.lastError()).isEqualTo("DEADLINE_EXCEEDED: slow");
		assertThat(health.statusCode("UNKNOWN")).isEqualTo("DOWN");
	}

	@Test
	void aThresholdOfOneTurnsUnreachableAtTheFirstFailure() {
		start(1);
		Stream stream = this.upstream.nextStream();
		stream.send(ServingStatus.SERVING);
		this.clock.advance(Duration.ofSeconds(1));
		stream.fail(Status.UNAVAILABLE);
		assertThat(this.watch.health().state()).isEqualTo(UpstreamState.UNREACHABLE);
		assertThat(this.watch.health().since()).isEqualTo(this.clock.instant());
		assertThat(this.watch.health().consecutiveFailures()).isEqualTo(1);
	}

	@Test
	void anUnreachableUpstreamComesBackWithItsNextStatus() {
		start(1);
		this.upstream.nextStream().fail(Status.UNAVAILABLE);
		assertThat(this.watch.health().state()).isEqualTo(UpstreamState.UNREACHABLE);
		this.scheduler.run(INITIAL);
		this.clock.advance(Duration.ofSeconds(3));
		this.upstream.nextStream().send(ServingStatus.SERVING);
		assertThat(this.watch.health().state()).isEqualTo(UpstreamState.SERVING);
		assertThat(this.watch.health().since()).isEqualTo(this.clock.instant());
		assertThat(this.watch.health().consecutiveFailures()).isZero();
	}

	@Test
	void theBackoffGrowsUpToItsCapAndAStatusResetsIt() {
		start(100);
		this.upstream.nextStream().fail(Status.UNAVAILABLE);
		assertThat(this.scheduler.pendingDelays()).contains(INITIAL);
		this.scheduler.run(INITIAL);
		this.upstream.nextStream().fail(Status.UNAVAILABLE);
		assertThat(this.scheduler.pendingDelays()).contains(Duration.ofMillis(1600));
		this.scheduler.run(Duration.ofMillis(1600));
		this.upstream.nextStream().fail(Status.UNAVAILABLE);
		assertThat(this.scheduler.pendingDelays()).contains(Duration.ofMillis(2560));
		this.scheduler.run(Duration.ofMillis(2560));
		this.upstream.nextStream().fail(Status.UNAVAILABLE);
		assertThat(this.scheduler.pendingDelays()).contains(MAX);
		this.scheduler.run(MAX);
		this.upstream.nextStream().fail(Status.UNAVAILABLE);
		assertThat(this.scheduler.pendingDelays()).contains(MAX);
		this.scheduler.run(MAX);
		assertThat(this.watch.restarts()).isEqualTo(5);
		Stream live = this.upstream.nextStream();
		live.send(ServingStatus.SERVING);
		live.fail(Status.UNAVAILABLE);
		assertThat(this.scheduler.pendingDelays()).as("reset by the status").containsExactlyInAnyOrder(GRACE, INITIAL);
	}

	@Test
	void aStreamEndedByTheUpstreamIsAFailure() {
		start(3);
		Stream stream = this.upstream.nextStream();
		stream.send(ServingStatus.NOT_SERVING);
		stream.complete();
		assertThat(this.watch.health().state()).isEqualTo(UpstreamState.NOT_SERVING);
		assertThat(this.watch.health().consecutiveFailures()).isEqualTo(1);
		assertThat(this.watch.health().lastError()).isEqualTo("Watch stream ended by the upstream");
		this.scheduler.run(INITIAL);
		assertThat(this.upstream.nextStream()).isNotNull();
	}

	@Test
	void withoutAnyStatusTheGracePeriodTurnsTheUpstreamUnreachable() {
		start(3);
		this.upstream.nextStream();
		this.clock.advance(GRACE);
		this.scheduler.run(GRACE);
		UpstreamHealth health = this.watch.health();
		assertThat(health.state()).isEqualTo(UpstreamState.UNREACHABLE);
		assertThat(health.since()).isEqualTo(this.clock.instant());
		assertThat(health.consecutiveFailures()).isZero();
		assertThat(health.lastError()).isEqualTo("no status within 10000ms");
	}

	@Test
	void theGracePeriodStartsAtTheFirstFailureAfterAStatusAndKeepsTheLastError() {
		start(3);
		Stream stream = this.upstream.nextStream();
		stream.send(ServingStatus.SERVING);
		stream.fail(Status.UNAVAILABLE.withDescription("gone"));
		this.scheduler.run(INITIAL);
		this.upstream.nextStream().fail(Status.UNAVAILABLE.withDescription("still gone"));
		assertThat(this.scheduler.pendingDelays()).as("one grace timer for the whole outage")
			.containsExactlyInAnyOrder(GRACE, Duration.ofMillis(1600));
		this.scheduler.run(GRACE);
		UpstreamHealth health = this.watch.health();
		assertThat(health.state()).isEqualTo(UpstreamState.UNREACHABLE);
		assertThat(health.consecutiveFailures()).isEqualTo(2);
		assertThat(health.lastError()).isEqualTo("UNAVAILABLE: still gone");
	}

	@Test
	void aGraceTimerThatRunsAfterItWasCancelledDoesNothing() {
		start(3);
		this.upstream.nextStream().send(ServingStatus.SERVING);
		this.scheduler.runCancelled();
		assertThat(this.watch.health().state()).isEqualTo(UpstreamState.SERVING);
	}

	@Test
	void anUpstreamWithoutHealthServiceIsUnimplementedNotFailing() {
		this.upstream.close();
		this.upstream = FakeUpstream.withoutHealth();
		start(1);
		await().until(() -> this.watch.health().state() == UpstreamState.UNIMPLEMENTED);
		UpstreamHealth health = this.watch.health();
		assertThat(health.consecutiveFailures()).isZero();
		assertThat(health.lastError()).isNull();
		assertThat(health.statusCode("UNKNOWN")).isEqualTo("UNKNOWN");
		assertThat(health.statusCode("UP")).isEqualTo("UP");
		assertThat(this.scheduler.pendingDelays()).as("no grace timer, a restart").containsExactly(INITIAL);
		this.scheduler.run(INITIAL);
		await().until(() -> this.scheduler.pendingDelays().equals(java.util.List.of(Duration.ofMillis(1600))));
		assertThat(this.watch.health().state()).isEqualTo(UpstreamState.UNIMPLEMENTED);
		assertThat(this.watch.restarts()).isEqualTo(1);
	}

	@Test
	void failuresAfterUnimplementedCountFromZero() {
		start(2);
		Stream stream = this.upstream.nextStream();
		stream.fail(Status.UNAVAILABLE);
		this.scheduler.run(INITIAL);
		this.upstream.nextStream().fail(Status.UNIMPLEMENTED);
		assertThat(this.watch.health().state()).isEqualTo(UpstreamState.UNIMPLEMENTED);
		assertThat(this.scheduler.pendingDelays()).containsExactly(Duration.ofMillis(1600));
		this.scheduler.run(Duration.ofMillis(1600));
		this.upstream.nextStream().fail(Status.UNAVAILABLE);
		assertThat(this.watch.health().state()).isEqualTo(UpstreamState.UNIMPLEMENTED);
		assertThat(this.watch.health().consecutiveFailures()).isEqualTo(1);
		assertThat(this.scheduler.pendingDelays()).as("an outage starts a grace timer")
			.containsExactlyInAnyOrder(GRACE, Duration.ofMillis(2560));
	}

	@Test
	void closeCancelsTheStreamAndEveryPendingTask() {
		start(3);
		Stream stream = this.upstream.nextStream();
		stream.send(ServingStatus.SERVING);
		this.watch.close();
		await().until(stream::cancelled);
		assertThat(this.watch.health().state()).as("the last reading stays").isEqualTo(UpstreamState.SERVING);
		assertThat(this.watch.health().consecutiveFailures()).as("its own cancel is no failure").isZero();
		assertThat(this.scheduler.pendingDelays()).isEmpty();
		this.watch.close();
	}

	@Test
	void closeCancelsAPendingRestartAndARestartRunningLateOpensNothing() {
		start(3);
		this.upstream.nextStream().fail(Status.UNAVAILABLE);
		this.watch.close();
		assertThat(this.scheduler.pendingDelays()).isEmpty();
		this.scheduler.runCancelled();
		assertThat(this.upstream.hasStream()).isFalse();
		assertThat(this.watch.restarts()).isZero();
	}

	@Test
	void startsOnlyOnce() {
		start(3);
		assertThatIllegalStateException().isThrownBy(this.watch::start).withMessageContaining("'upstream'");
	}

	@Test
	void doesNotStartOnceClosed() {
		this.watch = newWatch(3);
		this.watch.close();
		assertThatIllegalStateException().isThrownBy(this.watch::start);
		assertThat(this.upstream.hasStream()).isFalse();
	}

	@Test
	void describesItsChannel() {
		this.watch = newWatch(3);
		assertThat(this.watch.name()).isEqualTo("upstream");
		assertThat(this.watch.target()).isEqualTo("in-process:upstream");
		assertThat(this.watch.service()).isEqualTo("acme.Echo");
	}

	@Test
	void logsEachChangeOfStateOnceWithTheReason() {
		Logger logger = (Logger) LoggerFactory.getLogger(UpstreamWatch.class);
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		try {
			start(1);
			Stream stream = this.upstream.nextStream();
			stream.send(ServingStatus.SERVING);
			stream.send(ServingStatus.SERVING);
			stream.fail(Status.UNAVAILABLE.withDescription("gone"));
			assertThat(appender.list).extracting((event) -> event.getLevel() + " " + event.getFormattedMessage())
				.containsExactly(
						"INFO Upstream gRPC health 'upstream' (in-process:upstream, service 'acme.Echo'): STARTING -> SERVING",
						"INFO Upstream gRPC health 'upstream' (in-process:upstream, service 'acme.Echo'): SERVING -> UNREACHABLE (UNAVAILABLE: gone)");
		}
		finally {
			logger.detachAppender(appender);
		}
	}

	@Test
	void refusesNulls() {
		WatchSettings settings = WatchSettings.defaults();
		io.grpc.Channel channel = this.upstream.channel();
		assertThatNullPointerException()
			.isThrownBy(() -> new UpstreamWatch(null, channel, "t", "s", settings, this.scheduler, this.clock, () -> 0))
			.withMessage("name must not be null");
		assertThatNullPointerException()
			.isThrownBy(() -> new UpstreamWatch("n", null, "t", "s", settings, this.scheduler, this.clock, () -> 0))
			.withMessage("channel must not be null");
		assertThatNullPointerException()
			.isThrownBy(() -> new UpstreamWatch("n", channel, null, "s", settings, this.scheduler, this.clock, () -> 0))
			.withMessage("target must not be null");
		assertThatNullPointerException()
			.isThrownBy(() -> new UpstreamWatch("n", channel, "t", null, settings, this.scheduler, this.clock, () -> 0))
			.withMessage("service must not be null");
		assertThatNullPointerException()
			.isThrownBy(() -> new UpstreamWatch("n", channel, "t", "s", null, this.scheduler, this.clock, () -> 0))
			.withMessage("settings must not be null");
		assertThatNullPointerException()
			.isThrownBy(() -> new UpstreamWatch("n", channel, "t", "s", settings, null, this.clock, () -> 0))
			.withMessage("scheduler must not be null");
		assertThatNullPointerException()
			.isThrownBy(() -> new UpstreamWatch("n", channel, "t", "s", settings, this.scheduler, null, () -> 0))
			.withMessage("clock must not be null");
	}

	@Test
	void describesStatuses() {
		assertThat(UpstreamWatch.describe(Status.OK)).isEqualTo("Watch stream ended by the upstream");
		assertThat(UpstreamWatch.describe(Status.UNAVAILABLE)).isEqualTo("UNAVAILABLE");
		assertThat(UpstreamWatch.describe(Status.INTERNAL.withDescription("boom"))).isEqualTo("INTERNAL: boom");
	}

	private void start(int failureThreshold) {
		this.watch = newWatch(failureThreshold);
		this.watch.start();
	}

	private UpstreamWatch newWatch(int failureThreshold) {
		return new UpstreamWatch("upstream", this.upstream.channel(), "in-process:upstream", "acme.Echo",
				new WatchSettings(failureThreshold, GRACE, INITIAL, MAX), this.scheduler, this.clock, () -> 0.5);
	}

}
