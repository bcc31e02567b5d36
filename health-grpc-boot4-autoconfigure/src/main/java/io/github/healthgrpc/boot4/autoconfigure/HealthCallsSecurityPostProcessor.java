package io.github.healthgrpc.boot4.autoconfigure;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.grpc.server.security.AuthenticationProcessInterceptor;

/**
 * With {@code grpc.health.security.allow-unauthenticated=true}: puts
 * {@link HealthCallsPermittingInterceptor} around each
 * {@link AuthenticationProcessInterceptor} bean of the application. The bean keeps its
 * name and its {@code @GlobalServerInterceptor} factory method, so Spring gRPC applies it
 * as before.
 */
class HealthCallsSecurityPostProcessor implements BeanPostProcessor {

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof AuthenticationProcessInterceptor interceptor) {
			return new HealthCallsPermittingInterceptor(interceptor);
		}
		return bean;
	}

}
