package io.github.healthgrpc.sample.boot4;

import java.time.Duration;
import java.util.List;
import java.util.function.IntConsumer;

import io.github.healthgrpc.sample.TlsManifestContract;

import org.springframework.boot.grpc.server.autoconfigure.GrpcServerProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;

/**
 * sample-app-boot4/k8s/tls: Spring Boot's SSL bundle {@code grpc} on the gRPC port,
 * probes on the plaintext health port.
 */
class TlsKubernetesManifestsTests extends TlsManifestContract {

	@Override
	protected Class<?> application() {
		return SampleApplication.class;
	}

	@Override
	protected List<String> certificateProperties() {
		return List.of("spring.ssl.bundle.pem.grpc.keystore.certificate",
				"spring.ssl.bundle.pem.grpc.keystore.private-key");
	}

	@Override
	protected List<String> serverAddressAndPortProperties() {
		return List.of("spring.grpc.server.address", "spring.grpc.server.port");
	}

	@Override
	protected ApplicationListener<?> mainPortListener(IntConsumer port) {
		return (ApplicationListener<GrpcServerStartedEvent>) (event) -> port.accept(event.getPort());
	}

	@Override
	protected Duration gracePeriod(ConfigurableApplicationContext context) {
		return context.getBean(GrpcServerProperties.class).getShutdown().getGracePeriod();
	}

}
