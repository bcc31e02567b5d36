package io.github.healthgrpc.boot4.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a native image needs for {@link SpringGrpcHealthSettings} is declared, and
 * Spring's AOT processing finds the declaration: the classes it looks up by name before
 * switching Spring Boot's own health service off, and the settings it binds.
 */
class SpringGrpcHealthSettingsHintsTests {

	@Test
	void registeredForSpringAotProcessing() {
		assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
			.hasAtLeastOneElementOfType(SpringGrpcHealthSettings.Hints.class);
	}

	@Test
	void everyClassLookedUpByNameIsDeclared() {
		RuntimeHints hints = new RuntimeHints();
		new SpringGrpcHealthSettings.Hints().registerHints(hints, getClass().getClassLoader());
		assertThat(SpringGrpcHealthSettings.REQUIRED_CLASSES).isNotEmpty().allSatisfy((name) -> {
			assertThat(RuntimeHintsPredicates.reflection().onType(TypeReference.of(name))).as(name).accepts(hints);
			// and each name is a class that exists, so that the lookup is not for a typo
			assertThat(Class.forName(name, false, getClass().getClassLoader())).isNotNull();
		});
	}

	@Test
	void theBoundSettingsAreDeclared() {
		RuntimeHints hints = new RuntimeHints();
		new SpringGrpcHealthSettings.Hints().registerHints(hints, getClass().getClassLoader());
		assertThat(RuntimeHintsPredicates.reflection().onType(SpringGrpcHealthSettings.BootService.class))
			.accepts(hints);
	}

}
