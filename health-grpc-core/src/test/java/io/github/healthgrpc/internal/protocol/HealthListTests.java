package io.github.healthgrpc.internal.protocol;

import io.github.healthgrpc.ServingStatus;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus.NOT_SERVING;
import static io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus.SERVING;
import static io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus.UNKNOWN;
import static io.github.healthgrpc.internal.protocol.HealthServerFixture.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** List (PROTOCOL.md rules 12 to 14). */
class HealthListTests {

	private HealthServerFixture server = HealthServerFixture.inProcess();

	@AfterEach
	void shutDown() throws InterruptedException {
		this.server.close();
	}

	@Test
	void listReturnsEveryKnownServiceWithItsStatusTheEmptyNameIncluded() {
		this.server.table().set("", ServingStatus.SERVING);
		this.server.table().set("orders", ServingStatus.NOT_SERVING);
		this.server.table().set("payments", ServingStatus.UNKNOWN);
		this.server.table().set("removed", ServingStatus.SERVING);
		this.server.table().clear("removed");

		assertThat(this.server.list()).containsOnly(entry("", SERVING), entry("orders", NOT_SERVING),
				entry("payments", UNKNOWN));
	}

	@Test
	void listOfAServerWithoutServicesIsEmpty() {
		assertThat(this.server.list()).isEmpty();
	}

	@Test
	void listReturnsAsManyServicesAsTheDefaultCapOfOneHundred() {
		addServices(HealthGrpcService.DEFAULT_LIST_MAX_SERVICES);

		assertThat(this.server.list()).hasSize(100);
	}

	@Test
	void moreServicesThanTheCapFailWithResourceExhaustedNamingTheCap() {
		addServices(HealthGrpcService.DEFAULT_LIST_MAX_SERVICES + 1);

		Status failure = failureOf(() -> this.server.list());

		assertThat(failure.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		assertThat(failure.getDescription()).containsPattern("\\b100\\b");
	}

	@Test
	void theCapIsConfigurable() throws InterruptedException {
		useServer(true, 2);
		addServices(3);

		Status failure = failureOf(() -> this.server.list());

		assertThat(failure.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		assertThat(failure.getDescription()).containsPattern("\\b2\\b");
	}

	@Test
	void whenListIsSwitchedOffThenItAnswersUnimplemented() throws InterruptedException {
		useServer(false, HealthGrpcService.DEFAULT_LIST_MAX_SERVICES);
		this.server.table().set("orders", ServingStatus.SERVING);

		assertThat(failureOf(() -> this.server.list()).getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
		assertThat(this.server.check("orders")).isEqualTo(SERVING);
	}

	private void useServer(boolean listEnabled, int listMaxServices) throws InterruptedException {
		this.server.close();
		this.server = HealthServerFixture.inProcess(listEnabled, listMaxServices,
				HealthGrpcService.DEFAULT_MAX_UNKNOWN_WATCHES);
	}

	private void addServices(int count) {
		for (int i = 0; i < count; i++) {
			this.server.table().set("service-" + i, ServingStatus.SERVING);
		}
	}

}
