package io.github.healthgrpc.internal.boot;

import java.util.Set;

import io.grpc.Channel;

/**
 * What a Spring Boot line's gRPC client gives the health client: its configured channels.
 * The one bean each line must define to watch upstreams.
 */
public interface UpstreamChannels {

	/**
	 * The channel names the gRPC client is configured with.
	 * @return the names
	 */
	Set<String> names();

	/**
	 * Where a channel is configured, for error messages.
	 * @param name a channel name
	 * @return the property prefix, such as {@code grpc.client.<name>}
	 */
	String configurationOf(String name);

	/**
	 * The channel's target, as configured, for logs and health details.
	 * @param name a configured channel name
	 * @return the target
	 */
	String target(String name);

	/**
	 * A channel to the upstream with the channel's own settings (address, security,
	 * interceptors), owned by the gRPC client.
	 * @param name a configured channel name
	 * @return the channel
	 */
	Channel channel(String name);

}
