package io.github.healthgrpc.internal.boot;

import java.net.InetAddress;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The dedicated health listener: a plaintext gRPC server that serves only
 * grpc.health.v1.Health (Check, Watch and List) from the same statuses as the main
 * server, opened before the application is ready and closed after the main server. For
 * probes that cannot use the gRPC server's own port (TLS, authentication).
 * <p>
 * Bound only when {@code grpc.health.server.port} is set, so that an application without
 * the listener loads no class of it.
 */
@ConfigurationProperties(GrpcHealthServerProperties.PREFIX)
public class GrpcHealthServerProperties implements InitializingBean {

	static final String PREFIX = "grpc.health.server";

	static final int MAX_PORT = 65535;

	/**
	 * Port of the dedicated plaintext health listener. Unset: no listener; 0: a random
	 * free port, published as local.grpc.health.server.port.
	 */
	private @Nullable Integer port;

	/**
	 * Address the dedicated health listener binds to. Unset: every interface (Kubernetes
	 * probes connect to the pod IP, not to localhost).
	 */
	private @Nullable InetAddress address;

	public @Nullable Integer getPort() {
		return this.port;
	}

	public void setPort(@Nullable Integer port) {
		this.port = port;
	}

	public @Nullable InetAddress getAddress() {
		return this.address;
	}

	public void setAddress(@Nullable InetAddress address) {
		this.address = address;
	}

	/** Refuses a port that no socket can have, naming the property. */
	@Override
	public void afterPropertiesSet() {
		if (this.port != null && (this.port < 0 || this.port > MAX_PORT)) {
			throw new IllegalArgumentException(PREFIX + ".port must be between 0 (a random free port) and " + MAX_PORT
					+ ", was " + this.port + " (leave it unset for no dedicated health listener)");
		}
	}

}
