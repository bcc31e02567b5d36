package io.github.healthgrpc.internal.engine;

import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What a configured service name aggregates: either contributor paths (include and
 * exclude patterns) or an existing health group.
 *
 * @param name the gRPC service name
 * @param property the property it is configured under, named in error messages
 * @param include contributor path patterns to include
 * @param exclude contributor path patterns to exclude
 * @param group the health group to mirror instead, or {@code null}
 * @param policy the name's own status order and mapping, if any
 */
public record ServiceMapping(String name, String property, Set<String> include, Set<String> exclude,
		@Nullable String group, StatusPolicy policy) {

	public ServiceMapping {
		Objects.requireNonNull(name, "name must not be null");
		Objects.requireNonNull(property, "property must not be null");
		Objects.requireNonNull(policy, "policy must not be null");
		include = Set.copyOf(include);
		exclude = Set.copyOf(exclude);
		group = (group != null && !group.isBlank()) ? group.trim() : null;
	}

	/**
	 * A mapping with the engine's status order and mapping.
	 * @param name the gRPC service name
	 * @param property the property it is configured under
	 * @param include contributor path patterns to include
	 * @param exclude contributor path patterns to exclude
	 * @param group the health group to mirror instead, or {@code null}
	 */
	public ServiceMapping(String name, String property, Set<String> include, Set<String> exclude,
			@Nullable String group) {
		this(name, property, include, exclude, group, StatusPolicy.DEFAULT);
	}

}
