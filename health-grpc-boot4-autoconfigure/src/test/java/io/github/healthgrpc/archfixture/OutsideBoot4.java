package io.github.healthgrpc.archfixture;

import io.github.healthgrpc.boot4.autoconfigure.GrpcHealthAutoConfiguration;

/**
 * A class outside the Spring Boot 4 line that depends on it, as health-grpc-core and
 * health-grpc-boot-common must not, to show that {@code Boot4ArchitectureTests} catches
 * it. Only ever imported by ArchUnit, never run.
 */
public final class OutsideBoot4 {

	private OutsideBoot4() {
	}

	public static GrpcHealthAutoConfiguration configuration() {
		return new GrpcHealthAutoConfiguration();
	}

}
