package io.github.healthgrpc.benchmarks.boot4;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.BindableService;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.context.annotation.Bean;
import org.springframework.grpc.server.lifecycle.GrpcServerShutdownEvent;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;
import org.springframework.grpc.server.lifecycle.GrpcServerTerminatedEvent;

/**
 * A minimal Spring Boot 4.1 gRPC application with Actuator, started in fresh JVMs by the
 * Boot 4.1 scenarios of the benchmarks: with health-grpc-boot4-starter, or with
 * health-grpc's jars left off its class path, so that Spring Boot's own health service
 * ({@code spring.grpc.server.health.*}) serves {@code grpc.health.v1.Health}. The same
 * application, the same indicators and the same JVM options either way.
 * <p>
 * It has one gRPC service of its own ({@code benchmark.Echo}, no methods: Spring Boot
 * starts a gRPC server only for an application that has one) and two health indicators:
 * {@code db}, whose status the benchmark switches, and {@code downstream}, which the
 * benchmark can make hang.
 * <p>
 * Lines on stdout: {@code LISTENING port=..} as soon as the gRPC server listens,
 * {@code FIRST_EVALUATION} when {@code db} is called the first time, {@code READY ..}
 * once ready, {@code HUNG} when a call of {@code downstream} starts to hang. Commands on
 * stdin: {@code DB UP|DOWN}, {@code HANG} (the next calls of {@code downstream} block),
 * {@code RELEASE} (they return), {@code CLOSE} (closes the context, prints
 * {@code CLOSED ms=..} with when each step of closing began, and exits).
 */
@SpringBootApplication(proxyBeanMethods = false)
public class Boot4BenchmarkApp {

	public static void main(String[] args) throws Exception {
		AtomicReference<Duration> timeTaken = new AtomicReference<>();
		AtomicReference<Long> uptimeAtReady = new AtomicReference<>();
		AtomicReference<Long> cpuAtReady = new AtomicReference<>();
		AtomicReference<Integer> port = new AtomicReference<>(-1);
		SpringApplication application = new SpringApplication(Boot4BenchmarkApp.class);
		application.addListeners(new ApplicationListener<GrpcServerStartedEvent>() {

			@Override
			public void onApplicationEvent(GrpcServerStartedEvent event) {
				port.set(event.getPort());
				say("LISTENING port=" + event.getPort() + " uptimeMs="
						+ ManagementFactory.getRuntimeMXBean().getUptime());
			}

		}, new ApplicationListener<ApplicationReadyEvent>() {

			@Override
			public void onApplicationEvent(ApplicationReadyEvent event) {
				uptimeAtReady.set(ManagementFactory.getRuntimeMXBean().getUptime());
				cpuAtReady.set(processCpuMillis());
				timeTaken.set(event.getTimeTaken());
			}

		});
		// When each step of closing begins: the context (health-grpc turns NOT_SERVING
		// here), the gRPC server's shutdown, its termination.
		ClosingSteps closing = new ClosingSteps();
		application.addListeners(closing);
		ConfigurableApplicationContext context = application.run(args);
		say("READY port=" + port.get() + " uptimeMs=" + uptimeAtReady.get() + " cpuMs=" + cpuAtReady.get()
				+ " contextMs=" + ((timeTaken.get() != null) ? timeTaken.get().toMillis() : -1) + " health="
				+ healthService(context) + " contributors=" + contributors(context) + " interceptors="
				+ interceptors(context));
		Database db = context.getBean(Database.class);
		Downstream downstream = context.getBean(Downstream.class);
		BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		String line;
		while ((line = commands.readLine()) != null) {
			String command = line.trim();
			switch (command) {
				case "DB UP" -> {
					db.set(true);
					say("OK");
				}
				case "DB DOWN" -> {
					db.set(false);
					say("OK");
				}
				case "HANG" -> {
					downstream.hang();
					say("OK");
				}
				case "RELEASE" -> {
					downstream.release();
					say("OK");
				}
				case "CLOSE" -> {
					downstream.release();
					long start = System.nanoTime();
					context.close();
					say("CLOSED ms=" + (System.nanoTime() - start) / 1_000_000 + " contextClosedEventMs="
							+ since(start, closing.contextClosed) + " serverShutdownMs="
							+ since(start, closing.serverShutdown) + " serverTerminatedMs="
							+ since(start, closing.serverTerminated));
					System.exit(0);
				}
				default -> say("UNKNOWN " + command);
			}
		}
		downstream.release();
		context.close();
	}

	@Bean
	BindableService echoService() {
		return () -> ServerServiceDefinition.builder("benchmark.Echo").build();
	}

	// Actuator names a contributor after its bean, without the suffix: "db".
	@Bean
	Database dbHealthIndicator(@Value("${benchmark.db:up}") String initial) {
		return new Database(!"down".equalsIgnoreCase(initial));
	}

	// "downstream"
	@Bean
	Downstream downstreamHealthIndicator() {
		return new Downstream();
	}

	/**
	 * When each step of closing began, told before any other listener (health-grpc's
	 * listener of ContextClosedEvent runs the drain delay).
	 */
	private static final class ClosingSteps implements ApplicationListener<ApplicationEvent>, Ordered {

		private final AtomicLong contextClosed = new AtomicLong();

		private final AtomicLong serverShutdown = new AtomicLong();

		private final AtomicLong serverTerminated = new AtomicLong();

		@Override
		public void onApplicationEvent(ApplicationEvent event) {
			if (event instanceof ContextClosedEvent) {
				this.contextClosed.compareAndSet(0, System.nanoTime());
			}
			else if (event instanceof GrpcServerShutdownEvent) {
				this.serverShutdown.compareAndSet(0, System.nanoTime());
			}
			else if (event instanceof GrpcServerTerminatedEvent) {
				this.serverTerminated.compareAndSet(0, System.nanoTime());
			}
		}

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE;
		}

	}

	private static long since(long start, AtomicLong at) {
		return (at.get() != 0) ? (at.get() - start) / 1_000_000 : -1;
	}

	static synchronized void say(String line) {
		System.out.println(line);
		System.out.flush();
	}

	/**
	 * CPU time of this process so far, all threads (JIT and GC included), or -1 where
	 * unknown.
	 */
	private static long processCpuMillis() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			long nanos = os.getProcessCpuTime();
			return (nanos >= 0) ? nanos / 1_000_000 : -1;
		}
		return -1;
	}

	/** The classes of the server interceptor beans, or "none". */
	private static String interceptors(ConfigurableApplicationContext context) {
		List<String> names = new ArrayList<>();
		context.getBeansOfType(ServerInterceptor.class)
			.values()
			.forEach((i) -> names.add(i.getClass().getSimpleName()));
		return names.isEmpty() ? "none" : String.join(",", names);
	}

	/** The names of the health contributors, as Spring Boot registered them. */
	private static String contributors(ConfigurableApplicationContext context) {
		List<String> names = new ArrayList<>();
		context.getBean(HealthContributorRegistry.class).forEach((entry) -> names.add(entry.name()));
		return String.join(",", names);
	}

	/**
	 * The classes of the grpc.health.v1.Health beans, so that the benchmark can check
	 * what a run measured.
	 */
	private static String healthService(ConfigurableApplicationContext context) {
		StringBuilder names = new StringBuilder();
		for (BindableService service : context.getBeansOfType(BindableService.class).values()) {
			if (service.bindService().getServiceDescriptor().getName().equals("grpc.health.v1.Health")) {
				names.append((names.length() > 0) ? "," : "").append(service.getClass().getSimpleName());
			}
		}
		return (names.length() > 0) ? names.toString() : "none";
	}

}
