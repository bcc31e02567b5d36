package io.github.healthgrpc.boot4.autoconfigure;

import io.github.healthgrpc.internal.boot.GrpcHealthClients;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The watched upstreams as Spring Boot 4 health: a composite with one indicator per
 * channel, each a memory read of its watch's latest reading.
 */
final class Boot4Upstreams {

	private Boot4Upstreams() {
	}

	static CompositeHealthContributor contributor(GrpcHealthClients clients) {
		return CompositeHealthContributor
			.fromMap(clients.<HealthIndicator>members((report) -> () -> health(report.get())));
	}

	private static Health health(GrpcHealthClients.Report report) {
		return Health.status(report.statusCode()).withDetails(report.details()).build();
	}

}
