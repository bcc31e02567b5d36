package io.github.healthgrpc.internal.protocol;

import java.util.List;

import io.github.healthgrpc.internal.protocol.v1.HealthListRequest;
import io.github.healthgrpc.internal.protocol.v1.HealthListResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What a native image needs to know about the protocol's own generated messages (List,
 * from {@code health_list.proto}): protobuf-java reaches their accessors and builders
 * reflectively (its field accessor tables, behind {@code toString()}, text format and
 * descriptor-based access). Read by Spring's AOT processing through
 * {@code META-INF/spring/aot.factories} (Spring Framework's, not Spring Boot's); nothing
 * else loads this class.
 */
class ProtocolRuntimeHints implements RuntimeHintsRegistrar {

	/** The generated message types and their builders. */
	static final List<Class<?>> GENERATED_TYPES = List.of(HealthListRequest.class, HealthListRequest.Builder.class,
			HealthListResponse.class, HealthListResponse.Builder.class);

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		for (Class<?> type : GENERATED_TYPES) {
			hints.reflection().registerType(type, MemberCategory.INVOKE_PUBLIC_METHODS);
		}
	}

}
