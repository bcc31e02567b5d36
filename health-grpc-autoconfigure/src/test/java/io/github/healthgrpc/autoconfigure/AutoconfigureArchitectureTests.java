package io.github.healthgrpc.autoconfigure;

import java.util.Optional;
import java.util.stream.Stream;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import io.github.healthgrpc.archfixture.OutsideAutoconfigure;
import io.github.healthgrpc.internal.engine.HealthEngine;
import io.github.healthgrpc.internal.protocol.HealthStatusTable;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noCodeUnits;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the auto-configuration may use of health-grpc-core: the engine only through its
 * public facade, the status table only as {@link HealthEngine#statusTable()} hands it
 * out, and no dependency back from core to the auto-configuration. Each rule is also
 * checked against classes that break it on purpose, so that a rule that silently matches
 * nothing cannot pass.
 */
class AutoconfigureArchitectureTests {

	private static final String ROOT = "io.github.healthgrpc";

	private static final String AUTOCONFIGURE = "io.github.healthgrpc.autoconfigure..";

	private static final String ENGINE = "io.github.healthgrpc.internal.engine";

	/**
	 * The main code of this module and of health-grpc-core: no test classes, not core's
	 * test-jar.
	 */
	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.withImportOption((location) -> !location.contains("-tests.jar"))
		.importPackages(ROOT);

	@Test
	void theRulesSeeTheMainCodeOfBothModulesAndNoTests() {
		assertThat(MAIN.contain(GrpcHealthAutoConfiguration.class)).isTrue();
		assertThat(MAIN.contain(HealthEngine.class)).isTrue();
		assertThat(MAIN.contain(HealthStatusTable.class)).isTrue();
		assertThat(MAIN.contain(AutoconfigureArchitectureTests.class)).isFalse();
		assertThat(MAIN.contain(OutsideAutoconfigure.class)).isFalse();
		assertThat(MAIN.stream().map(JavaClass::getPackageName)).doesNotContain(ROOT + ".canonical.v1");
	}

	@Test
	void theAutoConfigurationUsesOnlyTheEnginesPublicTypesAndMembers() {
		onlyPublicEngineTypes(DescribedPredicate.describe("reside in " + AUTOCONFIGURE,
				(javaClass) -> javaClass.getPackageName().startsWith(ROOT + ".autoconfigure")))
			.check(MAIN);
	}

	@Test
	void theStatusTableIsOnlyReachedThroughTheEngine() {
		tableOnlyThroughTheEngine().check(MAIN);
		tableNeverPassedAround().check(MAIN);
	}

	@Test
	void thereAreNoCyclesBetweenTheAutoConfigurationAndCore() {
		coreDoesNotDependOnTheAutoConfiguration().check(MAIN);
		noCyclesThroughTheAutoConfiguration().check(MAIN);
	}

	@Test
	void theEngineRuleCatchesADependencyOnAPackagePrivateEngineType() {
		// Java code outside the engine's package cannot name its package-private types,
		// so the engine itself, which does, stands in for the offender.
		JavaClasses engine = new ClassFileImporter().importClasses(HealthEngine.class);
		ArchRule rule = onlyPublicEngineTypes(DescribedPredicate.describe("are HealthEngine",
				(javaClass) -> javaClass.isEquivalentTo(HealthEngine.class)));
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> rule.check(engine))
			.withMessageContaining("HealthNameCatalog");
	}

	@Test
	void theTableRulesCatchATableCreatedInjectedReturnedOrTakenFromElsewhere() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> tableOnlyThroughTheEngine().check(fixtures(Violations.CreatesATable.class)))
			.withMessageContaining("HealthStatusTable.<init>");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> tableOnlyThroughTheEngine().check(fixtures(Violations.TakesATableFromElsewhere.class)))
			.withMessageContaining("OutsideAutoconfigure.table()");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> tableNeverPassedAround().check(fixtures(Violations.HasATableInjected.class)))
			.withMessageContaining("HasATableInjected.<init>");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> tableNeverPassedAround().check(fixtures(Violations.HasATableProviderInjected.class)))
			.withMessageContaining("HasATableProviderInjected.<init>");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> tableNeverPassedAround().check(fixtures(Violations.DeclaresATableBean.class)))
			.withMessageContaining("DeclaresATableBean.table");
		// Reaching it through the engine, as the main code does, is what the rules allow.
		tableOnlyThroughTheEngine().check(fixtures(Violations.UsesTheEnginesTable.class));
		tableNeverPassedAround().check(fixtures(Violations.UsesTheEnginesTable.class));
	}

	@Test
	void theCycleRulesCatchCoreDependingOnTheAutoConfiguration() {
		JavaClasses cycle = fixtures(OutsideAutoconfigure.class, Violations.UsesCore.class,
				GrpcHealthAutoConfiguration.class);
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> coreDoesNotDependOnTheAutoConfiguration().check(cycle))
			.withMessageContaining("OutsideAutoconfigure");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> noCyclesThroughTheAutoConfiguration().check(cycle))
			.withMessageContaining("Cycle detected");
	}

	private static ArchRule onlyPublicEngineTypes(DescribedPredicate<JavaClass> classes) {
		DescribedPredicate<JavaClass> internalEngineTypes = DescribedPredicate.describe(
				"are types of " + ENGINE + " that are not public",
				(javaClass) -> javaClass.getPackageName().equals(ENGINE) && !isPublic(javaClass));
		DescribedPredicate<JavaAccess<?>> internalEngineMembers = DescribedPredicate
			.describe("is a member of " + ENGINE + " that is not public", (access) -> {
				AccessTarget target = access.getTarget();
				if (!target.getOwner().getPackageName().equals(ENGINE)) {
					return false;
				}
				Optional<? extends JavaMember> member = target.resolveMember();
				return !isPublic(target.getOwner())
						|| member.map((resolved) -> !resolved.getModifiers().contains(JavaModifier.PUBLIC))
							.orElse(true);
			});
		return noClasses().that(classes)
			.should()
			.dependOnClassesThat(internalEngineTypes)
			.orShould()
			.accessTargetWhere(internalEngineMembers)
			.because("the engine's facade (HealthEngine and the public types of its API) is all a Spring Boot "
					+ "line may rely on; the rest of the engine changes without notice");
	}

	private static ArchRule tableOnlyThroughTheEngine() {
		DescribedPredicate<JavaConstructorCall> newTable = DescribedPredicate.describe(
				"a constructor of HealthStatusTable",
				(call) -> call.getTargetOwner().isEquivalentTo(HealthStatusTable.class));
		DescribedPredicate<JavaMethodCall> tableFromElsewhere = DescribedPredicate.describe(
				"a method other than HealthEngine.statusTable() that returns a HealthStatusTable",
				(call) -> call.getTarget().getRawReturnType().isEquivalentTo(HealthStatusTable.class)
						&& !(call.getTargetOwner().isEquivalentTo(HealthEngine.class)
								&& call.getTarget().getName().equals("statusTable")));
		DescribedPredicate<JavaFieldAccess> tableFieldElsewhere = DescribedPredicate.describe(
				"a HealthStatusTable field of a class outside " + AUTOCONFIGURE,
				(access) -> access.getTarget().getRawType().isEquivalentTo(HealthStatusTable.class)
						&& !access.getTargetOwner().getPackageName().startsWith(ROOT + ".autoconfigure"));
		return noClasses().that()
			.resideInAPackage(AUTOCONFIGURE)
			.should()
			.callConstructorWhere(newTable)
			.orShould()
			.callMethodWhere(tableFromElsewhere)
			.orShould()
			.accessFieldWhere(tableFieldElsewhere)
			.because("the one status table is the engine's: Check, Watch and List answer from it, and only "
					+ "HealthEngine.statusTable() hands it out");
	}

	private static ArchRule tableNeverPassedAround() {
		ArchCondition<JavaCodeUnit> takeOrReturnATable = new ArchCondition<>("take or return a HealthStatusTable") {

			@Override
			public void check(JavaCodeUnit codeUnit, ConditionEvents events) {
				boolean involved = Stream
					.concat(codeUnit.getParameterTypes().stream(), Stream.of(codeUnit.getReturnType()))
					.flatMap((type) -> type.getAllInvolvedRawTypes().stream())
					.anyMatch((type) -> type.isEquivalentTo(HealthStatusTable.class));
				events.add(new SimpleConditionEvent(codeUnit, involved,
						codeUnit.getFullName() + " takes or returns a HealthStatusTable"));
			}

		};
		// Lambdas are left out: a lambda that reads the engine's table takes it as a
		// parameter.
		return noCodeUnits().that()
			.areDeclaredInClassesThat()
			.resideInAPackage(AUTOCONFIGURE)
			.and()
			.doNotHaveModifier(JavaModifier.SYNTHETIC)
			.should(takeOrReturnATable)
			.because("a HealthStatusTable bean or parameter would let a second table, or a table other than "
					+ "the engine's, into the auto-configuration");
	}

	private static ArchRule coreDoesNotDependOnTheAutoConfiguration() {
		return noClasses().that()
			.resideInAPackage(ROOT + "..")
			.and()
			.resideOutsideOfPackage(AUTOCONFIGURE)
			.should()
			.dependOnClassesThat()
			.resideInAPackage(AUTOCONFIGURE)
			.because("health-grpc-core knows no Spring Boot line");
	}

	private static ArchRule noCyclesThroughTheAutoConfiguration() {
		return slices().assignedFrom(new SliceAssignment() {

			@Override
			public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
				String packageName = javaClass.getPackageName();
				if (packageName.startsWith(ROOT + ".autoconfigure")) {
					return SliceIdentifier.of(packageName);
				}
				// Core as one slice: cycles inside it are core's own tests' business.
				return (packageName.equals(ROOT) || packageName.startsWith(ROOT + ".")) ? SliceIdentifier.of("core")
						: SliceIdentifier.ignore();
			}

			@Override
			public String getDescription() {
				return "each package of " + AUTOCONFIGURE + ", and health-grpc-core";
			}

		}).should().beFreeOfCycles();
	}

	private static boolean isPublic(JavaClass javaClass) {
		return javaClass.getModifiers().contains(JavaModifier.PUBLIC)
				&& javaClass.getEnclosingClass().map(AutoconfigureArchitectureTests::isPublic).orElse(true);
	}

	private static JavaClasses fixtures(Class<?>... classes) {
		return new ClassFileImporter().importClasses(classes);
	}

	/**
	 * Classes of this package that break the rules on purpose; only ever imported, never
	 * run.
	 */
	static final class Violations {

		static final class CreatesATable {

			Object table() {
				return new HealthStatusTable();
			}

		}

		static final class TakesATableFromElsewhere {

			Object table() {
				return OutsideAutoconfigure.table();
			}

		}

		static final class HasATableInjected {

			HasATableInjected(HealthStatusTable table) {
			}

		}

		static final class HasATableProviderInjected {

			HasATableProviderInjected(org.springframework.beans.factory.ObjectProvider<HealthStatusTable> table) {
			}

		}

		static final class DeclaresATableBean {

			HealthStatusTable table(HealthEngine engine) {
				return engine.statusTable();
			}

		}

		static final class UsesTheEnginesTable {

			private final Object table;

			UsesTheEnginesTable(HealthEngine engine) {
				this.table = engine.statusTable();
			}

		}

		static final class UsesCore {

			Object core() {
				return OutsideAutoconfigure.configuration();
			}

		}

	}

}
