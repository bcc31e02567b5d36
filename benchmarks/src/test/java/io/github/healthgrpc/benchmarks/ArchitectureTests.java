package io.github.healthgrpc.benchmarks;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The structure of the benchmarks, on their compiled classes: no import cycles between
 * their packages (nothing depends on BenchmarkMain's, the top one), and the Spring Boot
 * 3.5 application, packaged alone, uses nothing of health-grpc or of the benchmarks.
 */
class ArchitectureTests {

	private static final String BENCHMARKS = "io.github.healthgrpc.benchmarks";

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages(BENCHMARKS);

	@Test
	void packagesHaveNoCycles() {
		slices().matching(BENCHMARKS + ".(*)..").should().beFreeOfCycles().check(CLASSES);
		noClasses().that()
			.resideInAPackage(BENCHMARKS + ".*..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(BENCHMARKS)
			.check(CLASSES);
	}

	@Test
	void theApplicationStandsAlone() {
		classes().that()
			.resideInAPackage(BENCHMARKS + ".app..")
			.should()
			.onlyDependOnClassesThat(
					resideInAPackage(BENCHMARKS + ".app..").or(resideOutsideOfPackage("io.github.healthgrpc..")))
			.because("benchmarks-app.jar holds this package alone, and it runs without health-grpc's jars")
			.check(CLASSES);
	}

}
