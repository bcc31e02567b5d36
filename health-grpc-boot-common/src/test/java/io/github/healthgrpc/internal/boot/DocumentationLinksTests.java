package io.github.healthgrpc.internal.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every relative link in the README and the pages under {@code docs/} resolves: the file
 * or folder it names exists inside the repository, and an anchor ({@code page.md#anchor}
 * or {@code #anchor}) names a heading of its page by GitHub's rules. The README is short
 * and the reference lives in {@code docs/}, one page per topic, so a page renamed or a
 * heading reworded would otherwise leave links that lead nowhere. External links
 * ({@code https:}, {@code mailto:}) are not fetched: the build has no network.
 */
class DocumentationLinksTests {

	private static final Pattern INLINE_LINK = Pattern
		.compile("!?\\[((?:[^\\[\\]]|\\[[^\\]]*\\])*)\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");

	private static final Pattern REFERENCE_DEFINITION = Pattern
		.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s+.*)?$");

	private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"");

	private static final Pattern ATX_HEADING = Pattern.compile("^ {0,3}#{1,6}(?:\\s+(.*?))?(?:\\s+#+)?\\s*$");

	private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

	private static final Pattern CODE_SPAN = Pattern.compile("(`+)(.+?)\\1");

	private static final Pattern SOURCE_LINE = Pattern.compile("L\\d+(-L\\d+)?");

	@Test
	void everyRelativeLinkOfTheReadmeAndTheDocsResolves() throws IOException {
		Path root = repositoryRoot();
		Result result = check(root);
		assertThat(result.links()).as("links found (is the checker reading the pages?)").isGreaterThan(50);
		assertThat(result.problems()).as("broken links in %s", root).isEmpty();
	}

	@Test
	void everyPageUnderDocsIsLinkedFromTheReadmeOrAnotherPage() throws IOException {
		Path root = repositoryRoot();
		Result result = check(root);
		List<String> orphans;
		try (Stream<Path> pages = Files.list(root.resolve("docs"))) {
			orphans = pages.filter((page) -> page.toString().endsWith(".md"))
				.filter((page) -> !result.linkedFiles().contains(page.normalize()))
				.map((page) -> root.relativize(page).toString())
				.sorted()
				.toList();
		}
		assertThat(orphans).as("pages under docs/ that no page links to").isEmpty();
	}

	@Test
	void brokenFilesAnchorsAndLinksOutOfTheRepositoryAreReported(@TempDir Path root) throws IOException {
		Files.createDirectories(root.resolve(".mvn"));
		Files.createDirectories(root.resolve("docs"));
		Files.createDirectories(root.resolve("src"));
		Files.writeString(root.resolve("src/Main.java"), "class Main {}\n");
		Files.writeString(root.resolve("README.md"), """
				# Project

				[good](docs/page.md#a-heading-with-code-and-punctuation) [good too](#project)
				[source](src/Main.java#L1) ![folder](src/) [web](https://example.com/nowhere.md)
				[gone](docs/missing.md) [bad anchor](docs/page.md#no-such-heading)
				[outside](../elsewhere/README.md) [bad here](#nothing)

				```
				[in a fence](docs/missing-too.md)
				```
				`[in code](docs/missing-three.md)`
				""");
		Files.writeString(root.resolve("docs/page.md"), """
				# Page

				## A heading with `code`, and punctuation!

				[back](../README.md#project) [twice](#page-1)

				## Page
				""");
		Result result = check(root);
		assertThat(result.problems()).hasSize(4)
			.anySatisfy((problem) -> assertThat(problem).contains("docs/missing.md").contains("no such file"))
			.anySatisfy((problem) -> assertThat(problem).contains("#no-such-heading").contains("no heading"))
			.anySatisfy((problem) -> assertThat(problem).contains("../elsewhere/README.md").contains("outside"))
			.anySatisfy((problem) -> assertThat(problem).contains("#nothing").contains("no heading"));
	}

	@Test
	void anchorsFollowGitHubsRules() {
		assertThat(anchors(List.of("# Downstream services' health (the client side)", "## Spring Boot 4.1/4.2",
				"### `grpc.health.client.*`", "#### GrpcHealthNameNotServing", "## 1. Check cost (JMH)", "## Use it",
				"## Use it", "```", "# not a heading", "```", "<a name=\"custom\"></a>")))
			.containsExactlyInAnyOrder("downstream-services-health-the-client-side", "spring-boot-4142",
					"grpchealthclient", "grpchealthnamenotserving", "1-check-cost-jmh", "use-it", "use-it-1", "custom");
	}

	/**
	 * The repository's root: the first folder, from the working directory up, with the
	 * README and the Maven wrapper's {@code .mvn} (Surefire runs in the module's folder).
	 */
	static Path repositoryRoot() {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null) {
			if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve(".mvn"))) {
				return dir;
			}
			dir = dir.getParent();
		}
		throw new IllegalStateException("No folder with README.md and .mvn above " + Path.of("").toAbsolutePath());
	}

	static Result check(Path root) throws IOException {
		Path top = root.toAbsolutePath().normalize();
		List<Path> pages = new ArrayList<>();
		pages.add(top.resolve("README.md"));
		Path docs = top.resolve("docs");
		if (Files.isDirectory(docs)) {
			try (Stream<Path> found = Files.walk(docs)) {
				found.filter((path) -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
			}
		}
		Map<Path, Set<String>> anchorsByPage = new HashMap<>();
		List<String> problems = new ArrayList<>();
		Set<Path> linkedFiles = new TreeSet<>();
		int links = 0;
		for (Path page : pages) {
			List<String> lines = withoutCodeBlocks(Files.readAllLines(page));
			for (int i = 0; i < lines.size(); i++) {
				String line = lines.get(i);
				for (String target : targets(line)) {
					links++;
					String problem = problem(top, page, target, anchorsByPage, linkedFiles);
					if (problem != null) {
						problems.add(top.relativize(page) + ":" + (i + 1) + ": (" + target + ") " + problem);
					}
				}
			}
		}
		return new Result(links, problems, linkedFiles);
	}

	private static List<String> targets(String line) {
		List<String> targets = new ArrayList<>();
		Matcher definition = REFERENCE_DEFINITION.matcher(line);
		if (definition.matches()) {
			targets.add(definition.group(1));
			return targets;
		}
		// the text of a code span is not a link, but a link's text may be a code span
		Matcher matcher = INLINE_LINK.matcher(CODE_SPAN.matcher(line).replaceAll("code"));
		while (matcher.find()) {
			targets.add(matcher.group(2));
		}
		return targets;
	}

	private static String problem(Path root, Path page, String target, Map<Path, Set<String>> anchorsByPage,
			Set<Path> linkedFiles) {
		if (target.isEmpty()) {
			return "an empty link";
		}
		if (SCHEME.matcher(target).find()) {
			return null;
		}
		int hash = target.indexOf('#');
		String file = URLDecoder.decode((hash < 0) ? target : target.substring(0, hash), StandardCharsets.UTF_8);
		String anchor = (hash < 0) ? null : target.substring(hash + 1);
		Path resolved;
		if (file.isEmpty()) {
			resolved = page;
		}
		else {
			resolved = (file.startsWith("/") ? root.resolve(file.substring(1)) : page.getParent().resolve(file))
				.normalize();
		}
		if (!resolved.startsWith(root)) {
			return "leads outside the repository";
		}
		if (!Files.exists(resolved)) {
			return "no such file or folder: " + root.relativize(resolved);
		}
		linkedFiles.add(resolved);
		if (anchor == null) {
			return null;
		}
		if (!resolved.toString().endsWith(".md")) {
			return (Files.isRegularFile(resolved) && SOURCE_LINE.matcher(anchor).matches()) ? null
					: "an anchor on a file that is not a Markdown page";
		}
		Set<String> anchors = anchorsByPage.computeIfAbsent(resolved, DocumentationLinksTests::anchors);
		String wanted = URLDecoder.decode(anchor, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
		return anchors.contains(wanted) ? null : "no heading with that anchor in " + root.relativize(resolved);
	}

	private static Set<String> anchors(Path page) {
		try {
			return anchors(Files.readAllLines(page));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The anchors GitHub gives a page: one per heading (its text in lower case, without
	 * markup and punctuation other than '-' and '_', spaces as '-', a repeated one
	 * suffixed {@code -1}, {@code -2}, ...), and the names of HTML anchors.
	 */
	static Set<String> anchors(List<String> lines) {
		Set<String> anchors = new LinkedHashSet<>();
		Map<String, Integer> seen = new HashMap<>();
		String previous = "";
		for (String line : withoutCodeBlocks(lines)) {
			Matcher html = HTML_ANCHOR.matcher(line);
			while (html.find()) {
				anchors.add(html.group(1).toLowerCase(Locale.ROOT));
			}
			String heading = null;
			Matcher atx = ATX_HEADING.matcher(line);
			if (atx.matches()) {
				heading = (atx.group(1) != null) ? atx.group(1) : "";
			}
			else if (!previous.isBlank() && !previous.stripLeading().startsWith("|")
					&& !previous.stripLeading().startsWith("-") && line.matches("^ {0,3}(=+|-+)\\s*$")) {
				heading = previous.strip();
			}
			if (heading != null) {
				String slug = slug(heading);
				int count = seen.merge(slug, 1, Integer::sum);
				anchors.add((count == 1) ? slug : slug + "-" + (count - 1));
			}
			previous = line;
		}
		return anchors;
	}

	/**
	 * The lines of a page with those of fenced code blocks (fences included) blank, so
	 * that line numbers stay: what is in a code block is neither a link nor a heading.
	 */
	private static List<String> withoutCodeBlocks(List<String> lines) {
		List<String> prose = new ArrayList<>(lines.size());
		String fence = null;
		for (String line : lines) {
			String trimmed = line.stripLeading();
			if (fence == null && (trimmed.startsWith("```") || trimmed.startsWith("~~~"))) {
				fence = trimmed.substring(0, 3);
				prose.add("");
			}
			else if (fence != null) {
				if (trimmed.startsWith(fence)) {
					fence = null;
				}
				prose.add("");
			}
			else {
				prose.add(line);
			}
		}
		return prose;
	}

	private static String slug(String heading) {
		String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replaceAll("<[^>]+>", "");
		return text.strip()
			.toLowerCase(Locale.ROOT)
			.replaceAll("[^\\p{L}\\p{Nd}\\p{Mn}\\p{Pc} -]", "")
			.replace(' ', '-');
	}

	record Result(int links, List<String> problems, Set<Path> linkedFiles) {

	}

}
