package io.github.healthgrpc.autoconfigure;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;

import io.github.healthgrpc.internal.boot.UpstreamChannels;
import io.grpc.Channel;
import net.devh.boot.grpc.client.channelfactory.GrpcChannelFactory;
import net.devh.boot.grpc.client.config.GrpcChannelsProperties;

/**
 * net.devh's client channels, configured under {@code grpc.client.<name>}: the Watch runs
 * over the very channel the application's stubs use (net.devh caches one per name, with
 * its global interceptors).
 */
final class NetDevhUpstreamChannels implements UpstreamChannels {

	private final GrpcChannelFactory factory;

	private final GrpcChannelsProperties properties;

	private final Set<String> names;

	NetDevhUpstreamChannels(GrpcChannelFactory factory, GrpcChannelsProperties properties) {
		this.factory = factory;
		this.properties = properties;
		// Read before anything asks net.devh for a channel: its getChannel(name) adds the
		// name to the map.
		Set<String> names = new LinkedHashSet<>(properties.getClient().keySet());
		names.remove(GrpcChannelsProperties.GLOBAL_PROPERTIES_KEY);
		this.names = Set.copyOf(names);
	}

	@Override
	public Set<String> names() {
		return this.names;
	}

	@Override
	public String configurationOf(String name) {
		return "grpc.client." + name;
	}

	@Override
	public String target(String name) {
		URI address = this.properties.getChannel(name).getAddress();
		return (address != null) ? address.toString() : name;
	}

	@Override
	public Channel channel(String name) {
		return this.factory.createChannel(name);
	}

}
