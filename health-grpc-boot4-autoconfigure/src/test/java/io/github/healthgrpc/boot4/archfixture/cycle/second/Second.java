package io.github.healthgrpc.boot4.archfixture.cycle.second;

import io.github.healthgrpc.boot4.archfixture.cycle.first.First;

/**
 * The other half of a package cycle inside the Spring Boot 4 line, on purpose. Only ever
 * imported by ArchUnit, never run.
 */
public final class Second {

	private Second() {
	}

	public static Object first() {
		return First.class;
	}

}
