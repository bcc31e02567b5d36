package io.github.healthgrpc.internal.protocol;

import java.io.InputStream;
import java.util.Objects;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import io.github.healthgrpc.internal.protocol.v1.HealthListProto;
import io.github.healthgrpc.internal.protocol.v1.HealthListRequest;
import io.github.healthgrpc.internal.protocol.v1.HealthListResponse;
import io.grpc.MethodDescriptor.Marshaller;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.health.v1.HealthProto;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;
import io.grpc.protobuf.ProtoUtils;

/**
 * The descriptors of {@code grpc.health.v1.Health} with all three methods. grpc-services'
 * descriptor knows only Check and Watch, so the canonical file (with List, gRFC A90) is
 * rebuilt at run time from grpc-services' health.proto plus this project's List messages,
 * and server reflection shows that.
 * <p>
 * An instance is the service's schema: it points reflection at the canonical file and its
 * service (and, as in grpc-java's generated code, at no method). It is this class rather
 * than one of its own, which would be one more to load at start-up; a method's schema is
 * the same plus its method.
 */
class HealthServiceDescriptors implements ProtoServiceDescriptorSupplier {

	static final String SERVICE_NAME = HealthGrpc.SERVICE_NAME;

	// Rebuilt so that reflection sees the canonical file. grpc requires the methods bound
	// to a service to
	// be the very instances of its descriptor, so bindService() must use these, not
	// HealthGrpc's.
	static final io.grpc.MethodDescriptor<HealthCheckRequest, HealthCheckResponse> CHECK_METHOD = HealthGrpc
		.getCheckMethod()
		.toBuilder()
		.setSchemaDescriptor(new MethodSchema("Check"))
		.build();

	static final io.grpc.MethodDescriptor<HealthCheckRequest, HealthCheckResponse> WATCH_METHOD = HealthGrpc
		.getWatchMethod()
		.toBuilder()
		.setSchemaDescriptor(new MethodSchema("Watch"))
		.build();

	static final io.grpc.MethodDescriptor<HealthListRequest, HealthListResponse> LIST_METHOD = io.grpc.MethodDescriptor
		.<HealthListRequest, HealthListResponse>newBuilder()
		.setType(MethodType.UNARY)
		.setFullMethodName(io.grpc.MethodDescriptor.generateFullMethodName(SERVICE_NAME, "List"))
		.setSampledToLocalTracing(true)
		.setRequestMarshaller(new ListMarshaller<>(true))
		.setResponseMarshaller(new ListMarshaller<>(false))
		.setSchemaDescriptor(new MethodSchema("List"))
		.build();

	private static final io.grpc.ServiceDescriptor SERVICE = io.grpc.ServiceDescriptor.newBuilder(SERVICE_NAME)
		.setSchemaDescriptor(new HealthServiceDescriptors())
		.addMethod(CHECK_METHOD)
		.addMethod(WATCH_METHOD)
		.addMethod(LIST_METHOD)
		.build();

	private HealthServiceDescriptors() {
	}

	static io.grpc.ServiceDescriptor serviceDescriptor() {
		return SERVICE;
	}

	@Override
	public FileDescriptor getFileDescriptor() {
		return CanonicalFile.FILE;
	}

	@Override
	public ServiceDescriptor getServiceDescriptor() {
		return Objects.requireNonNull(CanonicalFile.FILE.findServiceByName("Health"), "grpc.health.v1.Health");
	}

	/**
	 * The canonical health.proto, as server reflection serves it. Built on first use:
	 * parsing the generated descriptors loads much of protobuf's descriptor machinery
	 * (some 150 classes), which only reflection needs, so a server without it never pays
	 * for it at start-up.
	 */
	static final class CanonicalFile {

		static final FileDescriptor FILE = buildCanonicalFile();

		private CanonicalFile() {
		}

	}

	private static FileDescriptor buildCanonicalFile() {
		FileDescriptorProto checkAndWatch = HealthProto.getDescriptor().toProto();
		FileDescriptorProto list = HealthListProto.getDescriptor().toProto();
		ServiceDescriptorProto service = checkAndWatch.getService(0)
			.toBuilder()
			.addMethod(MethodDescriptorProto.newBuilder()
				.setName("List")
				.setInputType(".grpc.health.v1.HealthListRequest")
				.setOutputType(".grpc.health.v1.HealthListResponse"))
			.build();
		FileDescriptorProto canonical = checkAndWatch.toBuilder()
			.addAllMessageType(list.getMessageTypeList())
			.setService(0, service)
			.build();
		try {
			return FileDescriptor.buildFrom(canonical, new FileDescriptor[0]);
		}
		catch (DescriptorValidationException ex) {
			throw new IllegalStateException("Cannot build the grpc.health.v1 descriptor", ex);
		}
	}

	/**
	 * List's messages marshalled by protobuf's own marshaller, made on the first List
	 * call: the message classes (seven with their builders and parsers) are not loaded at
	 * start-up, when nothing lists yet.
	 */
	private static final class ListMarshaller<T> implements Marshaller<T> {

		private final boolean request;

		ListMarshaller(boolean request) {
			this.request = request;
		}

		@SuppressWarnings("unchecked")
		private Marshaller<T> protobuf() {
			return (Marshaller<T>) (this.request ? ProtobufListMarshallers.REQUEST : ProtobufListMarshallers.RESPONSE);
		}

		@Override
		public InputStream stream(T value) {
			return protobuf().stream(value);
		}

		@Override
		public T parse(InputStream stream) {
			return protobuf().parse(stream);
		}

	}

	/** Initialized on first use, when a List call marshals its first message. */
	private static final class ProtobufListMarshallers {

		static final Marshaller<HealthListRequest> REQUEST = ProtoUtils
			.marshaller(HealthListRequest.getDefaultInstance());

		static final Marshaller<HealthListResponse> RESPONSE = ProtoUtils
			.marshaller(HealthListResponse.getDefaultInstance());

		private ProtobufListMarshallers() {
		}

	}

	/**
	 * Points reflection at one method of the canonical service, and at its file and
	 * service.
	 */
	private static final class MethodSchema extends HealthServiceDescriptors implements ProtoMethodDescriptorSupplier {

		private final String methodName;

		MethodSchema(String methodName) {
			this.methodName = methodName;
		}

		@Override
		public MethodDescriptor getMethodDescriptor() {
			return Objects.requireNonNull(getServiceDescriptor().findMethodByName(this.methodName), this.methodName);
		}

	}

}
