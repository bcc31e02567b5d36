package io.github.healthgrpc.boot4.autoconfigure;

import io.github.healthgrpc.internal.boot.GrpcHealthClientChannelsCondition;
import io.github.healthgrpc.internal.boot.GrpcHealthClientConfiguration;
import io.github.healthgrpc.internal.boot.GrpcHealthClientMetricsAutoConfiguration;
import io.github.healthgrpc.internal.boot.GrpcHealthClientProperties;
import io.github.healthgrpc.internal.boot.GrpcHealthClients;
import io.github.healthgrpc.internal.boot.UpstreamChannels;
import io.grpc.health.v1.HealthGrpc;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.grpc.client.autoconfigure.GrpcClientProperties;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.grpc.client.GrpcChannelFactory;

/**
 * The health of the upstreams of Spring Boot 4.1 client channels listed under
 * {@code grpc.health.client.channels}, as the health contributor {@code grpcClients} with
 * one member per channel. Client-side health checking of the channels' own calls is
 * Boot's ({@code spring.grpc.client.channel.<name>.health.*}).
 */
@AutoConfiguration(
		afterName = { "org.springframework.boot.grpc.client.autoconfigure.GrpcClientAutoConfiguration",
				"org.springframework.boot.grpc.client.autoconfigure.CompositeChannelFactoryAutoConfiguration" },
		before = { HealthContributorRegistryAutoConfiguration.class, GrpcHealthClientMetricsAutoConfiguration.class,
				GrpcHealthAutoConfiguration.class })
@ConditionalOnClass({ GrpcChannelFactory.class, GrpcClientProperties.class, HealthContributor.class, HealthGrpc.class })
@Conditional(GrpcHealthClientChannelsCondition.class)
@Import(GrpcHealthClientConfiguration.class)
public final class GrpcHealthClientAutoConfiguration {

	@Bean
	UpstreamChannels grpcHealthUpstreamChannels(GrpcChannelFactory factory, GrpcClientProperties properties,
			GrpcHealthClientProperties clients) {
		BootUpstreamChannels.refuseCheckOnCalls(clients);
		return new BootUpstreamChannels(factory, properties);
	}

	// Registered as "grpcClients" (the suffix is dropped).
	@Bean
	CompositeHealthContributor grpcClientsHealthContributor(GrpcHealthClients clients) {
		return Boot4Upstreams.contributor(clients);
	}

}
