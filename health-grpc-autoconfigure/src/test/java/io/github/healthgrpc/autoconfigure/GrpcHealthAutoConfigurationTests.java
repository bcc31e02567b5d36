package io.github.healthgrpc.autoconfigure;

import io.github.healthgrpc.internal.boot.testing.GrpcHealthAutoConfigurationContract;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configuration on Spring Boot 3.5's Actuator health API, in contexts built from
 * a chosen set of auto-configurations: the contract both lines share, and what only this
 * line has.
 */
class GrpcHealthAutoConfigurationTests extends GrpcHealthAutoConfigurationContract {

	GrpcHealthAutoConfigurationTests() {
		super(Boot35Line.INSTANCE);
	}

	@Test
	void withActuatorTheGrpcServicesToPublishAreConfigured() {
		new ApplicationContextRunner().withConfiguration(Boot35Line.ACTUATOR_AND_HEALTH_GRPC)
			.run((context) -> assertThat(context).hasSingleBean(RegisteredGrpcServices.class));
	}

}
