package io.github.healthgrpc.benchmarks.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import io.github.healthgrpc.benchmarks.BenchmarkMain;

/**
 * Class paths for child JVMs. Run as {@code java -jar benchmarks.jar}, this JVM's class
 * path is one jar whose manifest names the libraries in {@code lib/}; the application for
 * start-up and shutdown runs is in {@code benchmarks-app.jar} beside it, so that a child
 * can be started with or without health-grpc. Run from an IDE or with classes
 * directories, the entries of {@code java.class.path} are used as they are.
 */
public final class ChildClasspath {

	private ChildClasspath() {
	}

	/** This JVM's own class path, for children that run benchmark code. */
	public static List<String> benchmarks() {
		return Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
	}

	/**
	 * The class path of the benchmark application.
	 * @param withHealthGrpc whether health-grpc's jars (starter, auto-configuration and
	 * core) are on it
	 */
	public static List<String> application(boolean withHealthGrpc) {
		Path self = selfLocation();
		List<String> entries = new ArrayList<>();
		if (Files.isRegularFile(self)) {
			Path appJar = self.resolveSibling(self.getFileName().toString().replace(".jar", "-app.jar"));
			if (!Files.isRegularFile(appJar)) {
				throw new IllegalStateException(
						"Missing " + appJar + ": build with ./mvnw -B -Pbenchmarks -pl benchmarks -am package");
			}
			entries.add(appJar.toString());
			entries.addAll(manifestClassPath(self));
		}
		else {
			entries.addAll(benchmarks());
		}
		if (!withHealthGrpc) {
			entries.removeIf(ChildClasspath::isHealthGrpc);
		}
		return entries;
	}

	private static boolean isHealthGrpc(String entry) {
		String normalized = entry.replace('\\', '/');
		String file = normalized.substring(normalized.lastIndexOf('/', normalized.length() - 2) + 1);
		return file.startsWith("health-grpc-") || normalized.contains("/health-grpc-core/")
				|| normalized.contains("/health-grpc-autoconfigure/") || normalized.contains("/health-grpc-starter/");
	}

	private static Path selfLocation() {
		try {
			return Path.of(BenchmarkMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<String> manifestClassPath(Path jar) {
		try (JarFile file = new JarFile(jar.toFile())) {
			Manifest manifest = file.getManifest();
			String classPath = (manifest != null) ? manifest.getMainAttributes().getValue("Class-Path") : null;
			List<String> entries = new ArrayList<>();
			if (classPath != null) {
				for (String entry : classPath.trim().split("\\s+")) {
					entries.add(jar.resolveSibling(entry).toString());
				}
			}
			return entries;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
