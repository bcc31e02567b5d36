/**
 * What both Spring Boot lines share: the {@code grpc.health.*} properties, the engine's
 * configuration and lifecycle, Micrometer metrics and the {@code grpchealth} endpoint.
 * Only Spring Boot types whose names are the same in 3.5 and 4.x are used here (an
 * architecture test checks it), so that one compiled jar serves both lines. Each line
 * supplies {@link io.github.healthgrpc.internal.boot.HealthSources}: its Actuator adapter
 * and its gRPC server's service names.
 */
@NullMarked
package io.github.healthgrpc.internal.boot;

import org.jspecify.annotations.NullMarked;
