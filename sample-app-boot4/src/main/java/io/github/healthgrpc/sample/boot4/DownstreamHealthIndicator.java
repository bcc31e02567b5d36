package io.github.healthgrpc.sample.boot4;

import io.github.healthgrpc.sample.Downstream;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The application's own indicator, on Spring Boot 4's health API. Actuator names it after
 * the bean, {@code downstream}: that is its path in /actuator/health and its gRPC health
 * name, and what application.yml maps the Greeter to.
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
