package io.github.healthgrpc.autoconfigure;

import io.github.healthgrpc.internal.boot.testing.LifecycleContract;

/**
 * Start-up and shutdown over a real net.devh Netty server on 127.0.0.1.
 */
class LifecycleIntegrationTests extends LifecycleContract {

	LifecycleIntegrationTests() {
		super(Boot35Line.INSTANCE);
	}

	@Override
	protected String gracePeriodProperty() {
		return "grpc.server.shutdown-grace-period";
	}

}
