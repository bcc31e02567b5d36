package io.github.healthgrpc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.internal.protocol.HealthGrpcService;
import io.github.healthgrpc.internal.protocol.HealthStatusTable;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;

/**
 * An upstream gRPC server on 127.0.0.1 for the health client's tests: this project's
 * health service over a table the test writes, or no health service at all. It can stop
 * and start again on the same port, as a redeployed upstream does.
 */
public final class TestUpstream implements AutoCloseable {

	private final HealthStatusTable table = new HealthStatusTable();

	private final boolean withHealth;

	private Server server;

	private final int port;

	private TestUpstream(boolean withHealth) {
		this.withHealth = withHealth;
		this.server = start(0);
		this.port = ((InetSocketAddress) this.server.getListenSockets().get(0)).getPort();
	}

	/**
	 * A started upstream serving this project's health service.
	 * @return the upstream
	 */
	public static TestUpstream withHealth() {
		return new TestUpstream(true);
	}

	/**
	 * A started upstream without any health service (Watch answers UNIMPLEMENTED).
	 * @return the upstream
	 */
	public static TestUpstream withoutHealth() {
		return new TestUpstream(false);
	}

	/**
	 * Sets a name's status on the upstream.
	 * @param name the service name
	 * @param status its status
	 * @return this upstream
	 */
	public TestUpstream set(String name, ServingStatus status) {
		this.table.set(name, status);
		return this;
	}

	/**
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * @return {@code 127.0.0.1:<port>}
	 */
	public String address() {
		return "127.0.0.1:" + this.port;
	}

	/** Stops the server now, open streams included. */
	public void stop() {
		this.server.shutdownNow();
		try {
			this.server.awaitTermination();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Starts the server again on the same port, with the same statuses. */
	public void restart() {
		this.server = start(this.port);
	}

	@Override
	public void close() {
		stop();
	}

	private Server start(int port) {
		NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port));
		if (this.withHealth) {
			builder.addService(new HealthGrpcService(this.table));
		}
		try {
			return builder.build().start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
