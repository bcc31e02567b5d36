package io.github.healthgrpc.autoconfigure;

import java.util.List;

import io.github.healthgrpc.internal.boot.testing.BootHealthListenerContract;
import io.github.healthgrpc.testing.TestCertificates;

/**
 * The dedicated health listener next to a net.devh server that speaks TLS only
 * ({@code grpc.server.security.*}).
 */
class HealthListenerIntegrationTests extends BootHealthListenerContract {

	HealthListenerIntegrationTests() {
		super(Boot35Line.INSTANCE);
	}

	@Override
	protected List<String> tlsProperties(TestCertificates certificates) {
		return List.of("grpc.server.security.enabled=true",
				"grpc.server.security.certificate-chain=file:" + certificates.certificate(),
				"grpc.server.security.private-key=file:" + certificates.privateKey());
	}

}
