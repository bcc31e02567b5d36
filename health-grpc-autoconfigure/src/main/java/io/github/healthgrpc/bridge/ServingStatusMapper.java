package io.github.healthgrpc.bridge;

import io.github.healthgrpc.protocol.ServingStatus;
import org.springframework.boot.actuate.health.Status;

/**
 * Maps an Actuator {@link Status} to the {@link ServingStatus} that gRPC clients see. Declare a bean
 * of this type to replace the default, {@link SimpleServingStatusMapper}.
 */
@FunctionalInterface
public interface ServingStatusMapper {

	/**
	 * Returns the serving status for an Actuator status.
	 * @param status the aggregated Actuator status of a published name
	 * @return the serving status, never {@code null}
	 */
	ServingStatus map(Status status);

}
