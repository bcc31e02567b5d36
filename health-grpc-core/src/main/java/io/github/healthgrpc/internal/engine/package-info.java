/**
 * The engine: which names are published, background evaluation of the contributors with
 * timeouts, mapping to serving statuses, publishing to the status table, scheduling, and
 * terminal state. {@link io.github.healthgrpc.internal.engine.HealthEngine} is its one
 * entry point. Internal: may change without notice.
 */
@NullMarked
package io.github.healthgrpc.internal.engine;

import org.jspecify.annotations.NullMarked;
