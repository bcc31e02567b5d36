package io.github.healthgrpc.boot4.autoconfigure;

import io.github.healthgrpc.internal.boot.testing.GrpcHealthClientAutoConfigurationContract;
import io.github.healthgrpc.testing.TestUpstream;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.grpc.client.autoconfigure.CompositeChannelFactoryAutoConfiguration;
import org.springframework.boot.grpc.client.autoconfigure.GrpcClientAutoConfiguration;
import org.springframework.grpc.client.GrpcChannelFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Downstream gRPC services' health as health contributors on Spring Boot 4.1's client
 * channels: the contract both lines share, and check-on-calls refused in favour of Boot's
 * own settings.
 */
class GrpcHealthClientAutoConfigurationTests extends GrpcHealthClientAutoConfigurationContract {

	GrpcHealthClientAutoConfigurationTests() {
		super(Boot4Line.INSTANCE);
	}

	@Override
	protected AutoConfigurations clientAutoConfigurations() {
		return AutoConfigurations.of(SslAutoConfiguration.class, GrpcClientAutoConfiguration.class,
				CompositeChannelFactoryAutoConfiguration.class, GrpcHealthClientAutoConfiguration.class);
	}

	@Override
	protected String[] clientProperties() {
		return new String[0];
	}

	@Override
	protected String channel(String name, TestUpstream upstream) {
		return "spring.grpc.client.channel." + name + ".target=" + target(upstream);
	}

	@Override
	protected String target(TestUpstream upstream) {
		return upstream.address();
	}

	@Override
	protected String channelProperties(String name) {
		return "spring.grpc.client.channel." + name + ".*";
	}

	@Override
	protected Class<?> clientType() {
		return GrpcChannelFactory.class;
	}

	@Test
	void checkOnCallsPointsToBootsOwnSettings() {
		TestUpstream upstream = upstream();
		runner()
			.withPropertyValues(channel("inventory", upstream),
					"grpc.health.client.channels.inventory.service=acme.Echo",
					"grpc.health.client.channels.inventory.check-on-calls=true")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("grpc.health.client.channels.inventory.check-on-calls is for net.devh channels; on Spring "
						+ "Boot 4.1 set spring.grpc.client.channel.inventory.health.enabled=true and "
						+ "spring.grpc.client.channel.inventory.health.service-name=acme.Echo"));
	}

}
