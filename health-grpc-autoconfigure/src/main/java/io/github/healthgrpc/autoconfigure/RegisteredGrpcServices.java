package io.github.healthgrpc.autoconfigure;

import java.util.Collection;
import java.util.Set;
import java.util.function.Supplier;

import net.devh.boot.grpc.server.service.GrpcServiceDiscoverer;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * The names of the gRPC services registered in a net.devh server, other than the health
 * service itself. As a post-processor it puts {@link HealthServiceReplacingDiscoverer}
 * around whatever {@link GrpcServiceDiscoverer} the application has, net.devh's default
 * or its own, which records the names here when the server discovers its services, before
 * it starts. One class for both jobs: each class is one more to load at start-up.
 */
final class RegisteredGrpcServices implements BeanPostProcessor, Supplier<Set<String>> {

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

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (bean instanceof GrpcServiceDiscoverer discoverer && !(bean instanceof HealthServiceReplacingDiscoverer)) {
			return new HealthServiceReplacingDiscoverer(discoverer, this);
		}
		return bean;
	}

}
