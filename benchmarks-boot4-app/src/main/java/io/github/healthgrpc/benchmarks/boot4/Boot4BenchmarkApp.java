package io.github.healthgrpc.benchmarks.boot4;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerExecutorProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;

/**
 * The Spring Boot 4.1 twin of the benchmarks module's {@code BenchmarkApp}, with its
 * lines and commands, run with or without health-grpc's jars. It has a gRPC service of
 * its own (Spring Boot starts a server only for an application that has one), and
 * {@code downstream}, which after {@code HANG} blocks (printing {@code HUNG}) until
 * {@code RELEASE}, like a client without a timeout whose peer went silent.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class Boot4BenchmarkApp {

	public static void main(String[] args) throws Exception {
		AtomicLong port = new AtomicLong(-1);
		SpringApplication application = new SpringApplication(Boot4BenchmarkApp.class);
		application.addListeners((ApplicationListener<GrpcServerStartedEvent>) (event) -> {
			port.set(event.getPort());
			say("LISTENING port=" + event.getPort());
		});
		ConfigurableApplicationContext context = application.run(args);
		say("READY port=" + port + " classes=" + ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount()
				+ " healthGrpc="
				+ context.getBeansOfType(BindableService.class)
					.values()
					.stream()
					.anyMatch((service) -> service.getClass().getSimpleName().equals("HealthGrpcService")));
		AtomicBoolean db = context.getBean("dbHealthIndicator", Indicator.class).up;
		AtomicReference<CountDownLatch> hang = context.getBean("downstreamHealthIndicator", Indicator.class).hang;
		BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		for (String line = commands.readLine(); line != null; line = commands.readLine()) {
			String[] words = line.split(" ");
			switch (words[0]) {
				case "DB" -> db.set(words[1].equals("UP"));
				case "READINESS" -> AvailabilityChangeEvent.publish(context, ReadinessState.valueOf(words[1]));
				case "HANG" -> hang.set(new CountDownLatch(1));
				case "RELEASE" -> hang.getAndSet(new CountDownLatch(0)).countDown();
				case "CLOSE" -> {
					hang.getAndSet(new CountDownLatch(0)).countDown();
					long start = System.nanoTime();
					context.close();
					say("CLOSED ms=" + (System.nanoTime() - start) / 1_000_000);
					System.exit(0);
				}
				default -> throw new IllegalArgumentException(line);
			}
			say("OK");
		}
	}

	@Bean
	BindableService echoService() {
		return () -> ServerServiceDefinition.builder("benchmark.Echo").build();
	}

	// Actuator names a contributor after its bean, without the suffix: "db".
	@Bean
	Indicator dbHealthIndicator(@Value("${benchmark.db:up}") String initial) {
		return new Indicator("FIRST_EVALUATION", !initial.equals("down"));
	}

	@Bean
	Indicator downstreamHealthIndicator() {
		return new Indicator(null, true);
	}

	static synchronized void say(String line) {
		System.out.println(line);
		System.out.flush();
	}

	/** For the Check benchmark: calls run on the thread that delivers them. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty("benchmark.direct-executor")
	static class DirectExecutor {

		@Bean
		GrpcServerExecutorProvider directExecutorProvider() {
			return MoreExecutors::directExecutor;
		}

	}

	/**
	 * UP or DOWN as told; waits while {@code hang} is closed; says {@code first} once.
	 */
	static final class Indicator implements HealthIndicator {

		final AtomicBoolean up;

		final AtomicReference<CountDownLatch> hang = new AtomicReference<>(new CountDownLatch(0));

		private final AtomicReference<String> first;

		Indicator(String first, boolean up) {
			this.first = new AtomicReference<>(first);
			this.up = new AtomicBoolean(up);
		}

		@Override
		public Health health() {
			String first = this.first.getAndSet(null);
			if (first != null) {
				say(first);
			}
			CountDownLatch latch = this.hang.get();
			if (latch.getCount() > 0) {
				say("HUNG");
			}
			try {
				latch.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return this.up.get() ? Health.up().build() : Health.down().build();
		}

	}

}
