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
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.ServerChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;

/**
 * Netty servers and channels on 127.0.0.1 only, with grpc-java's defaults unless said.
 */
public final class Netty {

	private Netty() {
	}

	/**
	 * A server on 127.0.0.1 and a free port, with grpc-java's default (cached thread
	 * pool) executor.
	 */
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
	 * A plaintext channel to 127.0.0.1; callbacks run on the Netty event loop (direct
	 * executor), so the client adds no thread hops of its own.
	 */
	public static ManagedChannel channel(int port) {
		return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().directExecutor().build();
	}

	/**
	 * A server whose connections all run on the one server thread of {@code loops}: with
	 * grpc-java's shared event loops, where each connection lands depends on timing, and
	 * two identical servers measured one after the other differ by up to 20% on 2 cores.
	 */
	public static Server start(BindableService service, Loops loops) {
		try {
			return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
				.bossEventLoopGroup(loops.server)
				.workerEventLoopGroup(loops.server)
				.channelType(loops.serverChannel)
				.addService(service)
				.build()
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A channel whose connection runs on the one client thread of {@code loops}. */
	public static ManagedChannel channel(int port, Loops loops) {
		if (loops == null) {
			return channel(port);
		}
		return NettyChannelBuilder.forAddress("127.0.0.1", port)
			.eventLoopGroup(loops.client)
			.channelType(loops.clientChannel)
			.usePlaintext()
			.directExecutor()
			.build();
	}

	/**
	 * One event loop thread for servers and one for clients (epoll where available, as
	 * grpc's default).
	 */
	public static final class Loops implements AutoCloseable {

		final EventLoopGroup server;

		final EventLoopGroup client;

		final Class<? extends ServerChannel> serverChannel;

		final Class<? extends io.grpc.netty.shaded.io.netty.channel.Channel> clientChannel;

		public Loops() {
			if (Epoll.isAvailable()) {
				this.server = new EpollEventLoopGroup(1);
				this.client = new EpollEventLoopGroup(1);
				this.serverChannel = EpollServerSocketChannel.class;
				this.clientChannel = EpollSocketChannel.class;
			}
			else {
				this.server = new NioEventLoopGroup(1);
				this.client = new NioEventLoopGroup(1);
				this.serverChannel = NioServerSocketChannel.class;
				this.clientChannel = NioSocketChannel.class;
			}
		}

		public String transport() {
			return Epoll.isAvailable() ? "epoll" : "NIO";
		}

		@Override
		public void close() {
			this.server.shutdownGracefully(0, 1, TimeUnit.SECONDS);
			this.client.shutdownGracefully(0, 1, TimeUnit.SECONDS);
		}

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
