package io.github.healthgrpc.sample.boot4;

import io.github.healthgrpc.sample.helloworld.GreeterGrpc;
import io.github.healthgrpc.sample.helloworld.HelloReply;
import io.github.healthgrpc.sample.helloworld.HelloRequest;
import io.grpc.stub.StreamObserver;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * {@code helloworld.Greeter}: reads its greeting from the database and says which
 * instance answered. Spring Boot's gRPC server registers every {@code BindableService}
 * bean, so a plain {@code @Service} is enough, and being registered in the server is
 * enough for health-grpc to publish the name {@code helloworld.Greeter}; application.yml
 * maps it to the indicators it depends on.
 */
@Service
public class GreeterService extends GreeterGrpc.GreeterImplBase {

	private final JdbcTemplate jdbc;

	private final String instanceId;

	public GreeterService(JdbcTemplate jdbc, @Value("${sample.instance-id}") String instanceId) {
		this.jdbc = jdbc;
		this.instanceId = instanceId;
	}

	@Override
	public void sayHello(HelloRequest request, StreamObserver<HelloReply> responseObserver) {
		String template = this.jdbc.queryForObject("select template from greeting where lang = 'en'", String.class);
		String name = request.getName().isBlank() ? "world" : request.getName();
		responseObserver.onNext(
				HelloReply.newBuilder().setMessage(String.format(template, name)).setInstance(this.instanceId).build());
		responseObserver.onCompleted();
	}

}
