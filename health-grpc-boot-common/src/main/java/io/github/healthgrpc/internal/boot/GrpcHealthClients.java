package io.github.healthgrpc.internal.boot;

import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.healthgrpc.internal.client.UpstreamHealth;
import io.github.healthgrpc.internal.client.UpstreamWatch;
import io.github.healthgrpc.internal.client.WatchScheduler;
import io.github.healthgrpc.internal.client.WatchSettings;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * One {@link UpstreamWatch} per channel under {@code grpc.health.client.channels}, on one
 * scheduler thread shared by all of them; started with the bean, closed with the context.
 * Each line turns {@link #members} into its Actuator's contributor under
 * {@value #CONTRIBUTOR_NAME}.
 */
public final class GrpcHealthClients implements InitializingBean, DisposableBean {

	/**
	 * The name of the composite health contributor with one member per watched channel.
	 */
	public static final String CONTRIBUTOR_NAME = "grpcClients";

	private final Map<String, UpstreamWatch> watches;

	private final String unimplementedStatus;

	private final ScheduledThreadPoolExecutor executor;

	/**
	 * Watches for every configured channel, not started.
	 * @param properties the channels and the settings
	 * @param channels the gRPC client's channels
	 * @throws IllegalArgumentException naming the property if a channel is not configured
	 * in the gRPC client
	 */
	public GrpcHealthClients(GrpcHealthClientProperties properties, UpstreamChannels channels) {
		this.unimplementedStatus = properties.getUnimplementedStatus();
		this.executor = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "grpc-health-client");
			thread.setDaemon(true);
			return thread;
		});
		// Cancelled grace timers leave the queue at once: nothing grows with time.
		this.executor.setRemoveOnCancelPolicy(true);
		WatchSettings settings = properties.watchSettings();
		WatchScheduler scheduler = WatchScheduler.of(this.executor);
		Map<String, UpstreamWatch> watches = new LinkedHashMap<>();
		properties.getChannels().forEach((name, channel) -> {
			if (!channels.names().contains(name)) {
				this.executor.shutdownNow();
				throw new IllegalArgumentException(GrpcHealthClientProperties.PREFIX + ".channels." + name
						+ " names a gRPC client channel that is not configured (no " + channels.configurationOf(name)
						+ ".*; configured channels: " + new TreeSet<>(channels.names()) + ")");
			}
			watches.put(name, new UpstreamWatch(name, channels.channel(name), channels.target(name),
					// Checked when the properties were bound.
					Objects.requireNonNull(channel.getService(), "service"), settings, scheduler, Clock.systemUTC(),
					() -> ThreadLocalRandom.current().nextDouble()));
		});
		this.watches = Collections.unmodifiableMap(watches);
	}

	/**
	 * The watches, by channel name, in configuration order.
	 * @return the watches
	 */
	public Map<String, UpstreamWatch> watches() {
		return this.watches;
	}

	/**
	 * One health member per watched channel, in configuration order. Each line supplies
	 * only its Actuator's type of member, built around a supplier that reads the
	 * channel's report whenever the member is asked: a memory read of the watch's latest
	 * reading.
	 * @param <M> the line's type of health member
	 * @param member builds a member from the supplier of its channel's report
	 * @return the members, by channel name
	 */
	public <M> Map<String, M> members(Function<Supplier<Report>, M> member) {
		Map<String, M> members = new LinkedHashMap<>();
		this.watches.forEach((name, watch) -> members.put(name, member.apply(() -> report(watch))));
		return members;
	}

	private Report report(UpstreamWatch watch) {
		UpstreamHealth health = watch.health();
		return new Report(statusCode(health), health.details(watch.target(), watch.service()));
	}

	/**
	 * What one channel's health member reports.
	 *
	 * @param statusCode the Actuator status code
	 * @param details target, service, status and since; the failure count and last error
	 * while the Watch is failing
	 */
	public record Report(String statusCode, Map<String, Object> details) {
	}

	/**
	 * The Actuator status code of one reading.
	 * @param health the reading
	 * @return the status code, with {@code grpc.health.client.unimplemented-status} for
	 * an upstream without a health service
	 */
	public String statusCode(UpstreamHealth health) {
		return health.statusCode(this.unimplementedStatus);
	}

	@Override
	public void afterPropertiesSet() {
		this.watches.values().forEach(UpstreamWatch::start);
	}

	@Override
	public void destroy() {
		this.watches.values().forEach(UpstreamWatch::close);
		this.executor.shutdownNow();
	}

}
