package io.github.healthgrpc.boot4.archfixture;

import io.github.healthgrpc.internal.protocol.HealthStatusTable;

/**
 * A class of the Spring Boot 4 line that breaks {@code Boot4ArchitectureTests}' table
 * rule on purpose: it creates a status table of its own. Only ever imported by ArchUnit,
 * never run.
 */
public final class ConstructsATable {

	private ConstructsATable() {
	}

	public static Object table() {
		return new HealthStatusTable();
	}

}
