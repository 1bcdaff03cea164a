package io.github.voxbridge.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Ours beside libsoxr from one JMH JSON result file ({@code benchmarks/soxr.sh}): one row per rate pair with the
 * AverageTime of {@code ResampleBench.processFloat} (telephony, hq) and of {@code SoxrResampleBench.process} (HQ,
 * VHQ), ns per 20 ms chunk ± JMH's 99.9 % error, and the speed-up of our hq over libsoxr HQ (libsoxr's time over
 * ours: above 1 means ours is faster). A cell the file has no row for is "—"; rows are ordered by output rate, then
 * input rate (the engine rates down to 8 kHz first, then 8 kHz up to 16, 24 and 48 kHz for speech recognition).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.voxbridge.bench.report.SoxrComparisonTable results.json [out.md]
 * </pre>
 */
public final class SoxrComparisonTable {

    private static final String OURS = "ResampleBench.processFloat";
    private static final String SOXR = "SoxrResampleBench.process";
    /** Columns: key of the row's cell, heading. Keys are "ours:" + quality or "soxr:" + recipe. */
    private static final String[][] COLUMNS = {
        {"ours:telephony", "ours telephony"}, {"ours:hq", "ours hq"},
        {"soxr:HQ", "libsoxr HQ"}, {"soxr:VHQ", "libsoxr VHQ"}};

    private SoxrComparisonTable() {
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: SoxrComparisonTable results.json [out.md]");
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
            System.err.println("SoxrComparisonTable: cannot tabulate " + args[0] + ": " + e.getMessage());
            System.exit(2);
        }
    }

    /** A score and its error, ns per operation. */
    private record Score(double score, double error) {
    }

    static String render(JsonNode root) {
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("not a JMH JSON result array");
        }
        // (output rate, input rate) in Hz -> pair text, and pair -> column key -> score.
        Map<List<Integer>, String> pairs = new TreeMap<>(
                Comparator.<List<Integer>>comparingInt(k -> k.get(0)).thenComparingInt(k -> k.get(1)));
        Map<String, Map<String, Score>> cells = new TreeMap<>();
        for (JsonNode r : root) {
            if (!"avgt".equals(r.path("mode").asText())) {
                continue;
            }
            String name = r.path("benchmark").asText();
            JsonNode params = r.path("params");
            String pair = params.path("pair").asText();
            String key;
            if (name.endsWith("." + OURS) && params.has("quality")) {
                key = "ours:" + params.path("quality").asText();
            } else if (name.endsWith("." + SOXR) && params.has("recipe")) {
                key = "soxr:" + params.path("recipe").asText();
            } else {
                continue;
            }
            int inputRate;
            int outputRate;
            try {
                int at = pair.indexOf('>');
                inputRate = Integer.parseInt(pair.substring(0, at));
                outputRate = Integer.parseInt(pair.substring(at + 1));
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                throw new IllegalArgumentException("pair \"" + pair + "\" of " + name + " is not <in>><out>");
            }
            pairs.put(List.of(outputRate, inputRate), pair);
            JsonNode primary = r.path("primaryMetric");
            if (!"ns/op".equals(primary.path("scoreUnit").asText())) {
                throw new IllegalArgumentException(name + " [" + pair + "] is in " + primary.path("scoreUnit").asText()
                        + ", expected ns/op");
            }
            cells.computeIfAbsent(pair, p -> new TreeMap<>())
                    .put(key, new Score(primary.path("score").asDouble(), primary.path("scoreError").asDouble()));
        }
        StringBuilder md = new StringBuilder("| in → out |");
        StringBuilder rule = new StringBuilder("| --- |");
        for (String[] column : COLUMNS) {
            md.append(' ').append(column[1]).append(" |");
            rule.append(" ---: |");
        }
        md.append(" libsoxr HQ / ours hq |\n").append(rule).append(" ---: |\n");
        for (String pair : pairs.values()) {
            Map<String, Score> row = cells.get(pair);
            md.append("| ").append(pair.replace(">", " → ")).append(" |");
            for (String[] column : COLUMNS) {
                Score s = row.get(column[0]);
                md.append(' ').append(s == null ? "—" : cell(s)).append(" |");
            }
            Score ours = row.get("ours:hq");
            Score soxr = row.get("soxr:HQ");
            md.append(' ').append(ours == null || soxr == null
                    ? "—" : String.format(Locale.ROOT, "%.2f", soxr.score() / ours.score())).append(" |\n");
        }
        return md.toString();
    }

    private static String cell(Score s) {
        String score = String.format(Locale.ROOT, "%,.0f", s.score());
        return Double.isNaN(s.error()) ? score : score + String.format(Locale.ROOT, " ± %,.0f", s.error());
    }
}
