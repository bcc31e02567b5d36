import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Checks what a release publishes, as deployed to a staging repository by .ci/release-check: exactly the
 * published modules, each with its jar, sources jar and javadoc jar, and a POM that stands alone (no parent,
 * no ${...}), says what Maven Central asks for (name, description, url, Apache-2.0 licence, scm, developers)
 * and names the versions its own Spring Boot line was built and tested with.
 * <p>
 * Run with the JDK alone: {@code java .ci/CheckPublishedPoms.java <staging repository> <version>
 * <Spring Boot 3.5 line's Boot version> <its grpc-java version> <Spring Boot 4.1 line's Boot version>
 * <its grpc-java version>}.
 */
public class CheckPublishedPoms {

	private static final String GROUP_PATH = "io/github/healthgrpc";

	private static final Set<String> BOOT_35_LINE = Set.of("health-grpc-core", "health-grpc-boot-common",
			"health-grpc-autoconfigure", "health-grpc-starter");

	private static final Set<String> BOOT_41_LINE = Set.of("health-grpc-boot4-autoconfigure",
			"health-grpc-boot4-starter");

	private final List<String> problems = new ArrayList<>();

	public static void main(String[] args) throws Exception {
		if (args.length != 6) {
			System.err.println("usage: CheckPublishedPoms <staging repository> <version> <boot 3.5> <grpc 3.5>"
					+ " <boot 4.1> <grpc 4.1>");
			System.exit(2);
		}
		CheckPublishedPoms check = new CheckPublishedPoms();
		check.run(Path.of(args[0]), args[1], Map.of("boot", args[2], "grpc", args[3]),
				Map.of("boot", args[4], "grpc", args[5]));
		if (!check.problems.isEmpty()) {
			System.err.println("Published artifacts: " + check.problems.size() + " problem(s)");
			check.problems.forEach((problem) -> System.err.println("  - " + problem));
			System.exit(1);
		}
		System.out.println("Published artifacts: " + (BOOT_35_LINE.size() + BOOT_41_LINE.size())
				+ " modules, each with jar, sources, javadoc and a standalone POM: OK");
	}

	private void run(Path staging, String version, Map<String, String> boot35, Map<String, String> boot41)
			throws Exception {
		Set<String> published = new TreeSet<>(BOOT_35_LINE);
		published.addAll(BOOT_41_LINE);
		Path group = staging.resolve(GROUP_PATH);
		Set<String> deployed;
		try (Stream<Path> dirs = Files.list(group)) {
			deployed = dirs.map((dir) -> dir.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
		}
		if (!deployed.equals(published)) {
			this.problems.add("deployed " + deployed + ", expected exactly " + published
					+ " (parents, samples and benchmarks are not published)");
		}
		for (String artifactId : published) {
			Map<String, String> line = BOOT_35_LINE.contains(artifactId) ? boot35 : boot41;
			checkModule(group.resolve(artifactId).resolve(version), artifactId, version, published, line);
		}
	}

	private void checkModule(Path dir, String artifactId, String version, Set<String> published,
			Map<String, String> line) throws Exception {
		if (!Files.isDirectory(dir)) {
			this.problems.add(artifactId + ": not deployed");
			return;
		}
		Path pom = single(dir, artifactId, ".pom");
		if (pom == null) {
			return;
		}
		String base = pom.getFileName().toString().replaceFirst("\\.pom$", "");
		for (String suffix : List.of(".jar", "-sources.jar", "-javadoc.jar")) {
			if (!Files.isRegularFile(dir.resolve(base + suffix))) {
				this.problems.add(artifactId + ": no " + base + suffix);
			}
		}
		String text = Files.readString(pom);
		if (text.contains("${")) {
			this.problems.add(artifactId + ": the POM still has a ${...} reference");
		}
		Element project = parse(pom).getDocumentElement();
		if (child(project, "parent") != null) {
			this.problems.add(artifactId + ": the POM names a parent");
		}
		for (String element : List.of("groupId", "artifactId", "version", "name", "description", "url")) {
			require(artifactId, project, element);
		}
		Element license = path(project, "licenses", "license");
		if (license == null || !text(license, "name").contains("Apache License, Version 2.0")
				|| !text(license, "url").contains("apache.org/licenses/LICENSE-2.0")) {
			this.problems.add(artifactId + ": no Apache-2.0 licence");
		}
		Element scm = child(project, "scm");
		if (scm == null || text(scm, "url").isEmpty() || text(scm, "connection").isEmpty()) {
			this.problems.add(artifactId + ": no scm url and connection");
		}
		Element developer = path(project, "developers", "developer");
		if (developer == null || text(developer, "name").isEmpty()) {
			this.problems.add(artifactId + ": no developers");
		}
		checkDependencies(artifactId, project, version, published, line);
	}

	private void checkDependencies(String artifactId, Element project, String version, Set<String> published,
			Map<String, String> line) {
		Element dependencies = child(project, "dependencies");
		if (dependencies == null) {
			this.problems.add(artifactId + ": no dependencies");
			return;
		}
		for (Element dependency : children(dependencies, "dependency")) {
			String groupId = text(dependency, "groupId");
			String dependencyId = text(dependency, "artifactId");
			String dependencyVersion = text(dependency, "version");
			String name = groupId + ":" + dependencyId;
			if (dependencyVersion.isEmpty()) {
				this.problems.add(artifactId + ": " + name + " has no version");
			}
			else if (groupId.equals("io.github.healthgrpc")) {
				if (!published.contains(dependencyId) || !dependencyVersion.equals(version)) {
					this.problems.add(artifactId + ": depends on " + name + ":" + dependencyVersion
							+ ", which is not published");
				}
			}
			else if (groupId.equals("org.springframework.boot") && !dependencyVersion.equals(line.get("boot"))) {
				this.problems.add(artifactId + ": " + name + ":" + dependencyVersion + ", but its line is built on "
						+ "Spring Boot " + line.get("boot"));
			}
			else if (groupId.equals("io.grpc") && !dependencyVersion.equals(line.get("grpc"))) {
				this.problems.add(artifactId + ": " + name + ":" + dependencyVersion + ", but its line is built on "
						+ "grpc-java " + line.get("grpc"));
			}
		}
	}

	private Path single(Path dir, String artifactId, String extension) throws IOException {
		List<Path> files;
		try (Stream<Path> list = Files.list(dir)) {
			files = list.filter((file) -> file.getFileName().toString().endsWith(extension)).toList();
		}
		if (files.size() != 1) {
			this.problems.add(artifactId + ": expected one " + extension + " in " + dir + ", found " + files);
			return null;
		}
		return files.get(0);
	}

	private void require(String artifactId, Element project, String element) {
		if (text(project, element).isEmpty()) {
			this.problems.add(artifactId + ": no <" + element + ">");
		}
	}

	private static Document parse(Path pom) throws Exception {
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		return factory.newDocumentBuilder().parse(pom.toFile());
	}

	private static Element path(Element element, String... names) {
		Element current = element;
		for (String name : names) {
			if (current == null) {
				return null;
			}
			current = child(current, name);
		}
		return current;
	}

	private static Element child(Element element, String name) {
		List<Element> children = children(element, name);
		return children.isEmpty() ? null : children.get(0);
	}

	private static List<Element> children(Element element, String name) {
		List<Element> result = new ArrayList<>();
		NodeList nodes = element.getChildNodes();
		for (int i = 0; i < nodes.getLength(); i++) {
			Node node = nodes.item(i);
			if (node instanceof Element child && child.getTagName().equals(name)) {
				result.add(child);
			}
		}
		return result;
	}

	private static String text(Element element, String name) {
		Element child = child(element, name);
		return (child != null) ? child.getTextContent().trim() : "";
	}

}
