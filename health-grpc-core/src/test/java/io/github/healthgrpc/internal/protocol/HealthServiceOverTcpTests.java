package io.github.healthgrpc.internal.protocol;

import io.github.healthgrpc.ServingStatus;
import java.util.concurrent.TimeUnit;

import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus.NOT_SERVING;
import static io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus.SERVICE_UNKNOWN;
import static io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus.SERVING;
import static io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus.UNKNOWN;
import static io.github.healthgrpc.internal.protocol.Eventually.eventually;
import static io.github.healthgrpc.internal.protocol.HealthServerFixture.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The service on a real server, as clients meet it: Netty on 127.0.0.1, called over TCP
 * and HTTP/2 by the client generated from the canonical health.proto.
 */
class HealthServiceOverTcpTests {

	private final HealthServerFixture server = HealthServerFixture.overTcp();

	@AfterEach
	void shutDown() throws InterruptedException {
		this.server.close();
	}

	@Test
	void checkAnswersKnownServicesAndNotFoundForOthers() {
		this.server.table().set("", ServingStatus.SERVING);
		this.server.table().set("orders", ServingStatus.NOT_SERVING);

		assertThat(this.server.check("")).isEqualTo(SERVING);
		assertThat(this.server.check("orders")).isEqualTo(NOT_SERVING);
		assertThat(failureOf(() -> this.server.check("payments")).getCode()).isEqualTo(Status.Code.NOT_FOUND);
	}

	@Test
	void watchSendsTheCurrentStatusThenEveryChange() {
		this.server.table().set("orders", ServingStatus.NOT_SERVING);
		WatchRecorder watch = this.server.watch("orders").awaitStatuses(NOT_SERVING);

		this.server.table().set("orders", ServingStatus.SERVING);
		watch.awaitStatuses(NOT_SERVING, SERVING);
		this.server.table().clear("orders");

		watch.awaitStatuses(NOT_SERVING, SERVING, SERVICE_UNKNOWN);
		assertThat(watch.isOpen()).isTrue();
	}

	@Test
	void listAnswersEveryService() {
		this.server.table().set("", ServingStatus.SERVING);
		this.server.table().set("orders", ServingStatus.UNKNOWN);

		assertThat(this.server.list()).containsOnly(entry("", SERVING), entry("orders", UNKNOWN));
	}

	@Test
	void whenTheClientsConnectionClosesThenTheServerForgetsItsWatches() throws InterruptedException {
		this.server.table().set("orders", ServingStatus.SERVING);
		this.server.watch("orders").awaitStatuses(SERVING);
		this.server.watch("payments").awaitStatuses(SERVICE_UNKNOWN);

		this.server.channel().shutdownNow();
		assertThat(this.server.channel().awaitTermination(10, TimeUnit.SECONDS)).isTrue();

		eventually().untilAsserted(this.server::assertNoWatchIsRemembered);
	}

}
