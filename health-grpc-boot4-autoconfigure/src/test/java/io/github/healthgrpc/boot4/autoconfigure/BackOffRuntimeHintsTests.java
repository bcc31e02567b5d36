package io.github.healthgrpc.boot4.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classes {@link SpringGrpcHealthSettings} looks up by name are declared for a native
 * image, and Spring's AOT processing finds the declaration.
 */
class BackOffRuntimeHintsTests {

	@Test
	void registeredForSpringAotProcessing() {
		assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
			.hasAtLeastOneElementOfType(BackOffRuntimeHints.class);
	}

	@Test
	void everyClassLookedUpByNameIsDeclared() {
		RuntimeHints hints = new RuntimeHints();
		new BackOffRuntimeHints().registerHints(hints, getClass().getClassLoader());
		assertThat(SpringGrpcHealthSettings.REQUIRED_CLASSES).isNotEmpty().allSatisfy((name) -> {
			assertThat(RuntimeHintsPredicates.reflection().onType(TypeReference.of(name))).as(name).accepts(hints);
			// and each name is a class that exists, so that the lookup is not for a typo
			assertThat(Class.forName(name, false, getClass().getClassLoader())).isNotNull();
		});
	}

}
