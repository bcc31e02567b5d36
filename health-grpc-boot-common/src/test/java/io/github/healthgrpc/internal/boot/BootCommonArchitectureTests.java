package io.github.healthgrpc.internal.boot;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * One compiled jar serves Spring Boot 3.5 and 4.1, so it may use only the Spring Boot
 * packages whose types kept their names across the two (checked against both versions'
 * jars): configuration properties, conditions, availability and Actuator's endpoint
 * annotations. Actuator's health API and Micrometer's auto-configuration moved in 4.0; a
 * line reaches them in its own module.
 */
class BootCommonArchitectureTests {

	private static final JavaClasses SHARED = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.github.healthgrpc.internal.boot");

	@Test
	void onlySpringBootTypesThatBothLinesShareAreUsed() {
		classes().that()
			.resideInAPackage("io.github.healthgrpc.internal.boot")
			.should()
			.onlyDependOnClassesThat()
			.resideInAnyPackage("java..", "io.github.healthgrpc..", "io.grpc", "io.micrometer.core.instrument..",
					"org.jspecify.annotations..", "org.apache.commons.logging..", "org.springframework.beans..",
					"org.springframework.context..", "org.springframework.core..",
					"org.springframework.boot.autoconfigure", "org.springframework.boot.autoconfigure.condition",
					"org.springframework.boot.context.properties", "org.springframework.boot.context.properties.bind",
					"org.springframework.boot.convert", "org.springframework.boot.availability",
					"org.springframework.boot.actuate.endpoint", "org.springframework.boot.actuate.endpoint.annotation",
					"org.springframework.boot.actuate.autoconfigure.endpoint.condition")
			.check(SHARED);
	}

	@Test
	void nothingHereKnowsALine() {
		classes().that()
			.resideInAPackage("io.github.healthgrpc.internal.boot")
			.should()
			.onlyDependOnClassesThat()
			.resideOutsideOfPackages("io.github.healthgrpc.autoconfigure..", "io.github.healthgrpc.boot4..")
			.check(SHARED);
	}

}
