package io.github.healthgrpc.bridge;

/**
 * A name that the bridge publishes, and how its status is computed.
 *
 * @param name the gRPC service name
 * @param source where the name comes from
 * @param rule how its status is computed; shared by names that have the same status
 */
public record PublishedName(String name, HealthNameSource source, NameRule rule) {

}
