package com.example.app;

import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
public class UserApplication {

	public static void main(String[] args) {
		SpringApplication.run(UserApplication.class, args);
	}

	/** A gRPC service of the application's own, with no generated code: one name, no methods. */
	@Bean
	BindableService echoService() {
		return () -> ServerServiceDefinition.builder("acme.Echo").build();
	}

	@Bean
	HealthIndicator ordersHealthIndicator() {
		return () -> Health.up().build();
	}

}
