package io.github.healthgrpc.autoconfigure;

import java.util.Objects;

import net.devh.boot.grpc.server.service.GrpcServiceDiscoverer;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Puts {@link HealthServiceReplacingDiscoverer} around whatever
 * {@link GrpcServiceDiscoverer} the application has, net.devh's default or its own.
 */
class GrpcServiceDiscovererPostProcessor implements BeanPostProcessor, BeanFactoryAware {

	// Set before any bean is post-processed.
	private @Nullable BeanFactory beanFactory;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		if (bean instanceof GrpcServiceDiscoverer discoverer && !(bean instanceof HealthServiceReplacingDiscoverer)) {
			return new HealthServiceReplacingDiscoverer(discoverer,
					Objects.requireNonNull(this.beanFactory, "beanFactory").getBean(RegisteredGrpcServices.class));
		}
		return bean;
	}

}
