/**
 * The Spring Boot 3.5 line: the adapter from Actuator's health API to the engine, the
 * net.devh gRPC server integration, and the auto-configuration, properties, lifecycle,
 * metrics and endpoint.
 */
@NullMarked
package io.github.healthgrpc.autoconfigure;

import org.jspecify.annotations.NullMarked;
