package io.github.healthgrpc.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.github.healthgrpc.internal.boot.GrpcHealthClientProperties;
import io.grpc.ManagedChannelBuilder;
import net.devh.boot.grpc.client.channelfactory.GrpcChannelConfigurer;

/**
 * Client-side health checking (gRFC A17) for the net.devh channels with
 * {@code grpc.health.client.channels.<name>.check-on-calls=true}, which net.devh has no
 * property for: a default service config with {@code round_robin} and a
 * {@code healthCheckConfig} on the watched service name, so that calls go only to
 * upstream addresses whose health is SERVING. grpc-java's health-checking load balancer
 * comes with {@code io.grpc:grpc-services}.
 */
final class CheckOnCallsChannelConfigurer implements GrpcChannelConfigurer {

	private final GrpcHealthClientProperties properties;

	CheckOnCallsChannelConfigurer(GrpcHealthClientProperties properties) {
		this.properties = properties;
	}

	@Override
	public void accept(ManagedChannelBuilder<?> builder, String name) {
		GrpcHealthClientProperties.Channel channel = this.properties.getChannels().get(name);
		if (channel != null && channel.isCheckOnCalls()) {
			// Checked when the properties were bound.
			builder.defaultServiceConfig(serviceConfig(Objects.requireNonNull(channel.getService(), "service")));
		}
	}

	static Map<String, ?> serviceConfig(String service) {
		return Map.of("loadBalancingConfig", List.of(Map.of("round_robin", Map.of())), "healthCheckConfig",
				Map.of("serviceName", service));
	}

}
