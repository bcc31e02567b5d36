package io.github.healthgrpc.boot4.autoconfigure;

import java.util.Objects;
import java.util.Set;

import io.github.healthgrpc.internal.boot.GrpcHealthClientProperties;
import io.github.healthgrpc.internal.boot.UpstreamChannels;
import io.grpc.Channel;

import org.springframework.boot.grpc.client.autoconfigure.GrpcClientProperties;
import org.springframework.grpc.client.GrpcChannelFactory;

/**
 * Spring Boot 4.1's client channels, configured under
 * {@code spring.grpc.client.channel.<name>}. Boot hands out a new channel per request,
 * built from the channel's settings (target, credentials, interceptors) and shut down
 * with the channel factory: the Watch runs over one of its own to the same upstream.
 */
final class BootUpstreamChannels implements UpstreamChannels {

	private final GrpcChannelFactory factory;

	private final GrpcClientProperties properties;

	BootUpstreamChannels(GrpcChannelFactory factory, GrpcClientProperties properties) {
		this.factory = factory;
		this.properties = properties;
	}

	/**
	 * Refuses {@code check-on-calls}: Spring Boot 4.1 channels have client-side health
	 * checking of their own, which one setting must not duplicate.
	 * @param clients the health client's properties
	 */
	static void refuseCheckOnCalls(GrpcHealthClientProperties clients) {
		clients.getChannels().forEach((name, channel) -> {
			if (channel.isCheckOnCalls()) {
				throw new IllegalArgumentException("grpc.health.client.channels." + name
						+ ".check-on-calls is for net.devh channels; on Spring Boot 4.1 set spring.grpc.client.channel."
						+ name + ".health.enabled=true and spring.grpc.client.channel." + name + ".health.service-name="
						+ channel.getService());
			}
		});
	}

	@Override
	public Set<String> names() {
		return this.properties.getChannel().keySet();
	}

	@Override
	public String configurationOf(String name) {
		return "spring.grpc.client.channel." + name;
	}

	@Override
	public String target(String name) {
		// Only configured channels are asked for (names()).
		return Objects.requireNonNull(this.properties.getChannel().get(name), name).getTarget();
	}

	@Override
	public Channel channel(String name) {
		return this.factory.createChannel(name);
	}

}
