package io.github.healthgrpc.internal.client;

import java.time.Clock;
import java.util.Objects;
import java.util.function.DoubleSupplier;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One long-lived {@code grpc.health.v1.Health/Watch} on an upstream, over a channel, and
 * the latest {@link UpstreamHealth} it gave, read with {@link #health()} at the cost of a
 * volatile read.
 * <p>
 * A Watch stream that fails or ends is opened again after a growing, jittered back-off
 * (reset by every status received). Until the upstream counts as unreachable the last
 * status stands: it does after {@link WatchSettings#failureThreshold()} consecutive
 * failures, or when no status has come for {@link WatchSettings#gracePeriod()} (from the
 * start, or from the first failure after a status). An upstream without a health service
 * (UNIMPLEMENTED) is a state of its own, not a failure. Only the latest reading is kept:
 * nothing grows with time. {@link #close()} cancels the stream and every pending task.
 */
public final class UpstreamWatch implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(UpstreamWatch.class);

	private final String name;

	private final Channel channel;

	private final String target;

	private final String service;

	private final WatchSettings settings;

	private final WatchScheduler scheduler;

	private final Clock clock;

	private final Backoff backoff;

	private final Object lock = new Object();

	private volatile UpstreamHealth health;

	private volatile long restarts;

	// Guarded by lock from here on.

	private @Nullable Attempt attempt;

	private WatchScheduler.@Nullable Cancellable restart;

	private WatchScheduler.@Nullable Cancellable grace;

	private @Nullable Object graceToken;

	private boolean started;

	private boolean closed;

	/**
	 * A watch, not started yet.
	 * @param name the channel's name, for logs
	 * @param channel the channel to the upstream
	 * @param target the channel's target, for logs and details
	 * @param service the service name to watch, {@code ""} for the whole upstream
	 * @param settings back-off, failure threshold and grace period
	 * @param scheduler runs restarts and the grace timer
	 * @param clock the time of each change of state
	 * @param random uniform values in [0, 1) for the jitter
	 */
	public UpstreamWatch(String name, Channel channel, String target, String service, WatchSettings settings,
			WatchScheduler scheduler, Clock clock, DoubleSupplier random) {
		this.name = Objects.requireNonNull(name, "name must not be null");
		this.channel = Objects.requireNonNull(channel, "channel must not be null");
		this.target = Objects.requireNonNull(target, "target must not be null");
		this.service = Objects.requireNonNull(service, "service must not be null");
		this.settings = Objects.requireNonNull(settings, "settings must not be null");
		this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff(), random);
		this.health = new UpstreamHealth(UpstreamState.STARTING, clock.instant(), 0, null);
	}

	/**
	 * Opens the Watch and starts the grace period for its first status.
	 * @throws IllegalStateException if already started or closed
	 */
	public void start() {
		synchronized (this.lock) {
			if (this.started || this.closed) {
				throw new IllegalStateException("The Watch of '" + this.name + "' was already started or closed");
			}
			this.started = true;
			armGrace();
			open();
		}
	}

	/**
	 * The latest reading.
	 * @return the upstream's health
	 */
	public UpstreamHealth health() {
		return this.health;
	}

	/**
	 * How many times the Watch was opened again after a failed or ended stream.
	 * @return the count
	 */
	public long restarts() {
		return this.restarts;
	}

	/** The channel's name. @return the name */
	public String name() {
		return this.name;
	}

	/** The channel's target. @return the target */
	public String target() {
		return this.target;
	}

	/**
	 * The watched service name. @return the service name, {@code ""} for the whole
	 * upstream
	 */
	public String service() {
		return this.service;
	}

	/**
	 * Cancels the Watch stream and the pending restart and grace timer; nothing is opened
	 * again. The last reading stays.
	 */
	@Override
	public void close() {
		Attempt open;
		synchronized (this.lock) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			cancelGrace();
			if (this.restart != null) {
				this.restart.cancel();
				this.restart = null;
			}
			open = this.attempt;
			this.attempt = null;
		}
		if (open != null) {
			// Outside the lock: the call may tell its listener at once, which then finds
			// itself stale.
			open.call.cancel("Upstream health Watch closed", null);
		}
	}

	private void open() {
		Attempt opened = new Attempt(this.channel.newCall(HealthGrpc.getWatchMethod(), CallOptions.DEFAULT));
		this.attempt = opened;
		opened.start(HealthCheckRequest.newBuilder().setService(this.service).build());
	}

	private void received(Attempt from, HealthCheckResponse.ServingStatus status) {
		synchronized (this.lock) {
			if (from != this.attempt) {
				return;
			}
			cancelGrace();
			this.backoff.reset();
			publish(state(status), 0, null);
		}
	}

	private void closed(Attempt from, Status status) {
		synchronized (this.lock) {
			if (from != this.attempt) {
				return;
			}
			this.attempt = null;
			if (status.getCode() == Status.Code.UNIMPLEMENTED) {
				// A definite answer, not a failure: the upstream has no health service.
				cancelGrace();
				publish(UpstreamState.UNIMPLEMENTED, 0, null);
			}
			else {
				UpstreamHealth current = this.health;
				int failures = current.consecutiveFailures() + 1;
				publish((failures >= this.settings.failureThreshold()) ? UpstreamState.UNREACHABLE : current.state(),
						failures, describe(status));
				if (this.grace == null) {
					armGrace();
				}
			}
			this.restart = this.scheduler.schedule(this::restart, this.backoff.next());
		}
	}

	private void restart() {
		synchronized (this.lock) {
			// A close racing with this task has cancelled it too late.
			if (this.closed) {
				return;
			}
			this.restart = null;
			this.restarts++;
			if (logger.isDebugEnabled()) {
				logger
					.debug("Watching the health of upstream '" + this.name + "' again (restart " + this.restarts + ")");
			}
			open();
		}
	}

	private void armGrace() {
		Object token = new Object();
		this.graceToken = token;
		this.grace = this.scheduler.schedule(() -> graceExpired(token), this.settings.gracePeriod());
	}

	private void cancelGrace() {
		if (this.grace != null) {
			this.grace.cancel();
			this.grace = null;
		}
		this.graceToken = null;
	}

	private void graceExpired(Object token) {
		synchronized (this.lock) {
			// A timer cancelled (or replaced) after it started running must not act.
			if (token != this.graceToken) {
				return;
			}
			this.grace = null;
			this.graceToken = null;
			UpstreamHealth current = this.health;
			String error = current.lastError();
			publish(UpstreamState.UNREACHABLE, current.consecutiveFailures(),
					(error != null) ? error : "no status within " + this.settings.gracePeriod().toMillis() + "ms");
		}
	}

	private void publish(UpstreamState state, int failures, @Nullable String error) {
		UpstreamHealth previous = this.health;
		boolean changed = previous.state() != state;
		this.health = new UpstreamHealth(state, changed ? this.clock.instant() : previous.since(), failures, error);
		if (changed && logger.isInfoEnabled()) {
			logger.info("Upstream gRPC health '" + this.name + "' (" + this.target + ", service '" + this.service
					+ "'): " + previous.state() + " -> " + state + ((error != null) ? " (" + error + ")" : ""));
		}
	}

	private static UpstreamState state(HealthCheckResponse.ServingStatus status) {
		return switch (status) {
			case SERVING -> UpstreamState.SERVING;
			case NOT_SERVING -> UpstreamState.NOT_SERVING;
			case SERVICE_UNKNOWN -> UpstreamState.SERVICE_UNKNOWN;
			case UNKNOWN, UNRECOGNIZED -> UpstreamState.UNKNOWN;
		};
	}

	static String describe(Status status) {
		if (status.isOk()) {
			return "Watch stream ended by the upstream";
		}
		String description = status.getDescription();
		return status.getCode() + ((description != null) ? ": " + description : "");
	}

	/**
	 * One Watch call; its callbacks are ignored once another call replaced it or the
	 * watch was closed.
	 */
	private final class Attempt extends ClientCall.Listener<HealthCheckResponse> {

		private final ClientCall<HealthCheckRequest, HealthCheckResponse> call;

		Attempt(ClientCall<HealthCheckRequest, HealthCheckResponse> call) {
			this.call = call;
		}

		void start(HealthCheckRequest request) {
			this.call.start(this, new Metadata());
			this.call.sendMessage(request);
			this.call.halfClose();
			this.call.request(1);
		}

		@Override
		public void onMessage(HealthCheckResponse message) {
			received(this, message.getStatus());
			// One at a time: the upstream's flow control keeps only its newest status.
			this.call.request(1);
		}

		@Override
		public void onClose(Status status, Metadata trailers) {
			closed(this, status);
		}

	}

}
