package io.github.healthgrpc.boot4.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * What a native image needs for {@link SpringGrpcHealthSettings}: it looks the classes it
 * requires up by name at run time (an environment post-processor runs before any
 * condition), and in a native image a class that is not declared is not found by name, so
 * Spring Boot's own health service would stay on beside ours.
 */
class BackOffRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		for (String name : SpringGrpcHealthSettings.REQUIRED_CLASSES) {
			hints.reflection().registerType(TypeReference.of(name));
		}
	}

}
