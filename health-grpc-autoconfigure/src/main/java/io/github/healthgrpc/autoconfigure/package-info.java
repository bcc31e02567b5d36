/**
 * The Spring Boot 3.5 line: the adapter from Actuator's health API to the engine, the
 * net.devh gRPC server integration, and the auto-configuration. Properties, lifecycle,
 * metrics and the endpoint are shared with the Spring Boot 4 line.
 */
@NullMarked
package io.github.healthgrpc.autoconfigure;

import org.jspecify.annotations.NullMarked;
