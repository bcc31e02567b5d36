package io.github.healthgrpc.internal.boot;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.healthgrpc.internal.protocol.HealthGrpcService;
import io.grpc.Server;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * The dedicated health listener ({@code grpc.health.server.*}): a plaintext gRPC server
 * with {@code grpc.health.v1.Health} alone, answering from the engine's table through a
 * service of its own (so that its Watch streams are counted apart). Opened and closed by
 * {@link GrpcHealthLifecycle}: after the first evaluation, so that its first answer is
 * real, and after the main server has stopped, so that probes see {@code NOT_SERVING} for
 * as long as the main server is still there.
 */
final class HealthListener {

	/** The property that opens the listener. */
	static final String PORT_SETTING = "grpc.health.server.port";

	/**
	 * The listener's bean name, by which {@link GrpcHealthLifecycle} finds it without
	 * loading the class where there is none.
	 */
	static final String BEAN_NAME = "grpcHealthListener";

	/**
	 * Where the port is published, as Spring Boot publishes {@code local.server.port}.
	 */
	static final String PORT_PROPERTY = "local.grpc.health.server.port";

	/** The property source Spring Boot keeps its {@code local.*.port} entries in. */
	static final String PORT_PROPERTY_SOURCE = "server.ports";

	/**
	 * How long calls may take to finish at close before they are cancelled: the main
	 * server is gone by then and open Watch streams were completed at the end of the
	 * drain, so only calls that arrive in the last moment are left.
	 */
	static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(HealthListener.class);

	private final HealthServerTransport transport;

	private final HealthGrpcService service;

	private final InetSocketAddress address;

	private final ConfigurableEnvironment environment;

	private volatile @Nullable Server server;

	HealthListener(HealthServerTransport transport, HealthGrpcService service, GrpcHealthServerProperties properties,
			ConfigurableEnvironment environment) {
		this.transport = transport;
		this.service = service;
		Integer port = properties.getPort();
		if (port == null) {
			throw new IllegalArgumentException("grpc.health.server.port is not set");
		}
		InetAddress bindAddress = properties.getAddress();
		this.address = (bindAddress != null) ? new InetSocketAddress(bindAddress, port) : new InetSocketAddress(port);
		this.environment = environment;
	}

	/** The service this listener serves: its Watch streams are this listener's. */
	HealthGrpcService service() {
		return this.service;
	}

	/**
	 * Opens the port and publishes it as {@value #PORT_PROPERTY}.
	 * @throws IllegalStateException if the port cannot be opened, in use above all
	 */
	void start() {
		Server started = this.transport.forAddress(this.address).addService(this.service).build();
		try {
			started.start();
		}
		catch (IOException ex) {
			started.shutdownNow();
			throw new IllegalStateException(describeFailure(ex), ex);
		}
		this.server = started;
		publishPort(started.getPort());
		logger.info("gRPC health listener (plaintext, grpc.health.v1.Health only) on "
				+ this.address.getAddress().getHostAddress() + ":" + started.getPort());
	}

	/**
	 * Closes the port: calls in flight may finish for {@link #SHUTDOWN_TIMEOUT}, then
	 * what is left is cancelled.
	 */
	void stop() {
		Server running = this.server;
		if (running == null) {
			return;
		}
		this.server = null;
		running.shutdown();
		try {
			if (!running.awaitTermination(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				running.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			running.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}

	private String describeFailure(IOException ex) {
		String where = this.address.getAddress().getHostAddress() + ":" + this.address.getPort();
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			// Netty's native transports report EADDRINUSE as an IOException of their
			// own, not a BindException.
			if (cause instanceof BindException || String.valueOf(cause.getMessage()).contains("in use")) {
				return "The dedicated gRPC health listener cannot listen on " + where
						+ ": the port is already in use or the address is not local (grpc.health.server.port="
						+ this.address.getPort() + ", grpc.health.server.address). Choose another port, or 0 for a"
						+ " random free one.";
			}
		}
		return "The dedicated gRPC health listener cannot listen on " + where + " (grpc.health.server.port, "
				+ "grpc.health.server.address): " + ex.getMessage();
	}

	@SuppressWarnings("unchecked")
	private void publishPort(int port) {
		MutablePropertySources sources = this.environment.getPropertySources();
		PropertySource<?> source = sources.get(PORT_PROPERTY_SOURCE);
		if (source != null && source.getSource() instanceof Map<?, ?> map) {
			((Map<String, Object>) map).put(PORT_PROPERTY, port);
			return;
		}
		Map<String, Object> ports = new LinkedHashMap<>();
		ports.put(PORT_PROPERTY, port);
		sources.addFirst(new MapPropertySource(PORT_PROPERTY_SOURCE, ports));
	}

}
