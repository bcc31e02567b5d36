package io.github.healthgrpc.benchmarks.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Renders {@code docs/benchmarks.md} from the template {@code page.md} beside this class
 * and the results {@code docs/benchmarks/*.json}, each under its file's name.
 * {@code {{check.boot3.stock.cpu|time}}} is a value at a dotted path, formatted
 * ({@code count}, {@code ms}, {@code time}, {@code s}, {@code bytes}, {@code ratio},
 * {@code verdict}; an array element by element; "–" where no run wrote it). A line that
 * begins with {@code {{each hang.trials}}} is repeated for each element of that array,
 * whose fields are {@code {{.run}}}. {@code {{summary.missed}}} counts the verdicts.
 */
public final class Page {

	private static final Pattern VALUE = Pattern.compile("\\{\\{([^}|]+)(?:\\|([a-z]+))?}}");

	private static final Pattern EACH = Pattern.compile("^\\{\\{each ([^}]+)}}");

	private Page() {
	}

	/** Every {@code *.json} of a directory, each under its file's name. */
	public static ObjectNode results(Path directory) throws IOException {
		ObjectNode results = Results.JSON.createObjectNode();
		try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.json")) {
			for (Path file : files) {
				results.set(file.getFileName().toString().replace(".json", ""), Results.JSON.readTree(file.toFile()));
			}
		}
		return results;
	}

	public static String render(ObjectNode results) throws IOException {
		List<String> verdicts = new ArrayList<>();
		results.findValues("verdicts").forEach((node) -> node.forEach((verdict) -> verdicts.add(verdict.asText())));
		ObjectNode summary = results.putObject("summary");
		List.of("met", "missed", "unresolved")
			.forEach((v) -> summary.put(v, verdicts.stream().filter(v::equals).count()));
		String template;
		try (InputStream in = Page.class.getResourceAsStream("page.md")) {
			template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		StringBuilder page = new StringBuilder();
		for (String line : template.split("\n")) {
			Matcher each = EACH.matcher(line);
			if (!each.find()) {
				page.append(substitute(line, results, null)).append('\n');
				continue;
			}
			for (JsonNode element : at(results, each.group(1))) {
				page.append(substitute(line.substring(each.end()), results, element)).append('\n');
			}
		}
		return page.toString();
	}

	private static String substitute(String line, JsonNode results, JsonNode element) {
		return VALUE.matcher(line).replaceAll((match) -> {
			String path = match.group(1);
			JsonNode value = path.startsWith(".") ? at(element, path.substring(1)) : at(results, path);
			return Matcher.quoteReplacement(format(value, match.group(2)));
		});
	}

	private static JsonNode at(JsonNode node, String path) {
		return node.at("/" + path.replace('.', '/'));
	}

	static String format(JsonNode value, String format) {
		if (value.isArray()) {
			List<String> elements = new ArrayList<>();
			value.forEach((element) -> elements.add(format(element, format)));
			return String.join(", ", elements);
		}
		if (!value.isNumber()) {
			String text = value.isMissingNode() || value.isNull() || value.asText().equals("NaN") ? "–"
					: value.asText();
			return !"verdict".equals(format) ? text
					: text.equals("missed") ? "**missed**" : text.equals("unresolved") ? "not resolved" : text;
		}
		double v = value.asDouble();
		double abs = Math.abs(v);
		return switch ((format != null) ? format : "") {
			case "count" -> String.format(Locale.ROOT, "%,.0f", v);
			case "time" ->
				(abs < 1e6) ? String.format(Locale.ROOT, (abs < 1e5) ? "%.1f µs" : "%,.0f µs", v / 1e3) : ms(v);
			case "ms" -> ms(v);
			case "s" -> String.format(Locale.ROOT, "%.2f s", v / 1e9);
			case "ratio" -> String.format(Locale.ROOT, "%.2f×", v);
			case "bytes" -> (abs >= 1 << 20) ? String.format(Locale.ROOT, "%.1f MiB", v / (1 << 20)) : (abs >= 10 << 10)
					? String.format(Locale.ROOT, "%.1f KiB", v / (1 << 10)) : String.format(Locale.ROOT, "%,.0f B", v);
			default -> (v == Math.rint(v) || abs >= 100) ? String.format(Locale.ROOT, "%,.0f", v)
					: String.format(Locale.ROOT, "%.3g", v);
		};
	}

	private static String ms(double nanos) {
		double ms = Math.abs(nanos / 1e6);
		return String.format(Locale.ROOT, (ms >= 100) ? "%,.0f ms" : (ms >= 10) ? "%.1f ms" : "%.2f ms", nanos / 1e6);
	}

}
