package io.github.healthgrpc.sample;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The application's own indicator. Actuator names it after the bean, {@code downstream}:
 * that is its path in /actuator/health and its gRPC health name, and what application.yml
 * maps the Greeter to.
 */
@Component
public class DownstreamHealthIndicator implements HealthIndicator {

	private final Downstream downstream;

	public DownstreamHealthIndicator(Downstream downstream) {
		this.downstream = downstream;
	}

	@Override
	public Health health() {
		String failure = this.downstream.failure();
		return (failure != null) ? Health.down().withDetail("reason", failure).build() : Health.up().build();
	}

}
