package io.github.healthgrpc.internal.boot;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.github.healthgrpc.internal.client.UpstreamState;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The watches of the configured channels over an in-process upstream: started with the
 * bean, read as Actuator codes and metrics, closed with the context; an unknown channel
 * stops start-up naming the property.
 */
class GrpcHealthClientsTests {

	private final HealthStatusManager upstreamHealth = new HealthStatusManager();

	private final String serverName = InProcessServerBuilder.generateName();

	private Server server;

	private ManagedChannel channel;

	@BeforeEach
	void startUpstream() throws IOException {
		this.server = InProcessServerBuilder.forName(this.serverName)
			.addService(this.upstreamHealth.getHealthService())
			.build()
			.start();
		this.channel = InProcessChannelBuilder.forName(this.serverName).build();
	}

	@AfterEach
	void stopUpstream() {
		this.channel.shutdownNow();
		this.server.shutdownNow();
	}

	@Test
	void watchesEveryConfiguredChannelFromStartToDestroy() throws Exception {
		this.upstreamHealth.setStatus("acme.Echo", ServingStatus.SERVING);
		GrpcHealthClients clients = new GrpcHealthClients(properties("inventory", "acme.Echo"), channels());
		assertThat(clients.watches()).containsOnlyKeys("inventory");
		assertThat(clients.watches().get("inventory").health().state()).isEqualTo(UpstreamState.STARTING);
		clients.afterPropertiesSet();
		await().until(() -> clients.watches().get("inventory").health().state() == UpstreamState.SERVING);
		assertThat(clients.statusCode(clients.watches().get("inventory").health())).isEqualTo("UP");
		this.upstreamHealth.setStatus("acme.Echo", ServingStatus.NOT_SERVING);
		await().until(() -> "DOWN".equals(clients.statusCode(clients.watches().get("inventory").health())));
		clients.destroy();
		this.upstreamHealth.setStatus("acme.Echo", ServingStatus.SERVING);
		assertThat(clients.watches().get("inventory").health().state()).isEqualTo(UpstreamState.NOT_SERVING);
	}

	@Test
	void eachMemberReadsItsChannelsReportWheneverItIsAsked() throws Exception {
		this.upstreamHealth.setStatus("acme.Echo", ServingStatus.SERVING);
		GrpcHealthClients clients = new GrpcHealthClients(properties("inventory", "acme.Echo"), channels());
		Map<String, Supplier<GrpcHealthClients.Report>> members = clients.members((report) -> report);
		assertThat(members).containsOnlyKeys("inventory");
		Supplier<GrpcHealthClients.Report> inventory = members.get("inventory");
		assertThat(inventory.get().details()).containsEntry("service", "acme.Echo")
			.containsEntry("status", UpstreamState.STARTING.name());
		try {
			clients.afterPropertiesSet();
			await().until(() -> inventory.get().statusCode().equals("UP"));
			this.upstreamHealth.setStatus("acme.Echo", ServingStatus.NOT_SERVING);
			await().until(() -> inventory.get().statusCode().equals("DOWN"));
			assertThat(inventory.get().details()).containsEntry("status", UpstreamState.NOT_SERVING.name());
		}
		finally {
			clients.destroy();
		}
	}

	@Test
	void anUpstreamWithoutHealthServiceHasTheConfiguredStatus() throws Exception {
		this.server.shutdownNow().awaitTermination();
		this.server = InProcessServerBuilder.forName(this.serverName).build().start();
		GrpcHealthClientProperties properties = properties("inventory", "");
		properties.setUnimplementedStatus("OUT_OF_SERVICE");
		GrpcHealthClients clients = new GrpcHealthClients(properties, channels());
		clients.afterPropertiesSet();
		try {
			await().until(() -> clients.watches().get("inventory").health().state() == UpstreamState.UNIMPLEMENTED);
			assertThat(clients.statusCode(clients.watches().get("inventory").health())).isEqualTo("OUT_OF_SERVICE");
		}
		finally {
			clients.destroy();
		}
	}

	@Test
	void aChannelTheClientDoesNotKnowStopsStartUpNamingTheProperty() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new GrpcHealthClients(properties("inventroy", ""), channels()))
			.withMessage("grpc.health.client.channels.inventroy names a gRPC client channel that is not configured "
					+ "(no grpc.client.inventroy.*; configured channels: [inventory])");
	}

	@Test
	void metricsReadEachWatch() throws Exception {
		this.upstreamHealth.setStatus("acme.Echo", ServingStatus.NOT_SERVING);
		GrpcHealthClients clients = new GrpcHealthClients(properties("inventory", "acme.Echo"), channels());
		MeterRegistry registry = new SimpleMeterRegistry();
		new GrpcHealthClientMetrics(clients).bindTo(registry);
		assertThat(registry.get("grpc.health.client.status").tag("channel", "inventory").gauge().value()).isZero();
		clients.afterPropertiesSet();
		try {
			await().until(
					() -> registry.get("grpc.health.client.status").tag("channel", "inventory").gauge().value() == 2.0);
			this.upstreamHealth.setStatus("acme.Echo", ServingStatus.SERVING);
			await().until(
					() -> registry.get("grpc.health.client.status").tag("channel", "inventory").gauge().value() == 1.0);
			assertThat(registry.get("grpc.health.client.watch.restarts")
				.tag("channel", "inventory")
				.functionCounter()
				.count()).isZero();
		}
		finally {
			clients.destroy();
		}
	}

	private static GrpcHealthClientProperties properties(String channel, String service) {
		GrpcHealthClientProperties properties = new GrpcHealthClientProperties();
		GrpcHealthClientProperties.Channel watched = new GrpcHealthClientProperties.Channel();
		watched.setService(service);
		properties.getChannels().put(channel, watched);
		properties.afterPropertiesSet();
		return properties;
	}

	private UpstreamChannels channels() {
		Map<String, Channel> channels = Map.of("inventory", this.channel);
		return new UpstreamChannels() {

			@Override
			public Set<String> names() {
				return channels.keySet();
			}

			@Override
			public String configurationOf(String name) {
				return "grpc.client." + name;
			}

			@Override
			public String target(String name) {
				return "in-process:" + name;
			}

			@Override
			public Channel channel(String name) {
				return channels.get(name);
			}

		};
	}

}
