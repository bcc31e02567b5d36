package io.github.healthgrpc.sample.boot4;

import io.github.healthgrpc.sample.Downstream;
import java.util.concurrent.TimeUnit;

import io.github.healthgrpc.ServingStatus;
import io.github.healthgrpc.ServingStatusManager;
import io.github.healthgrpc.sample.helloworld.GreeterGrpc;
import io.github.healthgrpc.sample.helloworld.HelloReply;
import io.github.healthgrpc.sample.helloworld.HelloRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample in one JVM, on Spring Boot's gRPC server bound to a free port of 127.0.0.1.
 * The end-to-end tests (*IT, shared with sample-app) run the jar.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "spring.grpc.server.port=0", "sample.instance-id=unit" })
class SampleApplicationTests {

	@Autowired
	private Downstream downstream;

	@Autowired
	private ServingStatusManager servingStatusManager;

	@Autowired
	private GrpcServerLifecycle grpcServer;

	@AfterEach
	void heal() {
		this.downstream.heal();
	}

	@Test
	void greeterAnswersFromTheDatabaseAndNamesTheInstance() throws InterruptedException {
		ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", this.grpcServer.getPort())
			.usePlaintext()
			.build();
		try {
			HelloReply reply = GreeterGrpc.newBlockingStub(channel)
				.withDeadlineAfter(5, TimeUnit.SECONDS)
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
