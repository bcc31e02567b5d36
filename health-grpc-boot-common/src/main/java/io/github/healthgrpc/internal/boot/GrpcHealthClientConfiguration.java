package io.github.healthgrpc.internal.boot;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The watches of the upstreams under {@code grpc.health.client.channels}, over the line's
 * {@link UpstreamChannels}. Imported by each line's client auto-configuration, which adds
 * the Actuator contributor.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GrpcHealthClientProperties.class)
public class GrpcHealthClientConfiguration {

	/**
	 * The name of the {@link GrpcHealthClients} bean, by which the engine's configuration
	 * tells whether upstreams are watched without loading the class.
	 */
	static final String CLIENTS_BEAN = "grpcHealthClients";

	@Bean(CLIENTS_BEAN)
	GrpcHealthClients grpcHealthClients(GrpcHealthClientProperties properties, UpstreamChannels channels) {
		return new GrpcHealthClients(properties, channels);
	}

}
