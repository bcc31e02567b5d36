package io.github.healthgrpc.autoconfigure;

import io.github.healthgrpc.internal.boot.testing.IndicatorSwitch;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * A test indicator of Actuator's health API whose status, failure and blocking are set by
 * the test.
 */
class SwitchableIndicator extends IndicatorSwitch implements HealthIndicator {

	SwitchableIndicator(String status) {
		super(status);
	}

	static SwitchableIndicator up() {
		return new SwitchableIndicator(Status.UP.getCode());
	}

	static SwitchableIndicator down() {
		return new SwitchableIndicator(Status.DOWN.getCode());
	}

	void setStatus(Status status) {
		setStatus(status.getCode());
	}

	@Override
	public Health health() {
		return Health.status(answer()).build();
	}

}
