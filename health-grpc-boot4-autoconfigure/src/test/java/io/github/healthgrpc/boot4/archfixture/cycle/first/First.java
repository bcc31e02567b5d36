package io.github.healthgrpc.boot4.archfixture.cycle.first;

import io.github.healthgrpc.boot4.archfixture.cycle.second.Second;

/**
 * One half of a package cycle inside the Spring Boot 4 line, on purpose. Only ever
 * imported by ArchUnit, never run.
 */
public final class First {

	private First() {
	}

	public static Object second() {
		return Second.class;
	}

}
