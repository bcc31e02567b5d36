package io.github.healthgrpc.testing;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import io.github.healthgrpc.canonical.v1.HealthCheckRequest;
import io.github.healthgrpc.canonical.v1.HealthCheckResponse;
import io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus;
import io.github.healthgrpc.canonical.v1.HealthGrpc;
import io.github.healthgrpc.canonical.v1.HealthListRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;

/**
 * A client generated from the canonical health.proto, as any foreign client would compile
 * it, over TCP to 127.0.0.1 (plaintext unless given a channel of its own), its channel
 * created on first use. Shared through this module's test-jar by the integration tests of
 * both Spring Boot lines.
 */
public final class CanonicalHealthClient implements AutoCloseable {

	private final Supplier<ManagedChannel> channelFactory;

	private ManagedChannel channel;

	/**
	 * Creates a plaintext client.
	 * @param port the server's port, asked when the channel is first needed (after the
	 * server started)
	 */
	public CanonicalHealthClient(IntSupplier port) {
		this(() -> ManagedChannelBuilder.forAddress("127.0.0.1", port.getAsInt()).usePlaintext().build());
	}

	/**
	 * Creates a client over a channel of its own (TLS, for instance).
	 * @param channelFactory makes the channel when it is first needed (after the server
	 * started)
	 */
	public CanonicalHealthClient(Supplier<ManagedChannel> channelFactory) {
		this.channelFactory = channelFactory;
	}

	public ServingStatus check(String service) {
		return HealthGrpc.newBlockingStub(channel())
			.withDeadlineAfter(5, TimeUnit.SECONDS)
			.check(HealthCheckRequest.newBuilder().setService(service).build())
			.getStatus();
	}

	public Map<String, ServingStatus> list() {
		Map<String, ServingStatus> statuses = new TreeMap<>();
		HealthGrpc.newBlockingStub(channel())
			.withDeadlineAfter(5, TimeUnit.SECONDS)
			.list(HealthListRequest.getDefaultInstance())
			.getStatusesMap()
			.forEach((name, response) -> statuses.put(name, response.getStatus()));
		return statuses;
	}

	public void watch(String service, StreamObserver<HealthCheckResponse> observer) {
		HealthGrpc.newStub(channel()).watch(HealthCheckRequest.newBuilder().setService(service).build(), observer);
	}

	public ManagedChannel channel() {
		if (this.channel == null) {
			this.channel = this.channelFactory.get();
		}
		return this.channel;
	}

	@Override
	public void close() throws InterruptedException {
		if (this.channel != null) {
			this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

}
