package io.github.healthgrpc.sample;

import java.time.Duration;
import java.util.List;
import java.util.function.IntConsumer;

import net.devh.boot.grpc.server.config.GrpcServerProperties;
import net.devh.boot.grpc.server.event.GrpcServerStartedEvent;

import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * sample-app/k8s/tls: net.devh's TLS ({@code grpc.server.security.*}) on the gRPC port,
 * probes on the plaintext health port.
 */
class TlsKubernetesManifestsTests extends TlsManifestContract {

	@Override
	protected Class<?> application() {
		return SampleApplication.class;
	}

	@Override
	protected List<String> certificateProperties() {
		return List.of("grpc.server.security.certificate-chain", "grpc.server.security.private-key");
	}

	@Override
	protected List<String> serverAddressAndPortProperties() {
		return List.of("grpc.server.address", "grpc.server.port");
	}

	@Override
	protected ApplicationListener<?> mainPortListener(IntConsumer port) {
		return (ApplicationListener<GrpcServerStartedEvent>) (event) -> port.accept(event.getPort());
	}

	@Override
	protected Duration gracePeriod(ConfigurableApplicationContext context) {
		return context.getBean(GrpcServerProperties.class).getShutdownGracePeriod();
	}

}
