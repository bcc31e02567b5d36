package io.github.healthgrpc.internal.protocol;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.internal.protocol.v1.HealthListRequest;
import io.github.healthgrpc.internal.protocol.v1.HealthListResponse;
import io.grpc.BindableService;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;

/**
 * {@code grpc.health.v1.Health} (Check, Watch and List) answered from a
 * {@link HealthStatusTable}. Every call only reads the table: no health check runs on a
 * gRPC thread.
 */
public final class HealthGrpcService implements BindableService {

	/** The List cap of gRFC A90. */
	public static final int DEFAULT_LIST_MAX_SERVICES = 100;

	/** The default cap on Watch streams on unknown names. */
	public static final int DEFAULT_MAX_UNKNOWN_WATCHES = 1000;

	/** Bytes the transport may queue for one Watch stream before it stops being ready. */
	static final int WATCH_READY_THRESHOLD_BYTES = 64;

	private final HealthStatusTable table;

	private final boolean listEnabled;

	private final int listMaxServices;

	private final int maxUnknownWatches;

	// Open Watch calls, so that shutdown can complete them; an entry leaves when its call
	// ends.
	private final Set<WatchStream> openWatches = ConcurrentHashMap.newKeySet();

	private volatile boolean watchesClosed;

	private final LongAdder rejectedOverLimit = new LongAdder();

	private final LongAdder rejectedNameTooLong = new LongAdder();

	/**
	 * A service with List on and the default caps.
	 * @param table the statuses it answers from
	 */
	public HealthGrpcService(HealthStatusTable table) {
		this(table, true, DEFAULT_LIST_MAX_SERVICES, DEFAULT_MAX_UNKNOWN_WATCHES);
	}

	/**
	 * A service with its limits and switches.
	 * @param table the statuses it answers from
	 * @param listEnabled whether List is served; when off it answers
	 * {@code UNIMPLEMENTED}
	 * @param listMaxServices the most services List returns; above it List answers
	 * {@code RESOURCE_EXHAUSTED}
	 * @param maxUnknownWatches the most Watch streams on unknown names open at once;
	 * above it Watch answers {@code RESOURCE_EXHAUSTED}
	 * @throws IllegalArgumentException if a cap is below 1
	 */
	public HealthGrpcService(HealthStatusTable table, boolean listEnabled, int listMaxServices, int maxUnknownWatches) {
		this.table = Objects.requireNonNull(table, "table must not be null");
		if (listMaxServices < 1) {
			throw new IllegalArgumentException("listMaxServices must be at least 1, was " + listMaxServices);
		}
		if (maxUnknownWatches < 1) {
			throw new IllegalArgumentException("maxUnknownWatches must be at least 1, was " + maxUnknownWatches);
		}
		this.listEnabled = listEnabled;
		this.listMaxServices = listMaxServices;
		this.maxUnknownWatches = maxUnknownWatches;
	}

	/**
	 * A further service over the same table, with the same limits and switches, for a
	 * second server: its Watch streams and refusals are counted apart from this one's.
	 * @return a new service
	 */
	public HealthGrpcService newSibling() {
		return new HealthGrpcService(this.table, this.listEnabled, this.listMaxServices, this.maxUnknownWatches);
	}

	@Override
	public ServerServiceDefinition bindService() {
		return ServerServiceDefinition.builder(HealthServiceDescriptors.serviceDescriptor())
			.addMethod(HealthServiceDescriptors.CHECK_METHOD,
					ServerCalls.asyncUnaryCall(new MethodCall<>(HealthServiceDescriptors.CHECK_METHOD)))
			.addMethod(HealthServiceDescriptors.WATCH_METHOD, new MethodCall<>(HealthServiceDescriptors.WATCH_METHOD))
			.addMethod(HealthServiceDescriptors.LIST_METHOD,
					ServerCalls.asyncUnaryCall(new MethodCall<>(HealthServiceDescriptors.LIST_METHOD)))
			.build();
	}

	/**
	 * Completes every open Watch call (after sending any status still waiting) and, from
	 * then on, new ones right after their first message. Used at shutdown so that open
	 * streams do not hold up the server's graceful shutdown.
	 */
	public void completeWatches() {
		this.watchesClosed = true;
		for (WatchStream stream : this.openWatches) {
			stream.complete();
		}
	}

	/** The number of open Watch calls. */
	public int openWatchCount() {
		return this.openWatches.size();
	}

	// Two accessors rather than one taking a reason: an enum of reasons would be one
	// more class for the metrics to load at start-up.

	/**
	 * How many Watch calls were refused since start because too many Watch streams on
	 * unknown names were open.
	 */
	public long rejectedWatchesOverLimit() {
		return this.rejectedOverLimit.sum();
	}

	/**
	 * How many Watch calls were refused since start because the service name was longer
	 * than {@link HealthStatusTable#MAX_NAME_LENGTH}.
	 */
	public long rejectedWatchesNameTooLong() {
		return this.rejectedNameTooLong.sum();
	}

	/**
	 * One Watch call from its request to its end. grpc calls a listener's methods one at
	 * a time, so its fields need no synchronization.
	 */
	private final class WatchCall extends ServerCall.Listener<HealthCheckRequest> {

		private final ServerCall<HealthCheckRequest, HealthCheckResponse> call;

		private @Nullable HealthCheckRequest request;

		private @Nullable WatchStream stream;

		private Subscriptions.@Nullable Subscription subscription;

		private boolean refused;

		WatchCall(ServerCall<HealthCheckRequest, HealthCheckResponse> call) {
			this.call = call;
		}

		// A static factory rather than the constructor in startCall(): returning a
		// WatchCall as a listener there would make the verifier load this class (and
		// what it uses) with the service, before anyone watches.
		static ServerCall.Listener<HealthCheckRequest> start(HealthGrpcService service,
				ServerCall<HealthCheckRequest, HealthCheckResponse> call) {
			return service.new WatchCall(call);
		}

		@Override
		public void onMessage(HealthCheckRequest message) {
			if (this.refused) {
				return;
			}
			if (this.request != null) {
				refuse(Status.INTERNAL.withDescription("Watch takes one request, the client sent more"));
				return;
			}
			this.request = message;
		}

		@Override
		public void onHalfClose() {
			HealthCheckRequest received = this.request;
			if (this.refused) {
				return;
			}
			if (received == null) {
				refuse(Status.INTERNAL.withDescription("Watch takes one request, the client sent none"));
				return;
			}
			watch(received.getService());
		}

		@Override
		public void onReady() {
			WatchStream watching = this.stream;
			if (watching != null) {
				watching.onReady();
			}
		}

		@Override
		public void onCancel() {
			forget();
		}

		@Override
		public void onComplete() {
			forget();
		}

		private void watch(String name) {
			if (name.length() > HealthStatusTable.MAX_NAME_LENGTH) {
				HealthGrpcService.this.rejectedNameTooLong.increment();
				refuse(Status.INVALID_ARGUMENT.withDescription("service name is " + name.length()
						+ " characters long, the maximum is " + HealthStatusTable.MAX_NAME_LENGTH));
				return;
			}
			// A status is 7 bytes on the wire; by default the transport would queue 32
			// KiB
			// (thousands of stale statuses) for a reader that does not read before
			// isReady() turns false.
			this.call.setOnReadyThreshold(WATCH_READY_THRESHOLD_BYTES);
			Subscriptions subscriptions = HealthGrpcService.this.table.subscriptions();
			WatchStream watching = new WatchStream(this.call, subscriptions.lock());
			try {
				// Sends the first status at once.
				this.subscription = subscriptions.subscribe(name, watching, HealthGrpcService.this.maxUnknownWatches);
			}
			catch (WatchLimitExceededException ex) {
				HealthGrpcService.this.rejectedOverLimit.increment();
				refuse(Status.RESOURCE_EXHAUSTED.withDescription(ex.getMessage()));
				return;
			}
			this.stream = watching;
			HealthGrpcService.this.openWatches.add(watching);
			if (HealthGrpcService.this.watchesClosed) {
				watching.complete();
			}
		}

		private void refuse(Status status) {
			this.refused = true;
			this.call.close(status, new Metadata());
		}

		// A cancelled call is also seen by the stream itself (isCancelled() before each
		// send); forgetting it frees the subscription at once.
		private void forget() {
			Subscriptions.Subscription live = this.subscription;
			if (live != null) {
				this.subscription = null;
				live.cancel();
			}
			WatchStream watching = this.stream;
			if (watching != null) {
				HealthGrpcService.this.openWatches.remove(watching);
			}
		}

	}

	/**
	 * The code of Check, Watch and List, one class for the three rather than one each or
	 * method references: each would be a class to load at start-up. Their code is here,
	 * not in the service, because Spring reflects on the service's methods (it is a bean)
	 * and would load List's message classes from their signatures.
	 * <p>
	 * Check and List go through grpc's unary stub ({@link ServerCalls#asyncUnaryCall}).
	 * Watch is on grpc's call API rather than its stub layer: a status change then
	 * reaches each stream's call directly, which is the whole cost of a fan-out apart
	 * from the transport (a stream observer adds a call level and its own checks per
	 * watcher).
	 */
	private final class MethodCall<ReqT, RespT>
			implements ServerCalls.UnaryMethod<ReqT, RespT>, ServerCallHandler<ReqT, RespT> {

		// Which method it serves, one of HealthServiceDescriptors' (by identity).
		private final MethodDescriptor<ReqT, RespT> method;

		MethodCall(MethodDescriptor<ReqT, RespT> method) {
			this.method = method;
		}

		/** Check or List. */
		@Override
		@SuppressWarnings("unchecked")
		public void invoke(ReqT request, StreamObserver<RespT> response) {
			if (this.method == HealthServiceDescriptors.LIST_METHOD) {
				list((HealthListRequest) request, (StreamObserver<HealthListResponse>) response);
			}
			else {
				check((HealthCheckRequest) request, (StreamObserver<HealthCheckResponse>) response);
			}
		}

		/** Watch. */
		@Override
		@SuppressWarnings("unchecked")
		public ServerCall.Listener<ReqT> startCall(ServerCall<ReqT, RespT> call, Metadata headers) {
			// Two, so that a second request is seen and refused, as grpc's stubs do.
			call.request(2);
			return (ServerCall.Listener<ReqT>) WatchCall.start(HealthGrpcService.this,
					(ServerCall<HealthCheckRequest, HealthCheckResponse>) call);
		}

		private void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> response) {
			String name = request.getService();
			@Nullable ServingStatus status = (name.length() <= HealthStatusTable.MAX_NAME_LENGTH)
					? HealthGrpcService.this.table.get(name) : null;
			if (status == null) {
				response.onError(Status.NOT_FOUND.withDescription("unknown service " + abbreviate(name)).asException());
				return;
			}
			response.onNext(HealthResponses.of(status));
			response.onCompleted();
		}

		private void list(HealthListRequest request, StreamObserver<HealthListResponse> response) {
			if (!HealthGrpcService.this.listEnabled) {
				response.onError(Status.UNIMPLEMENTED.withDescription("List is disabled on this server").asException());
				return;
			}
			Map<String, ServingStatus> statuses = HealthGrpcService.this.table.snapshot();
			int max = HealthGrpcService.this.listMaxServices;
			if (statuses.size() > max) {
				response.onError(Status.RESOURCE_EXHAUSTED
					.withDescription("server has " + statuses.size() + " services, more than the List limit of " + max)
					.asException());
				return;
			}
			HealthListResponse.Builder list = HealthListResponse.newBuilder();
			for (Map.Entry<String, ServingStatus> status : statuses.entrySet()) {
				list.putStatuses(status.getKey(), HealthResponses.of(status.getValue()));
			}
			response.onNext(list.build());
			response.onCompleted();
		}

	}

	private static String abbreviate(String name) {
		return (name.length() <= 100) ? "'" + name + "'"
				: "'" + name.substring(0, 100) + "...' (" + name.length() + " characters)";
	}

}
