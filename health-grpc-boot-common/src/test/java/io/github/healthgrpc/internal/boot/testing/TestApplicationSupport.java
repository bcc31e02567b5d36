package io.github.healthgrpc.internal.boot.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

import com.google.protobuf.Empty;
import io.github.healthgrpc.internal.protocol.HealthGrpcService;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * What each line's test application ({@code TestGrpcApplication}, every
 * auto-configuration of the line's class path and one gRPC service of its own,
 * {@code test.Echo}) has in common: how it is started (without a web server, its gRPC
 * server on a free port of 127.0.0.1, with a {@code db} indicator the test switches), and
 * what its gRPC server's events tell (the servers started, what happened at close). The
 * tests read those, and may have something done when they happen. One application at a
 * time: what is recorded is cleared at each start.
 */
public final class TestApplicationSupport {

	/** The unary method of {@code test.Echo}: answers with what it is sent. */
	public static final MethodDescriptor<Empty, Empty> ECHO = MethodDescriptor.<Empty, Empty>newBuilder()
		.setType(MethodDescriptor.MethodType.UNARY)
		.setFullMethodName("test.Echo/Say")
		.setRequestMarshaller(ProtoUtils.marshaller(Empty.getDefaultInstance()))
		.setResponseMarshaller(ProtoUtils.marshaller(Empty.getDefaultInstance()))
		.build();

	private static final List<Server> STARTED = new CopyOnWriteArrayList<>();

	private static final List<String> STOPPING = new CopyOnWriteArrayList<>();

	private static final List<Consumer<ApplicationContext>> NEXT_STARTED = new CopyOnWriteArrayList<>();

	private static final List<Consumer<ApplicationContext>> NEXT_TERMINATED = new CopyOnWriteArrayList<>();

	private static final List<Consumer<ApplicationContext>> WHEN_STARTED = new CopyOnWriteArrayList<>();

	private static final List<Consumer<ApplicationContext>> WHEN_TERMINATED = new CopyOnWriteArrayList<>();

	private TestApplicationSupport() {
	}

	/**
	 * The definition of {@code test.Echo}.
	 * @return the service definition
	 */
	public static ServerServiceDefinition echoService() {
		return ServerServiceDefinition.builder("test.Echo")
			.addMethod(ECHO, ServerCalls.asyncUnaryCall((request, response) -> {
				response.onNext(request);
				response.onCompleted();
			}))
			.build();
	}

	/**
	 * Starts a line's test application, with an indicator of the line,
	 * {@code dbHealthIndicator}, that the test switches.
	 * @param <S> the type of the line's server-started event
	 * @param line the line
	 * @param application the application's class
	 * @param server how the line's gRPC server is configured and what it tells
	 * @param dbStatus the status code of the {@code db} indicator at first
	 * @param properties more properties
	 * @return the started application
	 */
	@SuppressWarnings("unchecked")
	public static <S extends ApplicationEvent> ConfigurableApplicationContext start(SpringBootLine line,
			Class<?> application, GrpcServer<S> server, String dbStatus, String... properties) {
		STARTED.clear();
		STOPPING.clear();
		moveInto(WHEN_STARTED, NEXT_STARTED);
		moveInto(WHEN_TERMINATED, NEXT_TERMINATED);
		List<String> all = new ArrayList<>(List.of(server.prefix() + ".address=127.0.0.1", server.prefix() + ".port=0",
				"spring.main.banner-mode=off"));
		all.addAll(List.of(properties));
		// One per application, in the state the test started it with.
		return new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
			.properties(all.toArray(String[]::new))
			.initializers((context) -> ((GenericApplicationContext) context).registerBean("dbHealthIndicator",
					(Class<Object>) line.contributorType(), () -> line.indicator(dbStatus)))
			.listeners(new ServerEventReporter<>(server))
			.run();
	}

	/**
	 * Has something done when the next application started its gRPC server, before any
	 * other caller can reach it.
	 * @param action given the application
	 */
	public static void whenServerStarted(Consumer<ApplicationContext> action) {
		NEXT_STARTED.add(action);
	}

	/**
	 * Has something done when the next application's gRPC server has terminated.
	 * @param action given the application
	 */
	public static void whenServerTerminated(Consumer<ApplicationContext> action) {
		NEXT_TERMINATED.add(action);
	}

	/**
	 * The servers the application started, as its events announced them.
	 * @return the servers, in order
	 */
	public static List<Server> servers() {
		return STARTED;
	}

	/**
	 * The port of the server the application started last.
	 * @return the port
	 */
	public static int port() {
		return STARTED.get(STARTED.size() - 1).getPort();
	}

	/**
	 * What happened to the gRPC server at close: {@code shutdown with open Watch streams:
	 * <n>}, then {@code terminated}.
	 * @return the events, in order
	 */
	public static List<String> stopping() {
		return STOPPING;
	}

	private static void moveInto(List<Consumer<ApplicationContext>> active, List<Consumer<ApplicationContext>> next) {
		active.clear();
		active.addAll(next);
		next.clear();
	}

	/**
	 * A line's gRPC server, as the test application configures it and hears of it.
	 *
	 * @param <S> the type of the server-started event
	 * @param prefix the prefix of the server's properties (its {@code address} and
	 * {@code port})
	 * @param started the event published when the server has started
	 * @param server the started server of such an event
	 * @param shutdown the event published when the server starts to shut down
	 * @param terminated the event published when the server has terminated
	 */
	public record GrpcServer<S extends ApplicationEvent>(String prefix, Class<S> started, Function<S, Server> server,
			Class<? extends ApplicationEvent> shutdown, Class<? extends ApplicationEvent> terminated) {

	}

	/** Records what the line's gRPC server tells, and does what the test asked for. */
	private static final class ServerEventReporter<S extends ApplicationEvent>
			implements ApplicationListener<ApplicationEvent> {

		private final GrpcServer<S> server;

		private volatile ApplicationContext context;

		ServerEventReporter(GrpcServer<S> server) {
			this.server = server;
		}

		@Override
		public void onApplicationEvent(ApplicationEvent event) {
			if (event instanceof ApplicationPreparedEvent prepared) {
				this.context = prepared.getApplicationContext();
			}
			else if (this.server.started().isInstance(event)) {
				STARTED.add(this.server.server().apply(this.server.started().cast(event)));
				WHEN_STARTED.forEach((action) -> action.accept(this.context));
			}
			else if (this.server.shutdown().isInstance(event)) {
				HealthGrpcService health = this.context.getBeanProvider(HealthGrpcService.class).getIfAvailable();
				STOPPING.add("shutdown with open Watch streams: " + ((health != null) ? health.openWatchCount() : "-"));
			}
			else if (this.server.terminated().isInstance(event)) {
				STOPPING.add("terminated");
				WHEN_TERMINATED.forEach((action) -> action.accept(this.context));
			}
		}

	}

}
