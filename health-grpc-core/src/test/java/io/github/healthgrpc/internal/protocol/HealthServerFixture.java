package io.github.healthgrpc.internal.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.github.healthgrpc.canonical.v1.HealthCheckRequest;
import io.github.healthgrpc.canonical.v1.HealthCheckResponse;
import io.github.healthgrpc.canonical.v1.HealthGrpc;
import io.github.healthgrpc.canonical.v1.HealthListRequest;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A {@link HealthGrpcService} over its own {@link HealthStatusTable}, served by a started
 * server, and a channel to it. The client side uses the stubs generated from the
 * canonical health.proto, so statuses on the wire are
 * {@code io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus}, while the
 * table is written with this package's {@link ServingStatus}.
 * <p>
 * Unless a test asks for direct executors, calls run on grpc's default executors (real
 * threads), so that status writes on the test thread race with calls as they do in
 * production. {@link #close()} shuts both ends down.
 */
final class HealthServerFixture implements AutoCloseable {

	private final HealthStatusTable table = new HealthStatusTable();

	private final HealthGrpcService service;

	private final Server server;

	private final ManagedChannel channel;

	private HealthServerFixture(boolean listEnabled, int listMaxServices, int maxUnknownWatches,
			ServerBuilder<?> serverBuilder, Function<Server, ManagedChannel> channelToServer,
			BindableService... otherServices) {
		this.service = new HealthGrpcService(this.table, listEnabled, listMaxServices, maxUnknownWatches);
		serverBuilder.addService(this.service);
		for (BindableService other : otherServices) {
			serverBuilder.addService(other);
		}
		try {
			this.server = serverBuilder.build().start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.channel = channelToServer.apply(this.server);
	}

	/** An in-process server with the default settings. */
	static HealthServerFixture inProcess() {
		return inProcess(true, HealthGrpcService.DEFAULT_LIST_MAX_SERVICES,
				HealthGrpcService.DEFAULT_MAX_UNKNOWN_WATCHES);
	}

	/**
	 * An in-process server under a name of its own, with the health service's limits and
	 * switches (as {@link HealthGrpcService}'s constructor takes them) and more services
	 * next to it.
	 */
	static HealthServerFixture inProcess(boolean listEnabled, int listMaxServices, int maxUnknownWatches,
			BindableService... otherServices) {
		String name = InProcessServerBuilder.generateName();
		return new HealthServerFixture(listEnabled, listMaxServices, maxUnknownWatches,
				InProcessServerBuilder.forName(name), (server) -> InProcessChannelBuilder.forName(name).build(),
				otherServices);
	}

	/**
	 * An in-process server and channel with direct executors: grpc runs every callback, a
	 * client's cancellation included, on the thread that causes it.
	 */
	static HealthServerFixture inProcessOnCallingThreads() {
		String name = InProcessServerBuilder.generateName();
		return new HealthServerFixture(true, HealthGrpcService.DEFAULT_LIST_MAX_SERVICES,
				HealthGrpcService.DEFAULT_MAX_UNKNOWN_WATCHES, InProcessServerBuilder.forName(name).directExecutor(),
				(server) -> InProcessChannelBuilder.forName(name).directExecutor().build());
	}

	/**
	 * A Netty server on 127.0.0.1 and an ephemeral port, with a plaintext TCP channel to
	 * it.
	 */
	static HealthServerFixture overTcp() {
		return new HealthServerFixture(true, HealthGrpcService.DEFAULT_LIST_MAX_SERVICES,
				HealthGrpcService.DEFAULT_MAX_UNKNOWN_WATCHES,
				NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
				(server) -> NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build());
	}

	/**
	 * A Netty server on 127.0.0.1, with a TCP channel whose HTTP/2 flow-control window is
	 * fixed (not tuned to the bandwidth): a reader that does not read stops the server's
	 * sending after this many bytes, and whatever the server sends beyond it waits in the
	 * server.
	 */
	static HealthServerFixture overTcpWithClientWindow(int flowControlWindowBytes) {
		return new HealthServerFixture(true, HealthGrpcService.DEFAULT_LIST_MAX_SERVICES,
				HealthGrpcService.DEFAULT_MAX_UNKNOWN_WATCHES,
				NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
				(server) -> NettyChannelBuilder.forAddress("127.0.0.1", server.getPort())
					.usePlaintext()
					.flowControlWindow(flowControlWindowBytes)
					.build());
	}

	HealthStatusTable table() {
		return this.table;
	}

	HealthGrpcService service() {
		return this.service;
	}

	ManagedChannel channel() {
		return this.channel;
	}

	/** Calls Check and returns the status answered. */
	HealthCheckResponse.ServingStatus check(String name) {
		return HealthGrpc.newBlockingStub(this.channel)
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.check(HealthCheckRequest.newBuilder().setService(name).build())
			.getStatus();
	}

	/** Calls List and returns the statuses answered, by name. */
	Map<String, HealthCheckResponse.ServingStatus> list() {
		return HealthGrpc.newBlockingStub(this.channel)
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.list(HealthListRequest.getDefaultInstance())
			.getStatusesMap()
			.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> entry.getValue().getStatus()));
	}

	WatchRecorder watch(String name) {
		return WatchRecorder.watch(this.channel, name);
	}

	WatchRecorder watchWithoutReading(String name) {
		return WatchRecorder.watchWithoutReading(this.channel, name);
	}

	/** Asserts that the table and the service keep nothing for any Watch call. */
	void assertNoWatchIsRemembered() {
		assertThat(this.service.openWatchCount()).as("open watches").isZero();
		assertThat(this.table.subscriptions().count()).as("subscriptions").isZero();
		assertThat(this.table.subscriptions().nameCount()).as("subscribed names").isZero();
		assertThat(this.table.subscriptions().onUnknownNames()).as("subscriptions on unknown names").isZero();
	}

	/** Runs a blocking call that must fail and returns the status it failed with. */
	static Status failureOf(ThrowingCallable call) {
		StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, call);
		assertThat(failure).as("the call's failure").isNotNull();
		return failure.getStatus();
	}

	@Override
	public void close() throws InterruptedException {
		this.channel.shutdownNow();
		this.server.shutdownNow();
		assertThat(this.channel.awaitTermination(10, TimeUnit.SECONDS)).as("channel terminated").isTrue();
		assertThat(this.server.awaitTermination(10, TimeUnit.SECONDS)).as("server terminated").isTrue();
	}

}
