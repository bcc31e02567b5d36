package io.github.healthgrpc.internal.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.internal.protocol.HealthGrpcService;
import io.github.healthgrpc.internal.protocol.HealthServiceSettings;
import io.github.healthgrpc.internal.protocol.HealthStatusTable;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
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

	private final HealthStatusTable table = new HealthStatusTable();

	private Server server;

	private ManagedChannel channel;

	private UpstreamWatch watch;

	@AfterEach
	void stop() {
		if (this.watch != null) {
			this.watch.close();
		}
		this.channel.shutdownNow();
		this.server.shutdownNow();
		this.executor.shutdownNow();
	}

	@Test
	void followsEveryFlipOfTheUpstreamWithTheNextWatchMessage() throws IOException {
		this.table.set("acme.Echo", ServingStatus.SERVING);
		startServer(0);
		startWatch();
		await().until(() -> this.watch.health().state() == UpstreamState.SERVING);
		this.table.set("acme.Echo", ServingStatus.NOT_SERVING);
		await().until(() -> this.watch.health().state() == UpstreamState.NOT_SERVING);
		this.table.clear("acme.Echo");
		await().until(() -> this.watch.health().state() == UpstreamState.SERVICE_UNKNOWN);
		this.table.set("acme.Echo", ServingStatus.SERVING);
		await().until(() -> this.watch.health().state() == UpstreamState.SERVING);
		assertThat(this.watch.restarts()).isZero();
	}

	@Test
	void anUpstreamThatStopsIsUnreachableAndServingAgainWhenItComesBack() throws Exception {
		this.table.set("acme.Echo", ServingStatus.SERVING);
		startServer(0);
		int port = ((InetSocketAddress) this.server.getListenSockets().get(0)).getPort();
		startWatch();
		await().until(() -> this.watch.health().state() == UpstreamState.SERVING);
		this.server.shutdownNow().awaitTermination();
		await().until(() -> this.watch.health().state() == UpstreamState.UNREACHABLE);
		assertThat(this.watch.health().statusCode("UNKNOWN")).isEqualTo("DOWN");
		startServer(port);
		await().until(() -> this.watch.health().state() == UpstreamState.SERVING);
		assertThat(this.watch.restarts()).isPositive();
	}

	private void startServer(int port) throws IOException {
		this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
			.addService(new HealthGrpcService(this.table, HealthServiceSettings.defaults()))
			.build()
			.start();
		if (this.channel == null) {
			int bound = ((InetSocketAddress) this.server.getListenSockets().get(0)).getPort();
			this.channel = NettyChannelBuilder.forAddress("127.0.0.1", bound).usePlaintext().build();
		}
	}

	private void startWatch() {
		this.watch = new UpstreamWatch("upstream", this.channel, this.channel.authority(), "acme.Echo",
				new WatchSettings(2, Duration.ofSeconds(30), Duration.ofMillis(50), Duration.ofMillis(200)),
				WatchScheduler.of(this.executor), Clock.systemUTC(), Math::random);
		this.watch.start();
	}

}
