/**
 * The protocol layer: {@code grpc.health.v1.Health} (Check, Watch, List) answered from a
 * status table. Knows nothing of health contributors. Internal: may change without
 * notice.
 */
@NullMarked
package io.github.healthgrpc.internal.protocol;

import org.jspecify.annotations.NullMarked;
