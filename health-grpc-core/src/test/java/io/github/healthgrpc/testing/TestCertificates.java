package io.github.healthgrpc.testing;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

import io.grpc.ChannelCredentials;
import io.grpc.TlsChannelCredentials;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed server certificate for 127.0.0.1 and localhost, made for one test and
 * written as PEM files into a directory of the test's own: no key material is committed.
 * Clients trust exactly this certificate.
 *
 * @param certificate the PEM certificate chain (one certificate)
 * @param privateKey the PEM private key (PKCS#8)
 */
public record TestCertificates(Path certificate, Path privateKey) {

	/**
	 * Generates a key pair and a certificate valid for a day, and writes them into the
	 * directory.
	 * @param directory where to write {@code server.crt} and {@code server.key}
	 * @return the files
	 */
	public static TestCertificates generate(Path directory) throws IOException {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			KeyPair keys = generator.generateKeyPair();
			X500Name subject = new X500Name("CN=localhost");
			Instant now = Instant.now();
			X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
					BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofHours(1))),
					Date.from(now.plus(Duration.ofDays(1))), subject, keys.getPublic());
			builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
					new GeneralName(GeneralName.dNSName, "localhost"),
					new GeneralName(GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress()) }));
			X509Certificate certificate = new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
			Path certificateFile = directory.resolve("server.crt");
			Path keyFile = directory.resolve("server.key");
			Files.writeString(certificateFile, pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII);
			Files.writeString(keyFile, pem("PRIVATE KEY", keys.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
			return new TestCertificates(certificateFile, keyFile);
		}
		catch (GeneralSecurityException | OperatorCreationException ex) {
			throw new IllegalStateException("Cannot generate a test certificate", ex);
		}
	}

	/** Credentials of a TLS client that trusts this certificate alone. */
	public ChannelCredentials clientCredentials() throws IOException {
		return TlsChannelCredentials.newBuilder().trustManager(this.certificate.toFile()).build();
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
				+ "\n-----END " + type + "-----\n";
	}

}
