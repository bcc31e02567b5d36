package io.github.healthgrpc.sample;

import java.util.concurrent.TimeUnit;

import io.github.healthgrpc.ServingStatusManager;
import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.sample.helloworld.GreeterGrpc;
import io.github.healthgrpc.sample.helloworld.HelloReply;
import io.github.healthgrpc.sample.helloworld.HelloRequest;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample in one JVM, on net.devh's in-process server. The end-to-end tests (*IT) run
 * the jar.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "grpc.server.port=-1", "grpc.server.in-process-name=sample-test", "sample.instance-id=unit" })
class SampleApplicationTests {

	@Autowired
	private Downstream downstream;

	@Autowired
	private ServingStatusManager servingStatusManager;

	@AfterEach
	void heal() {
		this.downstream.heal();
	}

	@Test
	void greeterAnswersFromTheDatabaseAndNamesTheInstance() throws InterruptedException {
		ManagedChannel channel = InProcessChannelBuilder.forName("sample-test").directExecutor().build();
		try {
			HelloReply reply = GreeterGrpc.newBlockingStub(channel)
				.sayHello(HelloRequest.newBuilder().setName("Ada").build());
			assertThat(reply.getMessage()).isEqualTo("Hello, Ada!");
			assertThat(reply.getInstance()).isEqualTo("unit");
		}
		finally {
			channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void greeterFollowsTheDownstreamButProbesDoNot() {
		this.downstream.breakDown("test");
		await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
			assertThat(status("downstream")).isEqualTo(ServingStatus.NOT_SERVING);
			assertThat(status("helloworld.Greeter")).isEqualTo(ServingStatus.NOT_SERVING);
		});
		assertThat(status("db")).isEqualTo(ServingStatus.SERVING);
		assertThat(status("storage")).isEqualTo(ServingStatus.SERVING);
		assertThat(status("readiness")).isEqualTo(ServingStatus.SERVING);
		assertThat(status("liveness")).isEqualTo(ServingStatus.SERVING);
		this.downstream.heal();
		await().atMost(5, TimeUnit.SECONDS)
			.untilAsserted(() -> assertThat(status("helloworld.Greeter")).isEqualTo(ServingStatus.SERVING));
	}

	private ServingStatus status(String name) {
		return this.servingStatusManager.getServingStatus(name);
	}

}
