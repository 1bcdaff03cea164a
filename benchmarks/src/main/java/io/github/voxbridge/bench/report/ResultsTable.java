package io.github.voxbridge.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A JMH JSON result file ({@code -rf json}) as one Markdown table: benchmark, params, mode, score ± error,
 * {@code gc.alloc.rate.norm} (B/op; 0 when {@code -prof gc} ran but printed no row) and, for SampleTime rows, p50,
 * p99 and p99.9.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.voxbridge.bench.report.ResultsTable results.json [out.md]
 * </pre>
 */
public final class ResultsTable {

    private ResultsTable() {
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: ResultsTable results.json [out.md]");
            System.exit(2);
        }
        try {
            String table = render(new ObjectMapper().readTree(Path.of(args[0]).toFile()));
            if (args.length == 2) {
                Files.writeString(Path.of(args[1]), table);
            } else {
                System.out.print(table);
            }
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            System.err.println("ResultsTable: cannot tabulate " + args[0] + ": " + e.getMessage());
            System.exit(2);
        }
    }

    static String render(JsonNode root) {
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("not a JMH JSON result array");
        }
        StringBuilder md = new StringBuilder();
        md.append("| benchmark | params | mode | score ± error | unit | B/op | p50 | p99 | p99.9 |\n");
        md.append("| --- | --- | --- | ---: | --- | ---: | ---: | ---: | ---: |\n");
        for (JsonNode r : root) {
            String name = r.path("benchmark").asText();
            int method = name.lastIndexOf('.');
            String shortName = name.substring(name.lastIndexOf('.', method - 1) + 1);
            StringJoiner params = new StringJoiner(", ");
            for (Map.Entry<String, JsonNode> p : r.path("params").properties()) {
                params.add(p.getKey() + "=" + p.getValue().asText());
            }
            JsonNode primary = r.path("primaryMetric");
            JsonNode secondary = r.path("secondaryMetrics");
            boolean gc = false;
            for (Iterator<String> it = secondary.fieldNames(); it.hasNext(); ) {
                gc |= it.next().startsWith("gc.");
            }
            JsonNode norm = secondary.path("gc.alloc.rate.norm");
            String bytes = !norm.isMissingNode() ? number(norm.path("score").asDouble()) : gc ? "0" : "—";
            String error = primary.path("scoreError").asText();
            String score = number(primary.path("score").asDouble())
                    + ("NaN".equals(error) ? "" : " ± " + number(primary.path("scoreError").asDouble()));
            boolean sample = "sample".equals(r.path("mode").asText());
            JsonNode pct = primary.path("scorePercentiles");
            md.append("| ").append(shortName).append(" | ").append(params).append(" | ")
                    .append(r.path("mode").asText()).append(" | ").append(score).append(" | ")
                    .append(primary.path("scoreUnit").asText()).append(" | ").append(bytes).append(" | ")
                    .append(sample ? number(pct.path("50.0").asDouble()) : "").append(" | ")
                    .append(sample ? number(pct.path("99.0").asDouble()) : "").append(" | ")
                    .append(sample ? number(pct.path("99.9").asDouble()) : "").append(" |\n");
        }
        return md.toString();
    }

    private static String number(double v) {
        double a = Math.abs(v);
        String f = a >= 1000 ? "%,.0f" : a >= 100 ? "%.1f" : a >= 1 ? "%.2f" : a == 0 ? "%.0f" : "%.3f";
        return String.format(Locale.ROOT, f, v);
    }
}
