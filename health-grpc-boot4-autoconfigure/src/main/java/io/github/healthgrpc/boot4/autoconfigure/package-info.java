/**
 * The Spring Boot 4.1 line: the adapter from Spring Boot 4's health API
 * ({@code org.springframework.boot.health}), the integration with Spring Boot's own gRPC
 * server, and the auto-configuration. Properties, lifecycle, metrics and the endpoint are
 * shared with the Spring Boot 3.5 line.
 */
@NullMarked
package io.github.healthgrpc.boot4.autoconfigure;

import org.jspecify.annotations.NullMarked;
