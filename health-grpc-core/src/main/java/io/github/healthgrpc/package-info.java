/**
 * The public API of health-grpc: the {@link io.github.healthgrpc.ServingStatus} a gRPC
 * health name has, the {@link io.github.healthgrpc.ServingStatusManager} bean that
 * application code uses to set and read statuses, and the two strategies an application
 * may supply as beans: a {@link io.github.healthgrpc.ServingStatusMapper} and
 * {@link io.github.healthgrpc.ServingStatusListener listeners}. Everything under
 * {@code io.github.healthgrpc.internal} may change without notice.
 */
@NullMarked
package io.github.healthgrpc;

import org.jspecify.annotations.NullMarked;
