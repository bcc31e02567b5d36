package io.github.healthgrpc.boot4.autoconfigure;

import io.github.healthgrpc.internal.boot.UnauthenticatedHealthMethods;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

import org.springframework.core.Ordered;
import org.springframework.grpc.server.security.AuthenticationProcessInterceptor;

/**
 * The application's {@link AuthenticationProcessInterceptor} (Spring gRPC's security,
 * built from {@code GrpcSecurity}), except that Check and Watch of
 * {@code grpc.health.v1.Health} go past it: they need no credentials, and credentials
 * they do carry are not looked at. List and every other method go through the
 * application's interceptor as before, at the same order.
 * <p>
 * Spring gRPC's interceptor holds its authorization rules privately, so a rule cannot be
 * added to them from outside; passing the two methods by is the narrowest change left.
 */
final class HealthCallsPermittingInterceptor implements ServerInterceptor, Ordered {

	private final AuthenticationProcessInterceptor delegate;

	HealthCallsPermittingInterceptor(AuthenticationProcessInterceptor delegate) {
		this.delegate = delegate;
	}

	@Override
	public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
			ServerCallHandler<ReqT, RespT> next) {
		if (UnauthenticatedHealthMethods.permits(call.getMethodDescriptor())) {
			return next.startCall(call, headers);
		}
		return this.delegate.interceptCall(call, headers, next);
	}

	@Override
	public int getOrder() {
		return this.delegate.getOrder();
	}

}
