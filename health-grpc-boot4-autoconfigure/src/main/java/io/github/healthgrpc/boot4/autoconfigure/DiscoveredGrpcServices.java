package io.github.healthgrpc.boot4.autoconfigure;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;

import io.grpc.health.v1.HealthGrpc;
import org.jspecify.annotations.Nullable;

import org.springframework.grpc.server.service.GrpcServiceDiscoverer;

/**
 * The gRPC services Spring Boot's server registers, other than the health service: they
 * are published and follow {@code ""}. Read once, on the first evaluation (at start-up,
 * once every service bean exists), since the server's services do not change afterwards
 * and listing them binds every service anew. Without a discoverer there are none.
 */
final class DiscoveredGrpcServices implements Supplier<Set<String>> {

	private final @Nullable GrpcServiceDiscoverer discoverer;

	private volatile @Nullable Set<String> names;

	DiscoveredGrpcServices(@Nullable GrpcServiceDiscoverer discoverer) {
		this.discoverer = discoverer;
	}

	@Override
	public Set<String> get() {
		Set<String> names = this.names;
		if (names == null) {
			Set<String> listed = new LinkedHashSet<>();
			if (this.discoverer != null) {
				for (String name : this.discoverer.listServiceNames()) {
					if (!HealthGrpc.SERVICE_NAME.equals(name)) {
						listed.add(name);
					}
				}
			}
			names = Set.copyOf(listed);
			this.names = names;
		}
		return names;
	}

}
