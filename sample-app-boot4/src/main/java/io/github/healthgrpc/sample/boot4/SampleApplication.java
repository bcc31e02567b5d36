package io.github.healthgrpc.sample.boot4;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot 4.1 gRPC application (Spring Boot's own gRPC server) whose health is
 * served by health-grpc.
 */
// The downstream and the admin endpoints are sample-app's own classes (src/shared), one
// package up.
@SpringBootApplication(scanBasePackages = "io.github.healthgrpc.sample")
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
