package io.github.healthgrpc.autoconfigure;

import io.github.healthgrpc.internal.boot.GrpcHealthClientChannelsCondition;
import io.github.healthgrpc.internal.boot.GrpcHealthClientConfiguration;
import io.github.healthgrpc.internal.boot.GrpcHealthClientMetricsAutoConfiguration;
import io.github.healthgrpc.internal.boot.GrpcHealthClientProperties;
import io.github.healthgrpc.internal.boot.GrpcHealthClients;
import io.github.healthgrpc.internal.boot.UpstreamChannels;
import io.grpc.health.v1.HealthGrpc;
import net.devh.boot.grpc.client.channelfactory.GrpcChannelConfigurer;
import net.devh.boot.grpc.client.channelfactory.GrpcChannelFactory;
import net.devh.boot.grpc.client.config.GrpcChannelsProperties;
import net.devh.boot.grpc.client.nameresolver.NameResolverRegistration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;

/**
 * The health of the upstreams of net.devh client channels listed under
 * {@code grpc.health.client.channels}, as the Actuator contributor {@code grpcClients}
 * with one member per channel; and client-side health checking on the channels that ask
 * for it.
 */
@AutoConfiguration(afterName = "net.devh.boot.grpc.client.autoconfigure.GrpcClientAutoConfiguration",
		before = { HealthContributorAutoConfiguration.class, GrpcHealthClientMetricsAutoConfiguration.class,
				GrpcHealthAutoConfiguration.class })
@ConditionalOnClass({ GrpcChannelFactory.class, HealthContributor.class, HealthGrpc.class })
@Conditional(GrpcHealthClientChannelsCondition.class)
@Import(GrpcHealthClientConfiguration.class)
public final class GrpcHealthClientAutoConfiguration {

	@Bean
	UpstreamChannels grpcHealthUpstreamChannels(GrpcChannelFactory factory, GrpcChannelsProperties properties,
			ObjectProvider<NameResolverRegistration> nameResolvers) {
		// The watches open their channels at start-up: the application's name resolvers
		// must be registered first.
		nameResolvers.ifAvailable((registration) -> {
		});
		return new NetDevhUpstreamChannels(factory, properties);
	}

	// Registered by Actuator as "grpcClients" (the suffix is dropped).
	@Bean
	CompositeHealthContributor grpcClientsHealthContributor(GrpcHealthClients clients) {
		return ActuatorUpstreams.contributor(clients);
	}

	@Bean
	GrpcChannelConfigurer grpcHealthCheckOnCallsConfigurer(GrpcHealthClientProperties properties) {
		return new CheckOnCallsChannelConfigurer(properties);
	}

}
