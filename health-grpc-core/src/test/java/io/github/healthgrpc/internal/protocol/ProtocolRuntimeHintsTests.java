package io.github.healthgrpc.internal.protocol;

import com.google.protobuf.Message;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.github.healthgrpc.internal.protocol.v1.HealthListResponse;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The protocol's generated messages are declared for a native image, and Spring's AOT
 * processing finds the declaration.
 */
class ProtocolRuntimeHintsTests {

	@Test
	void registeredForSpringAotProcessing() {
		assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)).hasAtLeastOneElementOfType(ProtocolRuntimeHints.class);
	}

	@Test
	void generatedMessagesAndBuildersArePubliclyInvocable() throws Exception {
		RuntimeHints hints = new RuntimeHints();
		new ProtocolRuntimeHints().registerHints(hints, getClass().getClassLoader());
		for (Class<?> type : ProtocolRuntimeHints.GENERATED_TYPES) {
			assertThat(RuntimeHintsPredicates.reflection()
				.onType(type)
				.withMemberCategory(MemberCategory.INVOKE_PUBLIC_METHODS)).as(type.getName()).accepts(hints);
		}
		// What protobuf-java's field accessor table looks up by name for the map field.
		assertThat(RuntimeHintsPredicates.reflection().onMethod(HealthListResponse.class.getMethod("getStatusesMap")))
			.accepts(hints);
	}

	@Test
	void everyGeneratedMessageAndBuilderIsListed() {
		// A message added to health_list.proto must be added to the hints too.
		Iterable<JavaClass> generated = new ClassFileImporter()
			.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("io.github.healthgrpc.internal.protocol.v1");
		for (JavaClass type : generated) {
			if (type.isAssignableTo(Message.class) || type.isAssignableTo(Message.Builder.class)) {
				if (!type.isInterface()) {
					assertThat(ProtocolRuntimeHints.GENERATED_TYPES).as(type.getName()).contains(type.reflect());
				}
			}
		}
	}

}
