package io.github.healthgrpc.bridge;

import java.util.Set;

/**
 * What a configured service name aggregates: either contributor paths (include and exclude patterns)
 * or an existing Actuator health group.
 *
 * @param include contributor path patterns to include, empty for all
 * @param exclude contributor path patterns to exclude
 * @param group the health group to mirror instead, or {@code null}
 */
public record ServiceMapping(Set<String> include, Set<String> exclude, String group) {

	public ServiceMapping {
		include = (include != null) ? Set.copyOf(include) : Set.of();
		exclude = (exclude != null) ? Set.copyOf(exclude) : Set.of();
		group = (group != null && !group.isBlank()) ? group.trim() : null;
	}

}
