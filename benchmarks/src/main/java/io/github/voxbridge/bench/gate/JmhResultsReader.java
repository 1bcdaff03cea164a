package io.github.voxbridge.bench.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON file JMH writes with {@code -rf json}: an array of objects with {@code benchmark}, {@code mode},
 * {@code params}, {@code primaryMetric {score, scoreUnit}} and {@code secondaryMetrics}, where {@code -prof gc}
 * puts {@code gc.alloc.rate.norm} (bytes per operation), {@code gc.alloc.rate}, {@code gc.count} and
 * {@code gc.time}. Everything else in the file is ignored.
 */
public final class JmhResultsReader {

    /** The {@code -prof gc} metric the allocation check reads, in bytes per operation. */
    public static final String ALLOC_NORM = "gc.alloc.rate.norm";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JmhResultsReader() {
    }

    /**
     * The rows of a JMH JSON result file, in file order.
     *
     * @throws IOException if the file cannot be read or is not a JMH JSON result array
     */
    public static List<JmhResult> read(Path file) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException("cannot read JMH results " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new IOException("not a JMH JSON result file (expected a JSON array, as written by -rf json): "
                    + file);
        }
        List<JmhResult> results = new ArrayList<>();
        int index = 0;
        for (JsonNode row : root) {
            results.add(parseRow(row, file, index++));
        }
        return results;
    }

    private static JmhResult parseRow(JsonNode row, Path file, int index) throws IOException {
        JsonNode benchmark = row.get("benchmark");
        JsonNode mode = row.get("mode");
        JsonNode primary = row.get("primaryMetric");
        if (benchmark == null || mode == null || primary == null || primary.get("score") == null) {
            throw new IOException("JMH result #" + index + " in " + file
                    + " lacks benchmark, mode or primaryMetric.score");
        }
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode p = row.get("params");
        if (p != null) {
            for (Map.Entry<String, JsonNode> e : p.properties()) {
                params.put(e.getKey(), e.getValue().asText());
            }
        }
        double alloc = Double.NaN;
        JsonNode secondary = row.get("secondaryMetrics");
        if (secondary != null) {
            for (Iterator<String> it = secondary.fieldNames(); it.hasNext(); ) {
                if (it.next().startsWith("gc.")) {
                    alloc = 0; // -prof gc ran; a missing gc.alloc.rate.norm means JMH left out a zero
                    break;
                }
            }
            JsonNode norm = secondary.get(ALLOC_NORM);
            if (norm != null && norm.get("score") != null) {
                alloc = lowestIteration(norm);
            }
        }
        String unit = primary.get("scoreUnit") == null ? "" : primary.get("scoreUnit").asText();
        double score = primary.get("score").asDouble();
        return new JmhResult(benchmark.asText(), mode.asText(), params, score, best(primary, unit, score), unit,
                alloc);
    }

    /**
     * The lowest per-iteration value of a secondary metric, or its score when there is no raw data. For
     * {@value #ALLOC_NORM}: an allocation in the code under test happens in every iteration, while an iteration that
     * still ran the Vector API kernels before C2 compiled them (boxing every vector) allocates only then; the
     * lowest iteration tells the two apart.
     */
    private static double lowestIteration(JsonNode metric) {
        double lowest = Double.NaN;
        JsonNode raw = metric.get("rawData");
        if (raw != null) {
            for (JsonNode fork : raw) {
                for (JsonNode iteration : fork) {
                    double v = iteration.asDouble();
                    if (Double.isNaN(lowest) || v < lowest) {
                        lowest = v;
                    }
                }
            }
        }
        return Double.isNaN(lowest) ? metric.get("score").asDouble() : lowest;
    }

    /**
     * The fastest measurement iteration of all forks ({@code primaryMetric.rawData}, one array of iteration scores
     * per fork): the least disturbed by other work on a shared machine, since interference only ever slows a
     * benchmark down. {@code score} when there is no raw data (SampleTime rows keep a histogram instead).
     */
    private static double best(JsonNode primary, String unit, double score) {
        JsonNode raw = primary.get("rawData");
        boolean throughput = unit.startsWith("ops/");
        double best = Double.NaN;
        if (raw != null) {
            for (JsonNode fork : raw) {
                for (JsonNode iteration : fork) {
                    double v = iteration.asDouble();
                    if (Double.isNaN(best) || (throughput ? v > best : v < best)) {
                        best = v;
                    }
                }
            }
        }
        return Double.isNaN(best) ? score : best;
    }
}
