package io.github.healthgrpc.boot4.autoconfigure;

import java.util.List;

import io.github.healthgrpc.internal.boot.testing.BootHealthListenerContract;
import io.github.healthgrpc.testing.TestCertificates;

/**
 * The dedicated health listener next to Spring Boot's gRPC server speaking TLS only (an
 * SSL bundle of PEM files).
 */
class HealthListenerIntegrationTests extends BootHealthListenerContract {

	HealthListenerIntegrationTests() {
		super(Boot4Line.INSTANCE);
	}

	@Override
	protected List<String> tlsProperties(TestCertificates certificates) {
		return List.of("spring.grpc.server.ssl.bundle=test",
				"spring.ssl.bundle.pem.test.keystore.certificate=file:" + certificates.certificate(),
				"spring.ssl.bundle.pem.test.keystore.private-key=file:" + certificates.privateKey());
	}

}
