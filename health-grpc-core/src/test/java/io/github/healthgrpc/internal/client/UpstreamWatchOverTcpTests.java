package io.github.healthgrpc.internal.client;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.testing.TestUpstream;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Watch client against this project's health service on a real server on 127.0.0.1,
 * with a real scheduler: it follows the upstream's flips, and an upstream that stops and
 * comes back on the same port is unreachable, then serving again.
 */
class UpstreamWatchOverTcpTests {

	private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();

	private final TestUpstream upstream = TestUpstream.withHealth();

	private final ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", this.upstream.port())
		.usePlaintext()
		.build();

	private final UpstreamWatch watch = new UpstreamWatch("upstream", this.channel, this.upstream.address(),
			"acme.Echo", new WatchSettings(2, Duration.ofSeconds(30), Duration.ofMillis(50), Duration.ofMillis(200)),
			WatchScheduler.of(this.executor), Clock.systemUTC(), Math::random);

	@AfterEach
	void stop() {
		this.watch.close();
		this.channel.shutdownNow();
		this.upstream.close();
		this.executor.shutdownNow();
	}

	@Test
	void followsEveryFlipOfTheUpstreamWithTheNextWatchMessage() {
		this.upstream.set("acme.Echo", ServingStatus.SERVING);
		this.watch.start();
		await().until(() -> this.watch.health().state() == UpstreamState.SERVING);
		this.upstream.set("acme.Echo", ServingStatus.NOT_SERVING);
		await().until(() -> this.watch.health().state() == UpstreamState.NOT_SERVING);
		this.upstream.set("acme.Echo", ServingStatus.SERVING);
		await().until(() -> this.watch.health().state() == UpstreamState.SERVING);
		assertThat(this.watch.restarts()).isZero();
	}

	@Test
	void anUpstreamThatStopsIsUnreachableAndServingAgainWhenItComesBack() {
		this.upstream.set("acme.Echo", ServingStatus.SERVING);
		this.watch.start();
		await().until(() -> this.watch.health().state() == UpstreamState.SERVING);
		this.upstream.stop();
		await().until(() -> this.watch.health().state() == UpstreamState.UNREACHABLE);
		assertThat(this.watch.health().statusCode("UNKNOWN")).isEqualTo("DOWN");
		this.upstream.restart();
		await().until(() -> this.watch.health().state() == UpstreamState.SERVING);
		assertThat(this.watch.restarts()).isPositive();
	}

	@Test
	void aNameTheUpstreamDoesNotKnowIsServiceUnknown() {
		this.watch.start();
		await().until(() -> this.watch.health().state() == UpstreamState.SERVICE_UNKNOWN);
		this.upstream.set("acme.Echo", ServingStatus.SERVING);
		await().until(() -> this.watch.health().state() == UpstreamState.SERVING);
	}

}
