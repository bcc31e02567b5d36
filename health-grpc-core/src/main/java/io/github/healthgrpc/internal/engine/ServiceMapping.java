package io.github.healthgrpc.internal.engine;

import java.util.Objects;
import java.util.Set;

import io.github.healthgrpc.ServingStatusMapper;
import io.github.healthgrpc.internal.model.StatusAggregator;
import org.jspecify.annotations.Nullable;

/**
 * What a published name aggregates and how: either contributor paths (include and exclude
 * patterns) or an existing health group, with the name's own status order and mapping
 * where they differ from the engine's. A configured service name is one; so is
 * {@code ""}, whose patterns narrow the whole application (the primary group).
 *
 * @param name the gRPC service name
 * @param property the property it is configured under, named in error messages
 * @param include contributor path patterns to include
 * @param exclude contributor path patterns to exclude
 * @param group the health group to mirror instead, or {@code null}
 * @param aggregator the name's own status order, or {@code null} for the default (the
 * whole application's, or the mirrored group's)
 * @param mapper the name's own mapping, or {@code null} for the engine's
 */
public record ServiceMapping(String name, String property, Set<String> include, Set<String> exclude,
		@Nullable String group, @Nullable StatusAggregator aggregator, @Nullable ServingStatusMapper mapper) {

	public ServiceMapping {
		Objects.requireNonNull(name, "name must not be null");
		Objects.requireNonNull(property, "property must not be null");
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
		this(name, property, include, exclude, group, null, null);
	}

	/** The name's own status order, or else {@code fallback}. */
	StatusAggregator aggregatorOr(StatusAggregator fallback) {
		return (this.aggregator != null) ? this.aggregator : fallback;
	}

}
