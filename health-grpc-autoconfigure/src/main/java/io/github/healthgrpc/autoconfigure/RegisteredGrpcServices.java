package io.github.healthgrpc.autoconfigure;

import java.util.Collection;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The names of the gRPC services registered in the server, other than the health service
 * itself. Filled when the server's services are discovered, before the server starts.
 */
final class RegisteredGrpcServices implements Supplier<Set<String>> {

	private volatile Set<String> names = Set.of();

	/**
	 * Replaces the registered names.
	 * @param names the service names
	 */
	void setNames(Collection<String> names) {
		this.names = Set.copyOf(names);
	}

	@Override
	public Set<String> get() {
		return this.names;
	}

}
