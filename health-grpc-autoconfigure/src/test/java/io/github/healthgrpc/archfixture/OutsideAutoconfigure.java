package io.github.healthgrpc.archfixture;

import io.github.healthgrpc.autoconfigure.GrpcHealthAutoConfiguration;
import io.github.healthgrpc.internal.protocol.HealthStatusTable;

/**
 * A class outside the auto-configuration that breaks
 * {@code AutoconfigureArchitectureTests}' rules on purpose, to show that they catch it:
 * it hands out a status table that is not the engine's, and it depends on the
 * auto-configuration as core must not. Only ever imported by ArchUnit, never run.
 */
public final class OutsideAutoconfigure {

	private OutsideAutoconfigure() {
	}

	public static HealthStatusTable table() {
		return new HealthStatusTable();
	}

	public static GrpcHealthAutoConfiguration configuration() {
		return new GrpcHealthAutoConfiguration();
	}

}
