package io.github.healthgrpc.benchmarks.app;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.grpc.BindableService;
import net.devh.boot.grpc.server.event.GrpcServerStartedEvent;
import net.devh.boot.grpc.server.serverfactory.GrpcServerConfigurer;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Spring Boot 3.5 application (net.devh's server, Actuator), packaged alone in
 * {@code benchmarks-app.jar} to run with or without health-grpc's jars. It prints
 * {@code LISTENING port=..}, {@code FIRST_EVALUATION} (its {@code db} indicator's first
 * call) and {@code READY port=.. classes=.. healthGrpc=..}; answers {@code OK} to
 * {@code DB UP|DOWN} and {@code READINESS <ReadinessState>}; on {@code CLOSE} prints
 * {@code CLOSED ms=..} and exits. So does {@code Boot4BenchmarkApp}, its Spring Boot 4.1
 * twin.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class BenchmarkApp {

	public static void main(String[] args) throws Exception {
		AtomicLong port = new AtomicLong(-1);
		SpringApplication application = new SpringApplication(BenchmarkApp.class);
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
		Database db = context.getBean(Database.class);
		BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		for (String line = commands.readLine(); line != null; line = commands.readLine()) {
			String[] words = line.split(" ");
			switch (words[0]) {
				case "DB" -> db.up.set(words[1].equals("UP"));
				case "READINESS" -> AvailabilityChangeEvent.publish(context, ReadinessState.valueOf(words[1]));
				case "CLOSE" -> {
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

	// Actuator names a contributor after its bean, without the suffix: "db".
	@Bean
	Database dbHealthIndicator(@Value("${benchmark.db:up}") String initial) {
		return new Database(!initial.equals("down"));
	}

	private static synchronized void say(String line) {
		System.out.println(line);
		System.out.flush();
	}

	/** For the Check benchmark: calls run on the thread that delivers them. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty("benchmark.direct-executor")
	static class DirectExecutor {

		@Bean
		GrpcServerConfigurer directExecutor() {
			return (builder) -> builder.directExecutor();
		}

	}

	/** UP or DOWN as told; prints FIRST_EVALUATION at its first call. */
	static final class Database implements HealthIndicator {

		final AtomicBoolean up;

		private final AtomicBoolean called = new AtomicBoolean();

		Database(boolean up) {
			this.up = new AtomicBoolean(up);
		}

		@Override
		public Health health() {
			if (this.called.compareAndSet(false, true)) {
				say("FIRST_EVALUATION");
			}
			return this.up.get() ? Health.up().build() : Health.down().build();
		}

	}

}
