/**
 * The client half of the gRPC health protocol: one long-lived Watch on an upstream's
 * {@code grpc.health.v1.Health} per channel, restarted with back-off, whose latest answer
 * is read from memory. Knows nothing of Spring Boot or of this project's server side.
 * Internal: may change without notice.
 */
@NullMarked
package io.github.healthgrpc.internal.client;

import org.jspecify.annotations.NullMarked;
