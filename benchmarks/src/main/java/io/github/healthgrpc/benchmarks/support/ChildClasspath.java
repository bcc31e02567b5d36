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
 * directories, the entries of {@code java.class.path} are used as they are. The Spring
 * Boot 4.1 application has a module of its own, {@code benchmarks-boot4-app}, which
 * writes its class path to a file.
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
				throw new IllegalStateException("Missing " + appJar + ": build with " + BenchmarkMain.BUILD);
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

	/**
	 * The class path of the Spring Boot 4.1 benchmark application, as its module wrote it
	 * at package time ({@code benchmarks-boot4-app/target/classpath.txt}, beside this
	 * module in the repository).
	 * @param withHealthGrpc whether health-grpc's jars (the Boot 4.1 starter, its
	 * auto-configuration, the shared Boot module and the core) are on it; without them,
	 * Spring Boot's own health service is on
	 */
	public static List<String> boot4Application(boolean withHealthGrpc) {
		Path target = boot4Target();
		List<String> entries = new ArrayList<>();
		entries.add(target.resolve("benchmarks-boot4-app.jar").toString());
		try {
			String written = Files.readString(target.resolve("classpath.txt")).trim();
			for (String entry : written.split(":")) {
				if (!entry.isBlank()) {
					entries.add(target.resolve(entry.trim()).toString());
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		if (!withHealthGrpc) {
			entries.removeIf(ChildClasspath::isHealthGrpc);
		}
		return entries;
	}

	/**
	 * benchmarks-boot4-app/target of the repository that this module is in (found from
	 * this jar or classes directory upwards).
	 */
	private static Path boot4Target() {
		for (Path dir = selfLocation().toAbsolutePath(); dir != null; dir = dir.getParent()) {
			Path target = dir.resolve("benchmarks-boot4-app").resolve("target");
			if (Files.isRegularFile(target.resolve("classpath.txt"))
					&& Files.isRegularFile(target.resolve("benchmarks-boot4-app.jar"))) {
				return target;
			}
		}
		throw new IllegalStateException("Missing benchmarks-boot4-app/target/classpath.txt or its jar beside "
				+ selfLocation() + ": build with " + BenchmarkMain.BUILD);
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
