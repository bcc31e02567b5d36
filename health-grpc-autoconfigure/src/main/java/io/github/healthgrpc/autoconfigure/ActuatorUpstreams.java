package io.github.healthgrpc.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.healthgrpc.internal.boot.GrpcHealthClients;
import io.github.healthgrpc.internal.client.UpstreamHealth;
import io.github.healthgrpc.internal.client.UpstreamWatch;

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
		Map<String, HealthIndicator> members = new LinkedHashMap<>();
		clients.watches().forEach((name, watch) -> members.put(name, () -> health(clients, watch)));
		return CompositeHealthContributor.fromMap(members);
	}

	private static Health health(GrpcHealthClients clients, UpstreamWatch watch) {
		UpstreamHealth health = watch.health();
		return Health.status(clients.statusCode(health))
			.withDetails(health.details(watch.target(), watch.service()))
			.build();
	}

}
