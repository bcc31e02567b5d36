package io.github.healthgrpc.internal.boot;

import java.util.Set;

import io.grpc.MethodDescriptor;
import io.grpc.health.v1.HealthGrpc;

/**
 * The methods {@code grpc.health.security.allow-unauthenticated} lets through without
 * credentials: Check and Watch of {@code grpc.health.v1.Health}, which tell a status and
 * nothing else. List is not one of them: it reveals every published name. Each line's
 * security hook asks this one place.
 */
public final class UnauthenticatedHealthMethods {

	private static final Set<String> METHODS = Set.of(
			MethodDescriptor.generateFullMethodName(HealthGrpc.SERVICE_NAME, "Check"),
			MethodDescriptor.generateFullMethodName(HealthGrpc.SERVICE_NAME, "Watch"));

	private UnauthenticatedHealthMethods() {
	}

	/**
	 * Whether a call of the method may pass without credentials.
	 * @param method the called method
	 * @return {@code true} for Check and Watch of {@code grpc.health.v1.Health}
	 */
	public static boolean permits(MethodDescriptor<?, ?> method) {
		return METHODS.contains(method.getFullMethodName());
	}

}
