/**
 * The engine's model of health contributors, groups and status aggregation: what each
 * Spring Boot line's Actuator adapter produces. Internal: may change without notice.
 */
@NullMarked
package io.github.healthgrpc.internal.model;

import org.jspecify.annotations.NullMarked;
