package io.github.healthgrpc.autoconfigure;

import java.util.Collection;
import java.util.List;

import io.github.healthgrpc.internal.boot.UnauthenticatedHealthMethods;
import io.grpc.ServerCall;
import net.devh.boot.grpc.server.security.check.GrpcSecurityMetadataSource;

import org.springframework.security.access.ConfigAttribute;

/**
 * The application's {@link GrpcSecurityMetadataSource}, except that Check and Watch of
 * {@code grpc.health.v1.Health} have no security attributes: net.devh's authorization
 * interceptor (a Spring Security {@code AbstractSecurityInterceptor}) lets a call without
 * attributes through as a public invocation, with or without an authentication. List and
 * every other method get the application's own attributes. Credentials that a health call
 * does send are still checked by net.devh's authenticating interceptor.
 */
final class HealthCallsPermittingMetadataSource implements GrpcSecurityMetadataSource {

	private final GrpcSecurityMetadataSource delegate;

	HealthCallsPermittingMetadataSource(GrpcSecurityMetadataSource delegate) {
		this.delegate = delegate;
	}

	@Override
	public Collection<ConfigAttribute> getAttributes(ServerCall<?, ?> call) {
		return UnauthenticatedHealthMethods.permits(call.getMethodDescriptor()) ? List.of()
				: this.delegate.getAttributes(call);
	}

	@Override
	public Collection<ConfigAttribute> getAttributes(Object object) {
		return (object instanceof ServerCall<?, ?> call) ? getAttributes(call) : this.delegate.getAttributes(object);
	}

	@Override
	public Collection<ConfigAttribute> getAllConfigAttributes() {
		return this.delegate.getAllConfigAttributes();
	}

	@Override
	public boolean supports(Class<?> clazz) {
		return this.delegate.supports(clazz);
	}

}
