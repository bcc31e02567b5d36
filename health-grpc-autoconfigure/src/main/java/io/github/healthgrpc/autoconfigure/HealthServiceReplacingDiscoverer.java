package io.github.healthgrpc.autoconfigure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.github.healthgrpc.internal.protocol.HealthGrpcService;
import io.grpc.health.v1.HealthGrpc;
import net.devh.boot.grpc.server.service.GrpcServiceDefinition;
import net.devh.boot.grpc.server.service.GrpcServiceDiscoverer;

/**
 * Wraps net.devh's service discovery so that exactly one {@code grpc.health.v1.Health}
 * reaches the server: ours. net.devh registers its own (always SERVING) unless
 * {@code grpc.server.health-service-enabled=false}, and two services of one name stop the
 * server from starting. The names of the other services are recorded so that they can be
 * published.
 */
class HealthServiceReplacingDiscoverer implements GrpcServiceDiscoverer {

	private final GrpcServiceDiscoverer delegate;

	private final RegisteredGrpcServices registeredServices;

	HealthServiceReplacingDiscoverer(GrpcServiceDiscoverer delegate, RegisteredGrpcServices registeredServices) {
		this.delegate = delegate;
		this.registeredServices = registeredServices;
	}

	@Override
	public Collection<GrpcServiceDefinition> findGrpcServices() {
		List<GrpcServiceDefinition> services = new ArrayList<>();
		List<String> names = new ArrayList<>();
		for (GrpcServiceDefinition service : this.delegate.findGrpcServices()) {
			String name = service.getDefinition().getServiceDescriptor().getName();
			if (HealthGrpc.SERVICE_NAME.equals(name)) {
				if (HealthGrpcService.class.isAssignableFrom(service.getBeanClazz())) {
					services.add(service);
				}
				continue;
			}
			services.add(service);
			names.add(name);
		}
		this.registeredServices.setNames(names);
		return services;
	}

}
