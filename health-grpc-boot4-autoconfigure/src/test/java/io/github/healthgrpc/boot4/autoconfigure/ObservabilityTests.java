package io.github.healthgrpc.boot4.autoconfigure;

import io.github.healthgrpc.internal.boot.testing.ObservabilityContract;

/**
 * Metrics (with Spring Boot 4's Micrometer auto-configuration, whose package moved),
 * transition logs and the {@code grpchealth} endpoint on the Spring Boot 4 line.
 */
class ObservabilityTests extends ObservabilityContract {

	ObservabilityTests() {
		super(Boot4Line.INSTANCE);
	}

}
