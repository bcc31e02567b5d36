package io.github.healthgrpc.autoconfigure;

import io.github.healthgrpc.internal.boot.testing.IndicatorSwitch;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * A test indicator of Actuator's health API whose status, failure and blocking are set by
 * the test.
 */
class SwitchableIndicator extends IndicatorSwitch implements HealthIndicator {

	SwitchableIndicator(String status) {
		super(status);
	}

	@Override
	public Health health() {
		return Health.status(answer()).build();
	}

}
