package io.github.healthgrpc.internal.boot;

import java.net.InetSocketAddress;

import io.grpc.ServerBuilder;

/**
 * How a Spring Boot line opens the dedicated health listener: a plaintext server builder
 * of the Netty transport its gRPC server uses, bound to one address. The one bean a line
 * defines for {@code grpc.health.server.port}; everything else about the listener is
 * shared.
 */
@FunctionalInterface
public interface HealthServerTransport {

	/**
	 * A plaintext server builder listening on the address.
	 * @param address the address and port to listen on (port 0: a random free port)
	 * @return the builder, without services
	 */
	ServerBuilder<?> forAddress(InetSocketAddress address);

}
