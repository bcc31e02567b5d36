package io.github.healthgrpc.sample;

import java.net.http.HttpResponse;
import java.time.Duration;

import io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The client half: one instance, with the "peer" profile, watches another instance's
 * helloworld.Greeter over a client channel. The peer's health shows in
 * {@code /actuator/health} and {@code /actuator/grpchealth} and as gRPC names, follows
 * the peer's breaks and heals, and never touches the watcher's "", liveness or readiness.
 */
class PeerHealthIT {

	/** The peer's refresh interval, one Watch message, and room for a busy machine. */
	private static final Duration FOLLOW = Duration.ofSeconds(15);

	@Test
	void anInstanceWatchesAnotherInstancesGreeter() throws Exception {
		try (SampleProcess peer = SampleProcess.start("peer-upstream");
				SampleProcess watcher = SampleProcess.start("peer-watcher", "--spring.profiles.active=peer",
						"--sample.peer=127.0.0.1:" + peer.grpcPort())) {
			await().atMost(FOLLOW).until(() -> watcher.check("grpcClients/peer") == ServingStatus.SERVING);
			HttpResponse<String> health = watcher.get("/actuator/health/grpcClients/peer");
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(health.body()).contains("\"status\":\"UP\"", "\"service\":\"helloworld.Greeter\"",
					"127.0.0.1:" + peer.grpcPort());
			assertThat(watcher.get("/actuator/grpchealth").body()).contains("\"grpcClients/peer\"");

			peer.breakDownstream();
			await().atMost(FOLLOW).until(() -> watcher.check("grpcClients/peer") == ServingStatus.NOT_SERVING);
			HttpResponse<String> down = watcher.get("/actuator/health/grpcClients/peer");
			assertThat(down.statusCode()).isEqualTo(503);
			assertThat(down.body()).contains("\"status\":\"DOWN\"", "\"status\":\"NOT_SERVING\"");
			assertThat(watcher.check("")).isEqualTo(ServingStatus.SERVING);
			assertThat(watcher.check("liveness")).isEqualTo(ServingStatus.SERVING);
			assertThat(watcher.check("readiness")).isEqualTo(ServingStatus.SERVING);
			assertThat(watcher.check("helloworld.Greeter")).isEqualTo(ServingStatus.SERVING);

			peer.healDownstream();
			await().atMost(FOLLOW).until(() -> watcher.check("grpcClients/peer") == ServingStatus.SERVING);
		}
	}

}
