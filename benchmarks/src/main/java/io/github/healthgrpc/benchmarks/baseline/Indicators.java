package io.github.healthgrpc.benchmarks.baseline;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.health.AdditionalHealthEndpointPath;
import org.springframework.boot.actuate.health.DefaultHealthContributorRegistry;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.HealthEndpointGroup;
import org.springframework.boot.actuate.health.HealthEndpointGroups;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.HttpCodeStatusMapper;
import org.springframework.boot.actuate.health.PingHealthIndicator;
import org.springframework.boot.actuate.health.StatusAggregator;

/** The Actuator health set-ups the contenders are measured with. */
public final class Indicators {

	private Indicators() {
	}

	/**
	 * An indicator that is UP after sleeping, like a slow database or downstream check.
	 */
	public static HealthIndicator sleeping(Duration duration) {
		return () -> {
			try {
				Thread.sleep(duration.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return Health.down().withDetail("interrupted", true).build();
			}
			return Health.up().build();
		};
	}

	/** {@code ping} (instant) and {@code slow} (sleeps for the given time), both UP. */
	public static HealthContributorRegistry pingAndSlow(Duration slow) {
		Map<String, HealthContributor> contributors = new LinkedHashMap<>();
		contributors.put("ping", new PingHealthIndicator());
		contributors.put("slow", sleeping(slow));
		return new DefaultHealthContributorRegistry(contributors);
	}

	/**
	 * Actuator's health endpoint over a registry, every contributor in the primary group.
	 */
	public static HealthEndpoint endpoint(HealthContributorRegistry registry) {
		HealthEndpointGroup primary = new HealthEndpointGroup() {

			@Override
			public boolean isMember(String name) {
				return true;
			}

			@Override
			public boolean showComponents(SecurityContext securityContext) {
				return true;
			}

			@Override
			public boolean showDetails(SecurityContext securityContext) {
				return false;
			}

			@Override
			public StatusAggregator getStatusAggregator() {
				return StatusAggregator.getDefault();
			}

			@Override
			public HttpCodeStatusMapper getHttpCodeStatusMapper() {
				return HttpCodeStatusMapper.DEFAULT;
			}

			@Override
			public AdditionalHealthEndpointPath getAdditionalPath() {
				return null;
			}

		};
		// A high slow-indicator logging threshold: the 50 ms indicator is slow on
		// purpose.
		return new HealthEndpoint(registry, HealthEndpointGroups.of(primary, Map.of()), Duration.ofMinutes(1));
	}

	/** An indicator whose status a benchmark switches. */
	public static final class Switch implements HealthIndicator {

		private final AtomicBoolean up = new AtomicBoolean(true);

		public void set(boolean up) {
			this.up.set(up);
		}

		public boolean isUp() {
			return this.up.get();
		}

		@Override
		public Health health() {
			return this.up.get() ? Health.up().build() : Health.down().build();
		}

	}

}
