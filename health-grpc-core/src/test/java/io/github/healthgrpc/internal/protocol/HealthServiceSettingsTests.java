package io.github.healthgrpc.internal.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The caps of the health service: at least one each. */
class HealthServiceSettingsTests {

	@Test
	void capsOfOneAreAccepted() {
		HealthServiceSettings settings = new HealthServiceSettings(true, 1, 1);

		assertThat(settings.listMaxServices()).isOne();
		assertThat(settings.maxUnknownWatches()).isOne();
	}

	@Test
	void capsBelowOneAreRefusedNamingTheCap() {
		assertThatIllegalArgumentException().isThrownBy(() -> new HealthServiceSettings(true, 0, 1))
			.withMessage("listMaxServices must be at least 1, was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> new HealthServiceSettings(true, 1, 0))
			.withMessage("maxUnknownWatches must be at least 1, was 0");
	}

	@Test
	void theDefaultsServeListWithTheDefaultCaps() {
		assertThat(HealthServiceSettings.defaults()).isEqualTo(new HealthServiceSettings(true,
				HealthServiceSettings.DEFAULT_LIST_MAX_SERVICES, HealthServiceSettings.DEFAULT_MAX_UNKNOWN_WATCHES));
	}

}
