package io.github.healthgrpc.autoconfigure;

import io.github.healthgrpc.internal.boot.GrpcHealthClients;

import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * The watched upstreams as Spring Boot 3.5 Actuator health: a composite with one
 * indicator per channel, each a memory read of its watch's latest reading.
 */
final class ActuatorUpstreams {

	private ActuatorUpstreams() {
	}

	static CompositeHealthContributor contributor(GrpcHealthClients clients) {
		return CompositeHealthContributor
			.fromMap(clients.<HealthIndicator>members((report) -> () -> health(report.get())));
	}

	private static Health health(GrpcHealthClients.Report report) {
		return Health.status(report.statusCode()).withDetails(report.details()).build();
	}

}
