package io.github.healthgrpc.benchmarks.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;

/** Netty servers and channels on 127.0.0.1 only, with grpc-java's defaults unless said. */
public final class Netty {

	private Netty() {
	}

	/** A server on 127.0.0.1 and a free port, with grpc-java's default (cached thread pool) executor. */
	public static Server start(BindableService service, ServerInterceptor... interceptors) {
		try {
			return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
				.addService(ServerInterceptors.intercept(service, interceptors))
				.build()
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A plaintext channel to 127.0.0.1; callbacks run on the Netty event loop (direct executor), so the
	 * client adds no thread hops of its own.
	 */
	public static ManagedChannel channel(int port) {
		return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().directExecutor().build();
	}

	public static void stop(Server server) {
		if (server == null) {
			return;
		}
		server.shutdownNow();
		try {
			server.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	public static void stop(Iterable<ManagedChannel> channels) {
		for (ManagedChannel channel : channels) {
			channel.shutdownNow();
		}
		for (ManagedChannel channel : channels) {
			try {
				channel.awaitTermination(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

}
