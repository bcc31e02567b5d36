package io.github.healthgrpc.internal.protocol;

import io.github.healthgrpc.ServingStatus;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus.NOT_SERVING;
import static io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus.SERVING;
import static io.github.healthgrpc.internal.protocol.HealthServerFixture.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Check (PROTOCOL.md rules 1 to 3). Rule 4, "answered from the table, never by running an
 * indicator", is pinned with the engine behind the service, in
 * {@code HealthEngineServingTests}; its speed belongs in a benchmark, not in a timed
 * test.
 */
class HealthCheckTests {

	private final HealthServerFixture server = HealthServerFixture.inProcess();

	@AfterEach
	void shutDown() throws InterruptedException {
		this.server.close();
	}

	@ParameterizedTest
	@EnumSource(ServingStatus.class)
	void aKnownServiceAnswersOkWithItsCurrentStatus(ServingStatus status) {
		this.server.table().set("orders", status);

		assertThat(this.server.check("orders")).hasToString(status.name());
	}

	@Test
	void anUnknownServiceFailsWithNotFound() {
		this.server.table().set("orders", ServingStatus.SERVING);

		assertThat(failureOf(() -> this.server.check("payments")).getCode()).isEqualTo(Status.Code.NOT_FOUND);
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "Orders", "ORDERS", "order", "orders ", " orders", "orders/", "orders.v1", "*", "orders*", "" })
	void namesMatchExactly(String nearMiss) {
		this.server.table().set("orders", ServingStatus.SERVING);

		assertThat(failureOf(() -> this.server.check(nearMiss)).getCode()).isEqualTo(Status.Code.NOT_FOUND);
	}

	@Test
	void theEmptyNameIsTheServerAsAWhole() {
		this.server.table().set("", ServingStatus.NOT_SERVING);
		this.server.table().set("orders", ServingStatus.SERVING);

		assertThat(this.server.check("")).isEqualTo(NOT_SERVING);
		assertThat(this.server.check("orders")).isEqualTo(SERVING);
	}

	@Test
	void notFoundNamesTheServiceAndAbbreviatesLongNames() {
		String hundred = "n".repeat(100);
		String longer = "l".repeat(150);

		assertThat(failureOf(() -> this.server.check("payments")).getDescription())
			.isEqualTo("unknown service 'payments'");
		assertThat(failureOf(() -> this.server.check(hundred)).getDescription())
			.isEqualTo("unknown service '" + hundred + "'");
		assertThat(failureOf(() -> this.server.check(longer)).getDescription())
			.isEqualTo("unknown service '" + "l".repeat(100) + "...' (150 characters)");
	}

	@Test
	void aNameOfTheLongestLengthTheTableAllowsIsAnswered() {
		String longest = "x".repeat(HealthStatusTable.MAX_NAME_LENGTH);
		this.server.table().set(longest, ServingStatus.SERVING);

		assertThat(this.server.check(longest)).isEqualTo(SERVING);
		assertThat(failureOf(() -> this.server.check(longest + "x")).getCode()).isEqualTo(Status.Code.NOT_FOUND);
	}

}
