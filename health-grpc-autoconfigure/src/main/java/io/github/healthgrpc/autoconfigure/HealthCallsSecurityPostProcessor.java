package io.github.healthgrpc.autoconfigure;

import net.devh.boot.grpc.server.security.check.GrpcSecurityMetadataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * With {@code grpc.health.security.allow-unauthenticated=true}: puts
 * {@link HealthCallsPermittingMetadataSource} around the application's
 * {@link GrpcSecurityMetadataSource}, the one place where net.devh decides which calls
 * need what. Nothing else of the application's security changes.
 */
class HealthCallsSecurityPostProcessor implements BeanPostProcessor {

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof GrpcSecurityMetadataSource source
				&& !(bean instanceof HealthCallsPermittingMetadataSource)) {
			return new HealthCallsPermittingMetadataSource(source);
		}
		return bean;
	}

}
