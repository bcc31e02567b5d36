package io.github.healthgrpc.benchmarks.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What one scenario measured, written to {@code docs/benchmarks/<scenario>.json}: figures
 * in base units (nanoseconds, bytes, counts) at dotted paths, rows of tables, verdicts
 * ({@code met}, {@code missed}, {@code unresolved}) and the data of its charts. The page
 * and its charts are made from these files alone.
 */
public final class Results {

	static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

	private final ObjectNode root = JSON.createObjectNode();

	/** Names and values in turn, in that order; nulls allowed. */
	public static Map<String, Object> row(Object... namesAndValues) {
		Map<String, Object> row = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			row.put((String) namesAndValues[i], namesAndValues[i + 1]);
		}
		return row;
	}

	/**
	 * Sets a value (number, text, list, map) at a dotted path such as
	 * {@code boot3.stock.cpu}.
	 */
	public Results put(String path, Object value) {
		parent(path).set(path.substring(path.lastIndexOf('.') + 1), JSON.valueToTree(value));
		return this;
	}

	/** Appends a value (a row) to the array at a dotted path. */
	public Results add(String path, Object value) {
		ObjectNode parent = parent(path);
		String name = path.substring(path.lastIndexOf('.') + 1);
		((ArrayNode) (parent.has(name) ? parent.get(name) : parent.putArray(name))).add(JSON.valueToTree(value));
		return this;
	}

	public JsonNode get(String path) {
		return this.root.at("/" + path.replace('.', '/'));
	}

	/** A verdict; one that the run's own spread left open is {@code unresolved}. */
	public Results verdict(String name, boolean met, boolean resolved) {
		return put("verdicts." + name, !resolved ? "unresolved" : met ? "met" : "missed");
	}

	/** A bar chart: a group of bars per category, a bar per series (name to values). */
	public Results bars(String file, String title, String yTitle, boolean logarithmic, List<String> categories,
			Map<String, ?> series) {
		return add("charts", row("file", file, "title", title, "yTitle", yTitle, "log", logarithmic, "categories",
				categories, "series", series));
	}

	public void write(Path file) throws IOException {
		JSON.writeValue(file.toFile(), this.root);
	}

	private ObjectNode parent(String path) {
		ObjectNode node = this.root;
		String[] names = path.split("\\.");
		for (int i = 0; i < names.length - 1; i++) {
			node = node.has(names[i]) ? (ObjectNode) node.get(names[i]) : node.putObject(names[i]);
		}
		return node;
	}

}
