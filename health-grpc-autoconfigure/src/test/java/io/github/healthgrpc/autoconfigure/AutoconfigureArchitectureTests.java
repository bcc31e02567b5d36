package io.github.healthgrpc.autoconfigure;

import java.util.stream.Stream;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.JavaFieldAccess;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.github.healthgrpc.archfixture.OutsideAutoconfigure;
import io.github.healthgrpc.internal.boot.testing.LineArchitectureRules;
import io.github.healthgrpc.internal.engine.HealthEngine;
import io.github.healthgrpc.internal.protocol.HealthStatusTable;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noCodeUnits;
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

	private static final String ROOT = LineArchitectureRules.ROOT;

	private static final String LINE = ROOT + ".autoconfigure";

	private static final String AUTOCONFIGURE = "io.github.healthgrpc.autoconfigure..";

	/**
	 * The main code of this module, of health-grpc-boot-common and of health-grpc-core:
	 * no test classes, not their test-jars.
	 */
	private static final JavaClasses MAIN = LineArchitectureRules.mainCode();

	@Test
	void theRulesSeeTheMainCodeOfBothModulesAndNoTests() {
		assertThat(MAIN.contain(GrpcHealthAutoConfiguration.class)).isTrue();
		assertThat(MAIN.contain(HealthEngine.class)).isTrue();
		assertThat(MAIN.contain(HealthStatusTable.class)).isTrue();
		assertThat(MAIN.contain(AutoconfigureArchitectureTests.class)).isFalse();
		assertThat(MAIN.contain(OutsideAutoconfigure.class)).isFalse();
		assertThat(MAIN.contain(LineArchitectureRules.class)).isFalse();
		assertThat(MAIN.stream().map(JavaClass::getPackageName)).doesNotContain(ROOT + ".canonical.v1");
	}

	@Test
	void theAutoConfigurationUsesOnlyTheEnginesPublicTypesAndMembers() {
		LineArchitectureRules.onlyPublicEngineTypes(DescribedPredicate.describe("reside in " + AUTOCONFIGURE,
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
		JavaClasses engine = LineArchitectureRules.fixtures(HealthEngine.class);
		ArchRule rule = LineArchitectureRules.onlyPublicEngineTypes(DescribedPredicate.describe("are HealthEngine",
				(javaClass) -> javaClass.isEquivalentTo(HealthEngine.class)));
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> rule.check(engine))
			.withMessageContaining("HealthNameCatalog");
	}

	@Test
	void theTableRulesCatchATableCreatedInjectedReturnedOrTakenFromElsewhere() {
		assertThatExceptionOfType(AssertionError.class).isThrownBy(
				() -> tableOnlyThroughTheEngine().check(LineArchitectureRules.fixtures(Violations.CreatesATable.class)))
			.withMessageContaining("HealthStatusTable.<init>");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> tableOnlyThroughTheEngine()
				.check(LineArchitectureRules.fixtures(Violations.TakesATableFromElsewhere.class)))
			.withMessageContaining("OutsideAutoconfigure.table()");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> tableNeverPassedAround()
				.check(LineArchitectureRules.fixtures(Violations.HasATableInjected.class)))
			.withMessageContaining("HasATableInjected.<init>");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> tableNeverPassedAround()
				.check(LineArchitectureRules.fixtures(Violations.HasATableProviderInjected.class)))
			.withMessageContaining("HasATableProviderInjected.<init>");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> tableNeverPassedAround()
				.check(LineArchitectureRules.fixtures(Violations.DeclaresATableBean.class)))
			.withMessageContaining("DeclaresATableBean.table");
		// Reaching it through the engine, as the main code does, is what the rules allow.
		tableOnlyThroughTheEngine().check(LineArchitectureRules.fixtures(Violations.UsesTheEnginesTable.class));
		tableNeverPassedAround().check(LineArchitectureRules.fixtures(Violations.UsesTheEnginesTable.class));
	}

	@Test
	void theCycleRulesCatchCoreDependingOnTheAutoConfiguration() {
		JavaClasses cycle = LineArchitectureRules.fixtures(OutsideAutoconfigure.class, Violations.UsesCore.class,
				GrpcHealthAutoConfiguration.class);
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> coreDoesNotDependOnTheAutoConfiguration().check(cycle))
			.withMessageContaining("OutsideAutoconfigure");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> noCyclesThroughTheAutoConfiguration().check(cycle))
			.withMessageContaining("Cycle detected");
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
		return LineArchitectureRules.noneOfTheRestDependsOn(LINE, "health-grpc-core knows no Spring Boot line");
	}

	private static ArchRule noCyclesThroughTheAutoConfiguration() {
		return LineArchitectureRules.noPackageCycles(LINE, "health-grpc-core with health-grpc-boot-common");
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
