package io.github.healthgrpc.internal.protocol;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import io.github.healthgrpc.canonical.v1.CanonicalHealthProto;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server reflection next to the health service shows {@code grpc.health.v1.Health} as the
 * canonical health.proto defines it, List included, so that tools like grpcurl can call
 * all three methods.
 */
class HealthServiceReflectionTests {

	private static final String HEALTH_SERVICE = "grpc.health.v1.Health";

	private final HealthServerFixture server = HealthServerFixture.inProcess(true,
			HealthGrpcService.DEFAULT_LIST_MAX_SERVICES, HealthGrpcService.DEFAULT_MAX_UNKNOWN_WATCHES,
			ProtoReflectionServiceV1.newInstance());

	@AfterEach
	void shutDown() throws InterruptedException {
		this.server.close();
	}

	@Test
	void eachMethodDescribesItselfAndTheServiceOnlyItself() {
		assertThat(((ProtoMethodDescriptorSupplier) HealthServiceDescriptors.CHECK_METHOD.getSchemaDescriptor())
			.getMethodDescriptor()
			.getFullName()).isEqualTo("grpc.health.v1.Health.Check");
		assertThat(((ProtoMethodDescriptorSupplier) HealthServiceDescriptors.LIST_METHOD.getSchemaDescriptor())
			.getMethodDescriptor()
			.getFullName()).isEqualTo("grpc.health.v1.Health.List");
		// As in grpc-java's generated code: the service's schema describes the service
		// and no method (it is no method supplier, rather than one that answers null).
		Object service = HealthServiceDescriptors.serviceDescriptor().getSchemaDescriptor();
		assertThat(service).isNotInstanceOf(ProtoMethodDescriptorSupplier.class);
		assertThat(((ProtoServiceDescriptorSupplier) service).getServiceDescriptor().getFullName())
			.isEqualTo("grpc.health.v1.Health");
	}

	@Test
	void eachMethodPointsAtTheServiceAndTheFileOfTheServiceSchema() {
		ProtoServiceDescriptorSupplier service = (ProtoServiceDescriptorSupplier) HealthServiceDescriptors
			.serviceDescriptor()
			.getSchemaDescriptor();
		for (io.grpc.MethodDescriptor<?, ?> method : HealthServiceDescriptors.serviceDescriptor().getMethods()) {
			ProtoMethodDescriptorSupplier schema = (ProtoMethodDescriptorSupplier) method.getSchemaDescriptor();
			assertThat(schema.getFileDescriptor()).as(method.getFullMethodName()).isSameAs(service.getFileDescriptor());
			assertThat(schema.getServiceDescriptor()).as(method.getFullMethodName())
				.isSameAs(service.getServiceDescriptor());
			assertThat(schema.getMethodDescriptor().getService()).isSameAs(service.getServiceDescriptor());
		}
	}

	@Test
	void listingServicesShowsTheHealthService() throws Exception {
		ServerReflectionResponse response = ask(ServerReflectionRequest.newBuilder().setListServices("").build());

		assertThat(response.getListServicesResponse().getServiceList()).extracting(ServiceResponse::getName)
			.contains(HEALTH_SERVICE);
	}

	@Test
	void theFileContainingTheHealthServiceHasCheckWatchAndList() throws Exception {
		ServiceDescriptorProto health = filesContaining(HEALTH_SERVICE).stream()
			.filter((file) -> file.getPackage().equals("grpc.health.v1"))
			.flatMap((file) -> file.getServiceList().stream())
			.filter((service) -> service.getName().equals("Health"))
			.findFirst()
			.orElseThrow();

		assertThat(health.getMethodList()).extracting(MethodDescriptorProto::getName)
			.containsExactlyInAnyOrder("Check", "Watch", "List");
	}

	@Test
	void theReflectedMethodsHaveTheTypesAndStreamingOfTheCanonicalProto() throws Exception {
		ServiceDescriptor reflected = build(filesContaining(HEALTH_SERVICE)).findServiceByName("Health");
		ServiceDescriptor canonical = CanonicalHealthProto.getDescriptor().findServiceByName("Health");

		assertThat(reflected.getFullName()).isEqualTo(HEALTH_SERVICE);
		assertThat(reflected.getMethods()).extracting(HealthServiceReflectionTests::signature)
			.containsExactlyInAnyOrderElementsOf(
					canonical.getMethods().stream().map(HealthServiceReflectionTests::signature).toList());
		assertThat(reflected.findMethodByName("List").getOutputType().findFieldByName("statuses").isMapField())
			.isTrue();
	}

	private static String signature(MethodDescriptor method) {
		return method.getName() + "(" + method.getInputType().getFullName() + ") returns "
				+ (method.isServerStreaming() ? "stream " : "") + method.getOutputType().getFullName();
	}

	private List<FileDescriptorProto> filesContaining(String symbol) throws Exception {
		ServerReflectionResponse response = ask(
				ServerReflectionRequest.newBuilder().setFileContainingSymbol(symbol).build());
		assertThat(response.hasFileDescriptorResponse()).as("answer to file_containing_symbol %s: %s", symbol, response)
			.isTrue();
		List<FileDescriptorProto> files = new ArrayList<>();
		for (ByteString file : response.getFileDescriptorResponse().getFileDescriptorProtoList()) {
			files.add(FileDescriptorProto.parseFrom(file));
		}
		return files;
	}

	/**
	 * Builds the first file as a reflection client would, from the files it was sent with
	 * it.
	 */
	private static FileDescriptor build(List<FileDescriptorProto> files) throws DescriptorValidationException {
		Map<String, FileDescriptorProto> byName = new HashMap<>();
		files.forEach((file) -> byName.put(file.getName(), file));
		return build(files.get(0), byName);
	}

	private static FileDescriptor build(FileDescriptorProto file, Map<String, FileDescriptorProto> byName)
			throws DescriptorValidationException {
		FileDescriptor[] dependencies = new FileDescriptor[file.getDependencyCount()];
		for (int i = 0; i < dependencies.length; i++) {
			FileDescriptorProto dependency = byName.get(file.getDependency(i));
			assertThat(dependency).as("dependency %s sent along", file.getDependency(i)).isNotNull();
			dependencies[i] = build(dependency, byName);
		}
		return FileDescriptor.buildFrom(file, dependencies);
	}

	private ServerReflectionResponse ask(ServerReflectionRequest request) throws Exception {
		CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
		StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(this.server.channel())
			.serverReflectionInfo(new StreamObserver<>() {

				@Override
				public void onNext(ServerReflectionResponse response) {
					answer.complete(response);
				}

				@Override
				public void onError(Throwable failure) {
					answer.completeExceptionally(failure);
				}

				@Override
				public void onCompleted() {
				}

			});
		requests.onNext(request);
		requests.onCompleted();
		return answer.get(10, TimeUnit.SECONDS);
	}

}
