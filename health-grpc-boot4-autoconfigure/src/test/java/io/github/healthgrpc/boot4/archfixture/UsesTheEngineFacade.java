package io.github.healthgrpc.boot4.archfixture;

import io.github.healthgrpc.internal.engine.HealthEngine;
import io.github.healthgrpc.internal.engine.ServiceMapping;

/**
 * A class of the Spring Boot 4 line that uses the engine as the rules allow: through its
 * public facade, the status table included. Only ever imported by ArchUnit, never run.
 */
public final class UsesTheEngineFacade {

	private UsesTheEngineFacade() {
	}

	public static Object table(HealthEngine engine) {
		engine.requestRefresh();
		return engine.statusTable();
	}

	public static Object selection() {
		return new ServiceMapping("", "grpc.health.overall", java.util.Set.of("*"), java.util.Set.of(), null);
	}

}
