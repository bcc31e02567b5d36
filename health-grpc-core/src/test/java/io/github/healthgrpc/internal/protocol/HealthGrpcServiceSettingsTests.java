package io.github.healthgrpc.internal.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** The caps of the health service: at least one each. */
class HealthGrpcServiceSettingsTests {

	private final HealthStatusTable table = new HealthStatusTable();

	@Test
	void capsOfOneAreAccepted() {
		assertThatNoException().isThrownBy(() -> new HealthGrpcService(this.table, true, 1, 1));
	}

	@Test
	void capsBelowOneAreRefusedNamingTheCap() {
		assertThatIllegalArgumentException().isThrownBy(() -> new HealthGrpcService(this.table, true, 0, 1))
			.withMessage("listMaxServices must be at least 1, was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> new HealthGrpcService(this.table, true, 1, 0))
			.withMessage("maxUnknownWatches must be at least 1, was 0");
	}

}
