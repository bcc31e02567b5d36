package io.github.healthgrpc.boot4.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import io.github.healthgrpc.archfixture.OutsideBoot4;
import io.github.healthgrpc.boot4.archfixture.ConstructsATable;
import io.github.healthgrpc.boot4.archfixture.UsesTheEngineFacade;
import io.github.healthgrpc.boot4.archfixture.cycle.first.First;
import io.github.healthgrpc.boot4.archfixture.cycle.second.Second;
import io.github.healthgrpc.internal.boot.GrpcHealthEngineConfiguration;
import io.github.healthgrpc.internal.boot.testing.LineArchitectureRules;
import io.github.healthgrpc.internal.engine.HealthEngine;
import io.github.healthgrpc.internal.protocol.HealthStatusTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.asm.ClassWriter;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.Opcodes;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the Spring Boot 4 line may use: of the engine only its public facade, the status
 * table only as the engine hands it out (never a table of its own), nothing of Spring
 * Boot 3's health API, no gRPC transport but in the dedicated health listener's
 * transport, nothing of Spring gRPC's server factories and server lifecycle (so that the
 * servlet transport, which has neither, gets all of health-grpc), and no package cycles,
 * neither inside the line nor through health-grpc-core and health-grpc-boot-common. Each
 * rule is also checked against classes that break it on purpose, so that a rule that
 * silently matches nothing cannot pass. Offenders that cannot be written in Java here (a
 * package-private engine type, Spring Boot 3's types, absent from this class path) are
 * generated as class files.
 */
class Boot4ArchitectureTests {

	private static final String ROOT = LineArchitectureRules.ROOT;

	private static final String BOOT4 = ROOT + ".boot4";

	/**
	 * Spring Boot 3's health API; Spring Boot 4 moved it to
	 * org.springframework.boot.health.
	 */
	private static final String[] SPRING_BOOT_3_HEALTH = { "org.springframework.boot.actuate.health..",
			"org.springframework.boot.actuate.autoconfigure.health.." };

	/**
	 * The dedicated health listener's transport: the one class of health-grpc that may
	 * use a gRPC transport (grpc-netty, as Spring Boot's Netty server does).
	 */
	private static final String LISTENER_TRANSPORT = GrpcHealthAutoConfiguration.NettyTransportConfiguration.class
		.getName();

	/**
	 * grpc-java's server transports: grpc-netty, grpc-netty-shaded and grpc-servlet.
	 */
	private static final String[] GRPC_TRANSPORTS = { "io.grpc.netty..", "io.grpc.servlet.." };

	/**
	 * The main code of this module, of health-grpc-boot-common and of health-grpc-core:
	 * no test classes, not their test-jars.
	 */
	private static final JavaClasses MAIN = LineArchitectureRules.mainCode();

	@TempDir
	Path generated;

	@Test
	void theRulesSeeTheMainCodeOfTheLineAndWhatItIsBuiltOnAndNoTests() {
		assertThat(MAIN.contain(GrpcHealthAutoConfiguration.class)).isTrue();
		assertThat(MAIN.contain(SpringGrpcHealthSettings.class)).isTrue();
		assertThat(MAIN.contain(GrpcHealthEngineConfiguration.class)).isTrue();
		assertThat(MAIN.contain(HealthEngine.class)).isTrue();
		assertThat(MAIN.contain(HealthStatusTable.class)).isTrue();
		assertThat(MAIN.contain(Boot4ArchitectureTests.class)).isFalse();
		assertThat(MAIN.contain(ConstructsATable.class)).isFalse();
		assertThat(MAIN.contain(OutsideBoot4.class)).isFalse();
		assertThat(MAIN.contain(LineArchitectureRules.class)).isFalse();
		assertThat(MAIN.stream().map(JavaClass::getPackageName)).doesNotContain(ROOT + ".canonical.v1");
	}

	@Test
	void theLineUsesOnlyTheEnginesPublicTypesAndMembers() {
		onlyPublicEngineTypes().check(MAIN);
	}

	@Test
	void theLineNeverCreatesAStatusTable() {
		noNewStatusTable().check(MAIN);
	}

	@Test
	void theLineDoesNotDependOnSpringBoot3sHealthApi() {
		noSpringBoot3Health().check(MAIN);
	}

	@Test
	void thereAreNoPackageCycles() {
		noneOfTheRestDependsOnTheLine().check(MAIN);
		noPackageCycles().check(MAIN);
	}

	@Test
	void theEngineRuleCatchesAPackagePrivateEngineTypeOrMember() throws IOException {
		JavaClasses type = generate("UsesAPackagePrivateEngineType", (method) -> {
			method.visitInsn(Opcodes.ACONST_NULL);
			method.visitTypeInsn(Opcodes.CHECKCAST, "io/github/healthgrpc/internal/engine/HealthNameCatalog");
			method.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "io/github/healthgrpc/internal/engine/HealthNameCatalog",
					"warnClash", "(Ljava/lang/String;Lio/github/healthgrpc/internal/engine/HealthNameSource;"
							+ "Lio/github/healthgrpc/internal/engine/HealthNameSource;)V",
					false);
		});
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> onlyPublicEngineTypes().check(type))
			.withMessageContaining("HealthNameCatalog");
		JavaClasses member = generate("UsesAPackagePrivateMemberOfTheEngine", (method) -> {
			method.visitFieldInsn(Opcodes.GETSTATIC, "io/github/healthgrpc/internal/engine/HealthEngine",
					"MAX_INDICATOR_THREADS", "I");
			method.visitInsn(Opcodes.POP);
		});
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> onlyPublicEngineTypes().check(member))
			.withMessageContaining("MAX_INDICATOR_THREADS");
		// The facade itself is what the rule allows.
		onlyPublicEngineTypes().check(LineArchitectureRules.fixtures(UsesTheEngineFacade.class));
	}

	@Test
	void theTableRuleCatchesATableCreatedByTheLine() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> noNewStatusTable().check(LineArchitectureRules.fixtures(ConstructsATable.class)))
			.withMessageContaining("HealthStatusTable.<init>");
		// Taking the engine's, as the main code does, is what the rule allows.
		noNewStatusTable().check(LineArchitectureRules.fixtures(UsesTheEngineFacade.class));
	}

	@Test
	void theSpringBoot3RuleCatchesADependencyOnSpringBoot3sHealthApi() throws IOException {
		JavaClasses boot3 = generate("UsesSpringBoot3Health", (method) -> {
			method.visitInsn(Opcodes.ACONST_NULL);
			method.visitMethodInsn(Opcodes.INVOKEINTERFACE, "org/springframework/boot/actuate/health/HealthIndicator",
					"health", "()Lorg/springframework/boot/actuate/health/Health;", true);
			method.visitInsn(Opcodes.POP);
		});
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> noSpringBoot3Health().check(boot3))
			.withMessageContaining("org.springframework.boot.actuate.health.HealthIndicator");
		// Spring Boot 4's health API is what the line is for.
		noSpringBoot3Health().check(LineArchitectureRules.fixtures(Boot4Health.class));
	}

	@Test
	void theCycleRulesCatchACycleInsideTheLineAndOneThroughTheRest() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> noPackageCycles().check(LineArchitectureRules.fixtures(First.class, Second.class)))
			.withMessageContaining("Cycle detected");
		JavaClasses throughTheRest = LineArchitectureRules.fixtures(OutsideBoot4.class,
				GrpcHealthAutoConfiguration.class, HealthEngine.class);
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> noneOfTheRestDependsOnTheLine().check(throughTheRest))
			.withMessageContaining("OutsideBoot4");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> noPackageCycles().check(throughTheRest))
			.withMessageContaining("Cycle detected");
	}

	@Test
	void onlyTheHealthListenersTransportUsesAGrpcTransport() {
		onlyTheListenerUsesATransport().check(MAIN);
		// The one exception is needed: that class does use grpc-netty.
		assertThat(MAIN.get(LISTENER_TRANSPORT).getDirectDependenciesFromSelf())
			.anyMatch((dependency) -> dependency.getTargetClass().getPackageName().startsWith("io.grpc.netty"));
	}

	@Test
	void nothingDependsOnAGrpcServersFactoryLifecycleOrServlet() {
		noGrpcServerOfSpring().check(MAIN);
	}

	@Test
	void theTransportRulesCatchGrpcNettyOutsideTheListenerAndTheServersLifecycle() throws IOException {
		JavaClasses netty = generate("UsesGrpcNetty", (method) -> {
			method.visitIntInsn(Opcodes.SIPUSH, 9090);
			method.visitMethodInsn(Opcodes.INVOKESTATIC, "io/grpc/netty/NettyServerBuilder", "forPort",
					"(I)Lio/grpc/netty/NettyServerBuilder;", false);
			method.visitInsn(Opcodes.POP);
		});
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> onlyTheListenerUsesATransport().check(netty))
			.withMessageContaining("io.grpc.netty.NettyServerBuilder");
		JavaClasses lifecycle = generate("UsesTheGrpcServersLifecycle", (method) -> {
			method.visitInsn(Opcodes.ACONST_NULL);
			method.visitTypeInsn(Opcodes.CHECKCAST,
					"org/springframework/grpc/server/lifecycle/GrpcServerShutdownEvent");
			method.visitMethodInsn(Opcodes.INVOKEVIRTUAL,
					"org/springframework/grpc/server/lifecycle/GrpcServerShutdownEvent", "getServer",
					"()Lio/grpc/Server;", false);
			method.visitInsn(Opcodes.POP);
		});
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> noGrpcServerOfSpring().check(lifecycle))
			.withMessageContaining("GrpcServerShutdownEvent");
		JavaClasses factory = generate("UsesANettyServerFactory", (method) -> {
			method.visitInsn(Opcodes.ACONST_NULL);
			method.visitTypeInsn(Opcodes.CHECKCAST, "org/springframework/grpc/server/NettyGrpcServerFactory");
			method.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "org/springframework/grpc/server/NettyGrpcServerFactory",
					"createServer", "()Lio/grpc/Server;", false);
			method.visitInsn(Opcodes.POP);
		});
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> noGrpcServerOfSpring().check(factory))
			.withMessageContaining("NettyGrpcServerFactory");
		// The listener's transport is what the first rule allows (with its enclosing
		// class, so that the rule has a class to check).
		onlyTheListenerUsesATransport().check(LineArchitectureRules.fixtures(
				GrpcHealthAutoConfiguration.NettyTransportConfiguration.class, GrpcHealthAutoConfiguration.class));
	}

	private static ArchRule onlyPublicEngineTypes() {
		return LineArchitectureRules.onlyPublicEngineTypes(JavaClass.Predicates.resideInAPackage(BOOT4 + ".."));
	}

	private static ArchRule noNewStatusTable() {
		DescribedPredicate<JavaConstructorCall> newTable = DescribedPredicate.describe(
				"a constructor of HealthStatusTable",
				(call) -> call.getTargetOwner().isEquivalentTo(HealthStatusTable.class));
		return noClasses().that()
			.resideInAPackage(BOOT4 + "..")
			.should()
			.callConstructorWhere(newTable)
			.because("the one status table is the engine's: Check, Watch and List answer from it, and only "
					+ "HealthEngine.statusTable() hands it out");
	}

	private static ArchRule noSpringBoot3Health() {
		return noClasses().that()
			.resideInAPackage(BOOT4 + "..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(SPRING_BOOT_3_HEALTH)
			.because("Spring Boot 4 has no org.springframework.boot.actuate.health: a class that uses it fails "
					+ "at run time on the line it is made for");
	}

	private static ArchRule noneOfTheRestDependsOnTheLine() {
		return LineArchitectureRules.noneOfTheRestDependsOn(BOOT4,
				"health-grpc-core and health-grpc-boot-common know no Spring Boot line");
	}

	private static ArchRule onlyTheListenerUsesATransport() {
		return noClasses().that()
			.resideInAPackage(ROOT + "..")
			.and()
			.doNotHaveFullyQualifiedName(LISTENER_TRANSPORT)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(GRPC_TRANSPORTS)
			.because("the gRPC server's transport is the application's choice (Spring Boot's Netty server, or "
					+ "the servlet container with spring.grpc.server.servlet.enabled): health-grpc serves on any, "
					+ "and only the dedicated health listener opens a server of its own, with grpc-netty");
	}

	private static ArchRule noGrpcServerOfSpring() {
		DescribedPredicate<JavaClass> grpcServer = DescribedPredicate.describe(
				"are Spring gRPC's server factories or server lifecycle, or Spring Boot's gRPC servlet registration",
				(javaClass) -> javaClass.getPackageName().startsWith("org.springframework.grpc.server.lifecycle")
						|| (javaClass.getPackageName().equals("org.springframework.grpc.server")
								&& javaClass.getSimpleName().endsWith("GrpcServerFactory"))
						|| javaClass.getFullName()
							.equals("org.springframework.boot.grpc.server.GrpcServletRegistration"));
		return noClasses().that()
			.resideInAPackage(ROOT + "..")
			.should()
			.dependOnClassesThat(grpcServer)
			.because("start-up and shutdown are driven by health-grpc's own lifecycle (a SmartLifecycle and "
					+ "ContextClosedEvent), which every transport has; the servlet transport has no gRPC server "
					+ "factory, no GrpcServerLifecycle and none of its events");
	}

	private static ArchRule noPackageCycles() {
		return LineArchitectureRules.noPackageCycles(BOOT4, "health-grpc-core with health-grpc-boot-common");
	}

	/**
	 * A class of package {@code io.github.healthgrpc.boot4.archfixture} with one static
	 * method of the given body, written as a class file and imported; never loaded.
	 */
	private JavaClasses generate(String simpleName, Consumer<MethodVisitor> body) throws IOException {
		String internalName = "io/github/healthgrpc/boot4/archfixture/" + simpleName;
		ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
		writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, internalName, null,
				"java/lang/Object", null);
		MethodVisitor method = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "offend", "()V", null, null);
		method.visitCode();
		body.accept(method);
		method.visitInsn(Opcodes.RETURN);
		method.visitMaxs(0, 0);
		method.visitEnd();
		writer.visitEnd();
		Path file = this.generated.resolve(internalName + ".class");
		Files.createDirectories(file.getParent());
		Files.write(file, writer.toByteArray());
		JavaClasses classes = new ClassFileImporter().importPath(this.generated);
		assertThat(classes.contain(internalName.replace('/', '.'))).isTrue();
		return classes;
	}

}
