package io.github.healthgrpc.internal.boot.testing;

import java.util.Optional;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The architecture rules both Spring Boot lines are held to, each line's code being the
 * packages under one root ({@code io.github.healthgrpc.autoconfigure},
 * {@code io.github.healthgrpc.boot4}): the engine only through its public facade, nothing
 * of health-grpc that depends on the line, and no package cycles. Each line's
 * architecture test checks them against its main code and against classes that break them
 * on purpose.
 */
public final class LineArchitectureRules {

	/** The root package of health-grpc. */
	public static final String ROOT = "io.github.healthgrpc";

	private static final String ENGINE = ROOT + ".internal.engine";

	private LineArchitectureRules() {
	}

	/**
	 * The main code of health-grpc on the class path: no test classes, no test-jars.
	 * @return the classes
	 */
	public static JavaClasses mainCode() {
		return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.withImportOption((location) -> !location.contains("-tests.jar"))
			.importPackages(ROOT);
	}

	/**
	 * Classes imported for a rule's check, never loaded.
	 * @param classes the classes
	 * @return the imported classes
	 */
	public static JavaClasses fixtures(Class<?>... classes) {
		return new ClassFileImporter().importClasses(classes);
	}

	/**
	 * The given classes use of the engine only its public types and their public members.
	 * @param classes the classes the rule is for
	 * @return the rule
	 */
	public static ArchRule onlyPublicEngineTypes(DescribedPredicate<JavaClass> classes) {
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

	/**
	 * No class of health-grpc outside the line depends on it.
	 * @param line the line's root package
	 * @param because why
	 * @return the rule
	 */
	public static ArchRule noneOfTheRestDependsOn(String line, String because) {
		return noClasses().that()
			.resideInAPackage(ROOT + "..")
			.and()
			.resideOutsideOfPackage(line + "..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(line + "..")
			.because(because);
	}

	/**
	 * No cycles between the packages of the line, nor through the rest of health-grpc,
	 * which is one slice.
	 * @param line the line's root package
	 * @param rest what the rest of health-grpc on the class path is
	 * @return the rule
	 */
	public static ArchRule noPackageCycles(String line, String rest) {
		return slices().assignedFrom(new SliceAssignment() {

			@Override
			public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
				String packageName = javaClass.getPackageName();
				if (packageName.equals(line) || packageName.startsWith(line + ".")) {
					return SliceIdentifier.of(packageName);
				}
				// The rest as one slice: cycles inside it are its own modules' business.
				return (packageName.equals(ROOT) || packageName.startsWith(ROOT + ".")) ? SliceIdentifier.of(rest)
						: SliceIdentifier.ignore();
			}

			@Override
			public String getDescription() {
				return "each package of " + line + ", and " + rest;
			}

		}).should().beFreeOfCycles();
	}

	private static boolean isPublic(JavaClass javaClass) {
		return javaClass.getModifiers().contains(JavaModifier.PUBLIC)
				&& javaClass.getEnclosingClass().map(LineArchitectureRules::isPublic).orElse(true);
	}

}
