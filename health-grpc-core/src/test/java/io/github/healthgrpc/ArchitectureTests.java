package io.github.healthgrpc;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of the core, checked on its compiled classes: the public API and the model
 * know nothing of the rest, the protocol knows nothing of the engine, and nothing knows
 * Spring Boot.
 */
class ArchitectureTests {

	private static final JavaClasses CORE = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.github.healthgrpc");

	@Test
	void theCoreDependsOnGrpcAndTheJdkOnly() {
		classes().should()
			.onlyDependOnClassesThat()
			.resideInAnyPackage("io.github.healthgrpc..", "java..", "io.grpc..", "com.google.protobuf..",
					"com.google.errorprone.annotations..", "com.google.common..", "org.jspecify.annotations..",
					"org.apache.commons.logging..")
			.because("health-grpc-core is shared by every Spring Boot line and must not depend on any of them")
			.check(CORE);
	}

	@Test
	void thePublicApiDoesNotExposeInternals() {
		noClasses().that()
			.resideInAPackage("io.github.healthgrpc")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.github.healthgrpc.internal..")
			.check(CORE);
	}

	@Test
	void theProtocolKnowsNothingOfTheEngineOrTheModel() {
		noClasses().that()
			.resideInAPackage("io.github.healthgrpc.internal.protocol..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.github.healthgrpc.internal.engine..", "io.github.healthgrpc.internal.model..")
			.check(CORE);
	}

	@Test
	void theModelKnowsNothingOfTheEngineOrTheProtocol() {
		noClasses().that()
			.resideInAPackage("io.github.healthgrpc.internal.model..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.github.healthgrpc.internal.engine..", "io.github.healthgrpc.internal.protocol..")
			.check(CORE);
	}

	@Test
	void theHealthClientKnowsNothingOfTheServerSide() {
		noClasses().that()
			.resideInAPackage("io.github.healthgrpc.internal.client..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.github.healthgrpc.internal.engine..", "io.github.healthgrpc.internal.model..",
					"io.github.healthgrpc.internal.protocol..")
			.because("watching an upstream's health is the client half of the protocol, used without the server")
			.check(CORE);
	}

	@Test
	void nothingElseInTheCoreUsesTheHealthClient() {
		noClasses().that()
			.resideOutsideOfPackage("io.github.healthgrpc.internal.client..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.github.healthgrpc.internal.client..")
			.check(CORE);
	}

	@Test
	void packagesHaveNoCycles() {
		slices().matching("io.github.healthgrpc.(**)").should().beFreeOfCycles().check(CORE);
	}

}
