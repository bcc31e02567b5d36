package io.github.healthgrpc.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import io.github.healthgrpc.canonical.v1.HealthCheckRequest;
import io.github.healthgrpc.canonical.v1.HealthCheckResponse.ServingStatus;
import io.github.healthgrpc.canonical.v1.HealthGrpc;
import io.github.healthgrpc.canonical.v1.HealthListRequest;
import io.github.healthgrpc.sample.helloworld.GreeterGrpc;
import io.github.healthgrpc.sample.helloworld.HelloReply;
import io.github.healthgrpc.sample.helloworld.HelloRequest;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.reflection.v1alpha.ServerReflectionGrpc;
import io.grpc.reflection.v1alpha.ServerReflectionRequest;
import io.grpc.reflection.v1alpha.ServerReflectionResponse;
import io.grpc.reflection.v1alpha.ServiceResponse;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The packaged sample jar in a process of its own, probed as any foreign client would:
 * through a client generated from the canonical upstream health.proto. Each test starts
 * from a healthy sample, whatever ran before it; shutdown is {@link SampleShutdownIT}'s,
 * on a process of its own. Shared by the samples: the one thing their servers register
 * differently, the reflection service, comes from {@code sample.reflection.service}.
 */
class SampleJarIT {

	/** application.yml: grpc.health.refresh-interval. */
	private static final Duration REFRESH_INTERVAL = Duration.ofSeconds(1);

	/** Room for a busy machine; not a timing claim. */
	private static final Duration MARGIN = Duration.ofSeconds(4);

	private static final String GREETER = "helloworld.Greeter";

	/**
	 * The server reflection service the sample's gRPC server registers:
	 * {@code grpc.reflection.v1alpha.ServerReflection} (net.devh) or
	 * {@code grpc.reflection.v1.ServerReflection} (Spring Boot).
	 */
	private static final String REFLECTION = SampleProcess.requiredProperty("sample.reflection.service");

	private static SampleProcess sample;

	private static HealthGrpc.HealthBlockingStub health;

	@BeforeAll
	static void start() throws Exception {
		sample = SampleProcess.start("jar-it");
		health = HealthGrpc.newBlockingStub(sample.channel());
	}

	/**
	 * A test that failed half-way must not leave the downstream broken for the next one.
	 */
	@BeforeEach
	void healthy() throws Exception {
		sample.healDownstream();
		await().atMost(REFRESH_INTERVAL.plus(MARGIN)).until(() -> check("") == ServingStatus.SERVING);
	}

	@AfterAll
	static void stop() {
		if (sample != null) {
			sample.close();
		}
	}

	@Test
	void listPublishesWhatActuatorShowsOverHttpAndCheckAgrees() throws Exception {
		Map<String, ServingStatus> listed = list();
		System.out.println("[e2e] List: " + listed);
		JsonNode actuator = new ObjectMapper().readTree(sample.get("/actuator/health").body());
		assertThat(actuator.path("status").asText()).isEqualTo("UP");
		assertThat(listed).containsEntry("", ServingStatus.SERVING);
		// Every Actuator component under its own name, with the same verdict.
		for (Map.Entry<String, JsonNode> component : actuator.path("components").properties()) {
			assertThat(component.getValue().path("status").asText()).as(component.getKey()).isEqualTo("UP");
			assertThat(listed).containsEntry(component.getKey(), ServingStatus.SERVING);
		}
		// Every Actuator group: the probe groups and the sample's own.
		List<String> groups = new ArrayList<>();
		actuator.path("groups").forEach((group) -> groups.add(group.asText()));
		assertThat(groups).contains("liveness", "readiness", "storage");
		groups.forEach((group) -> assertThat(listed).containsEntry(group, ServingStatus.SERVING));
		// The contributors the sample defines, and the gRPC services registered in the
		// server.
		assertThat(listed).containsKeys("db", "diskSpace", "ping", "downstream", "livenessState", "readinessState",
				GREETER, REFLECTION);
		assertThat(listed).doesNotContainKey("grpc.health.v1.Health");
		// Every published name answers Check with what List says.
		listed.forEach((name, status) -> assertThat(check(name)).as("Check(%s)", name).isEqualTo(status));
	}

	@Test
	void unknownNamesAreNotFoundForCheckAndServiceUnknownForWatch() {
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> check("no.such.Service"))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> check("helloworld"))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
		try (WatchRecorder unknown = WatchRecorder.watch(sample.channel(), "no.such.Service")) {
			await().atMost(MARGIN).until(() -> !unknown.statuses().isEmpty());
			assertThat(unknown.statuses()).containsExactly(ServingStatus.SERVICE_UNKNOWN);
			assertThat(unknown.hasEnded()).as("the stream stays open").isFalse();
		}
	}

	@Test
	void greeterAnswersAndNamesTheInstance() {
		HelloReply reply = GreeterGrpc.newBlockingStub(sample.channel())
			.withDeadlineAfter(5, TimeUnit.SECONDS)
			.sayHello(HelloRequest.newBuilder().setName("e2e").build());
		assertThat(reply.getMessage()).isEqualTo("Hello, e2e!");
		assertThat(reply.getInstance()).isEqualTo("jar-it");
	}

	@Test
	void breakingAndHealingTheDownstreamShowsInCheckWatchAndHttp() throws Exception {
		try (WatchRecorder greeter = WatchRecorder.watch(sample.channel(), GREETER);
				WatchRecorder overall = WatchRecorder.watch(sample.channel(), "");
				WatchRecorder downstream = WatchRecorder.watch(sample.channel(), "downstream");
				WatchRecorder readiness = WatchRecorder.watch(sample.channel(), "readiness")) {
			List<WatchRecorder> following = List.of(greeter, overall, downstream);
			await().atMost(MARGIN)
				.until(() -> following.stream().allMatch((w) -> w.last() == ServingStatus.SERVING)
						&& readiness.last() == ServingStatus.SERVING);

			long broken = System.nanoTime();
			sample.breakDownstream();
			await("names that depend on the downstream turn NOT_SERVING").atMost(REFRESH_INTERVAL.plus(MARGIN))
				.until(() -> check("downstream") == ServingStatus.NOT_SERVING
						&& check(GREETER) == ServingStatus.NOT_SERVING && check("") == ServingStatus.NOT_SERVING);
			System.out.printf("[e2e] downstream broken: NOT_SERVING in Check after %d ms%n", millisSince(broken));
			await().atMost(MARGIN)
				.until(() -> following.stream().allMatch((w) -> w.last() == ServingStatus.NOT_SERVING));
			for (String unaffected : List.of("db", "storage", "liveness", "readiness", "ping")) {
				assertThat(check(unaffected)).as(unaffected).isEqualTo(ServingStatus.SERVING);
			}
			HttpResponse<String> overallHttp = sample.get("/actuator/health");
			assertThat(overallHttp.statusCode()).isEqualTo(503);
			JsonNode body = new ObjectMapper().readTree(overallHttp.body());
			assertThat(body.path("status").asText()).isEqualTo("DOWN");
			assertThat(body.path("components").path("downstream").path("status").asText()).isEqualTo("DOWN");
			assertThat(sample.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
			// The flip shows once in the log, in the metrics and in /actuator/grpchealth.
			assertThat(sample.log().split("gRPC health 'downstream': SERVING -> NOT_SERVING", -1)).hasSize(2);
			String scrape = sample.get("/actuator/prometheus").body();
			assertThat(scrape).containsPattern("grpc_health_status\\{[^}]*service=\"downstream\"[^}]*} 2\\.0")
				.containsPattern(
						"grpc_health_status_transitions_total\\{[^}]*service=\"downstream\",status=\"NOT_SERVING\"[^}]*} 1\\.0")
				.containsPattern(
						"grpc_health_indicator_evaluation_seconds_count\\{[^}]*indicator=\"downstream\",outcome=\"down\"");
			JsonNode grpcHealth = new ObjectMapper().readTree(sample.get("/actuator/grpchealth").body());
			assertThat(grpcHealth.path("services").path("downstream").path("status").asText()).isEqualTo("NOT_SERVING");
			assertThat(grpcHealth.path("services").path("downstream").path("source").asText()).isEqualTo("CONTRIBUTOR");
			assertThat(grpcHealth.path("services").path(GREETER).path("source").asText()).isEqualTo("SERVICE_MAPPING");
			assertThat(grpcHealth.path("services").path(GREETER).path("members")).extracting(JsonNode::asText)
				.containsExactly("db", "downstream");

			long healed = System.nanoTime();
			sample.healDownstream();
			await("names that depend on the downstream turn SERVING again").atMost(REFRESH_INTERVAL.plus(MARGIN))
				.until(() -> check("downstream") == ServingStatus.SERVING && check(GREETER) == ServingStatus.SERVING
						&& check("") == ServingStatus.SERVING);
			System.out.printf("[e2e] downstream healed: SERVING in Check after %d ms%n", millisSince(healed));
			await().atMost(MARGIN).until(() -> following.stream().allMatch((w) -> w.last() == ServingStatus.SERVING));
			for (WatchRecorder watch : following) {
				assertThat(watch.statuses()).as("Watch(%s)", watch.service())
					.containsExactly(ServingStatus.SERVING, ServingStatus.NOT_SERVING, ServingStatus.SERVING);
			}
			assertThat(readiness.statuses()).as("Watch(readiness)").containsExactly(ServingStatus.SERVING);
			assertThat(sample.get("/actuator/health").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void serverReflectionDescribesHealthWithListForGrpcurl() throws Exception {
		List<String> services = reflect(ServerReflectionRequest.newBuilder().setListServices("").build())
			.getListServicesResponse()
			.getServiceList()
			.stream()
			.map(ServiceResponse::getName)
			.toList();
		assertThat(services).contains("grpc.health.v1.Health", GREETER);
		ServerReflectionResponse file = reflect(
				ServerReflectionRequest.newBuilder().setFileContainingSymbol("grpc.health.v1.Health").build());
		List<String> methods = new ArrayList<>();
		for (ByteString bytes : file.getFileDescriptorResponse().getFileDescriptorProtoList()) {
			for (ServiceDescriptorProto service : FileDescriptorProto.parseFrom(bytes).getServiceList()) {
				if (service.getName().equals("Health")) {
					service.getMethodList().stream().map(MethodDescriptorProto::getName).forEach(methods::add);
				}
			}
		}
		assertThat(methods).containsExactlyInAnyOrder("Check", "Watch", "List");
	}

	private static ServingStatus check(String service) {
		return health.withDeadlineAfter(2, TimeUnit.SECONDS)
			.check(HealthCheckRequest.newBuilder().setService(service).build())
			.getStatus();
	}

	private static Map<String, ServingStatus> list() {
		Map<String, ServingStatus> statuses = new TreeMap<>();
		health.withDeadlineAfter(2, TimeUnit.SECONDS)
			.list(HealthListRequest.getDefaultInstance())
			.getStatusesMap()
			.forEach((name, response) -> statuses.put(name, response.getStatus()));
		return statuses;
	}

	/**
	 * One reflection request to {@link #REFLECTION}. The v1 and v1alpha protocols have
	 * the same messages on the wire, so the v1alpha messages serve both: only the
	 * method's full name follows the service.
	 */
	private static ServerReflectionResponse reflect(ServerReflectionRequest request) throws Exception {
		MethodDescriptor<ServerReflectionRequest, ServerReflectionResponse> method = ServerReflectionGrpc
			.getServerReflectionInfoMethod()
			.toBuilder()
			.setFullMethodName(MethodDescriptor.generateFullMethodName(REFLECTION, "ServerReflectionInfo"))
			.build();
		ClientCall<ServerReflectionRequest, ServerReflectionResponse> call = sample.channel()
			.newCall(method, CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS));
		CompletableFuture<ServerReflectionResponse> response = new CompletableFuture<>();
		StreamObserver<ServerReflectionRequest> requests = ClientCalls.asyncBidiStreamingCall(call,
				new StreamObserver<>() {
					@Override
					public void onNext(ServerReflectionResponse value) {
						response.complete(value);
					}

					@Override
					public void onError(Throwable throwable) {
						response.completeExceptionally(throwable);
					}

					@Override
					public void onCompleted() {
						response.completeExceptionally(new IllegalStateException("no reflection response"));
					}
				});
		requests.onNext(request);
		requests.onCompleted();
		return response.get(10, TimeUnit.SECONDS);
	}

	private static long millisSince(long nanos) {
		return (System.nanoTime() - nanos) / 1_000_000;
	}

}
