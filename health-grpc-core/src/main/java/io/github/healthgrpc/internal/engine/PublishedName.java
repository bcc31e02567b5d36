package io.github.healthgrpc.internal.engine;

/**
 * A name that the engine publishes, and how its status is computed.
 *
 * @param name the gRPC service name
 * @param source where the name comes from
 * @param rule how its status is computed; shared by names that have the same status
 */
record PublishedName(String name, HealthNameSource source, NameRule rule) {

}
