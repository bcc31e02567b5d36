package io.github.healthgrpc.internal.boot;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.healthgrpc.internal.client.WatchSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * The health of downstream gRPC services this application calls, each watched over one of
 * the gRPC client's channels and shown as an Actuator health contributor under
 * {@code grpcClients/<channel>}. Invalid values stop start-up with a message that names
 * the property.
 */
@ConfigurationProperties(GrpcHealthClientProperties.PREFIX)
public class GrpcHealthClientProperties implements InitializingBean {

	static final String PREFIX = "grpc.health.client";

	/**
	 * Whether to watch the channels listed under grpc.health.client.channels.
	 */
	private boolean enabled = true;

	/**
	 * Channels of the gRPC client whose upstream health to watch, by channel name (as
	 * configured under grpc.client.<name> on net.devh, spring.grpc.client.channel.<name>
	 * on Spring Boot 4.1).
	 */
	private final Map<String, Channel> channels = new LinkedHashMap<>();

	/**
	 * Consecutive failed or ended Watch streams after which an upstream is DOWN.
	 */
	private int failureThreshold = 3;

	/**
	 * How long an upstream may go without a status (from start-up, or from the first
	 * failure after a status) before it is DOWN. A bare number means seconds.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration gracePeriod = Duration.ofSeconds(10);

	/**
	 * Actuator status of an upstream that has no health service (its Watch answers
	 * UNIMPLEMENTED).
	 */
	private String unimplementedStatus = "UNKNOWN";

	/**
	 * Delays between Watch restarts.
	 */
	private final Backoff backoff = new Backoff();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Map<String, Channel> getChannels() {
		return this.channels;
	}

	public int getFailureThreshold() {
		return this.failureThreshold;
	}

	public void setFailureThreshold(int failureThreshold) {
		this.failureThreshold = failureThreshold;
	}

	public Duration getGracePeriod() {
		return this.gracePeriod;
	}

	public void setGracePeriod(Duration gracePeriod) {
		this.gracePeriod = gracePeriod;
	}

	public String getUnimplementedStatus() {
		return this.unimplementedStatus;
	}

	public void setUnimplementedStatus(String unimplementedStatus) {
		this.unimplementedStatus = unimplementedStatus;
	}

	public Backoff getBackoff() {
		return this.backoff;
	}

	/**
	 * The Watch settings of every channel.
	 * @return the settings
	 */
	WatchSettings watchSettings() {
		return new WatchSettings(this.failureThreshold, this.gracePeriod, this.backoff.getInitialInterval(),
				this.backoff.getMaxInterval());
	}

	/**
	 * Checks the bound values together, so that a mistake stops start-up with the
	 * property's name.
	 */
	@Override
	public void afterPropertiesSet() {
		this.channels.forEach((name, channel) -> {
			if (channel.getService() == null) {
				throw new IllegalArgumentException(PREFIX + ".channels." + name
						+ ".service must be set: the service name to watch on the upstream, \"\" for the whole server");
			}
		});
		GrpcHealthProperties.atLeastOne(this.failureThreshold, PREFIX + ".failure-threshold");
		GrpcHealthProperties.positive(this.gracePeriod, PREFIX + ".grace-period");
		GrpcHealthProperties.positive(this.backoff.getInitialInterval(), PREFIX + ".backoff.initial-interval");
		if (this.backoff.getMaxInterval().compareTo(this.backoff.getInitialInterval()) < 0) {
			throw new IllegalArgumentException(PREFIX + ".backoff.max-interval must not be shorter than " + PREFIX
					+ ".backoff.initial-interval (" + this.backoff.getInitialInterval().toMillis() + "ms), was "
					+ this.backoff.getMaxInterval().toMillis() + "ms");
		}
		if (this.unimplementedStatus == null || this.unimplementedStatus.isBlank()) {
			throw new IllegalArgumentException(PREFIX + ".unimplemented-status must be an Actuator status code");
		}
	}

	/**
	 * One watched channel.
	 */
	public static class Channel {

		/**
		 * Service name to watch on the upstream's health service; "" for the upstream
		 * server as a whole.
		 */
		private @Nullable String service;

		/**
		 * Whether the channel's own calls go only to upstream addresses whose health is
		 * SERVING for the same service name (client-side health checking with
		 * round_robin). net.devh only: on Spring Boot 4.1 use
		 * spring.grpc.client.channel.<name>.health.*.
		 */
		private boolean checkOnCalls;

		public @Nullable String getService() {
			return this.service;
		}

		public void setService(@Nullable String service) {
			this.service = service;
		}

		public boolean isCheckOnCalls() {
			return this.checkOnCalls;
		}

		public void setCheckOnCalls(boolean checkOnCalls) {
			this.checkOnCalls = checkOnCalls;
		}

	}

	/**
	 * Exponential back-off (factor 1.6, jitter 20 %) between Watch restarts.
	 */
	public static class Backoff {

		/**
		 * Delay before the first restart after a status was received. A bare number means
		 * seconds.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration initialInterval = Duration.ofSeconds(1);

		/**
		 * Longest delay between restarts. A bare number means seconds.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration maxInterval = Duration.ofSeconds(10);

		public Duration getInitialInterval() {
			return this.initialInterval;
		}

		public void setInitialInterval(Duration initialInterval) {
			this.initialInterval = initialInterval;
		}

		public Duration getMaxInterval() {
			return this.maxInterval;
		}

		public void setMaxInterval(Duration maxInterval) {
			this.maxInterval = maxInterval;
		}

	}

}
