package io.github.voxbridge.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.style.Styler;

/**
 * Plots per-chunk latency percentiles (p50, p99, p99.9) of JMH SampleTime rows as grouped bars, one group per
 * benchmark row (rate pair and preset for {@code ResampleBench}), on a logarithmic microsecond axis.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.voxbridge.bench.report.LatencyPlot \
 *     results.json out.png|out.svg ['regex of benchmarks to include']
 * </pre>
 * The input is a JMH JSON result file ({@code -rf json}) with {@code sample} rows; rows of other modes are ignored.
 * Exit status 2 with a message when the file cannot be read or has no matching SampleTime row.
 */
public final class LatencyPlot {

    private static final String[][] PERCENTILES = {{"50.0", "p50"}, {"99.0", "p99"}, {"99.9", "p99.9"}};

    private LatencyPlot() {
    }

    /** One SampleTime row: its label and its percentiles in microseconds. */
    record Row(String label, double[] micros) {
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: LatencyPlot results.json out.png|out.svg [include-regex]");
            System.exit(2);
        }
        Pattern include = Pattern.compile(args.length == 3 ? args[2] : "ResampleBench\\.processFloat$");
        List<Row> rows;
        try {
            rows = read(Path.of(args[0]), include);
        } catch (IOException e) {
            System.err.println("LatencyPlot: cannot read " + args[0] + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        if (rows.isEmpty()) {
            System.err.println("LatencyPlot: no SampleTime (mode \"sample\") rows matching " + include + " in " + args[0]
                    + "; run JMH with -bm sample (or the benchmarks' default modes) and -rf json");
            System.exit(2);
        }
        CategoryChart chart = chart(rows, "Time per 20 ms chunk, JMH SampleTime percentiles");
        String out = args[1];
        if (out.endsWith(".svg")) {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } else {
            BitmapEncoder.saveBitmap(chart, out.endsWith(".png") ? out.substring(0, out.length() - 4) : out,
                    BitmapEncoder.BitmapFormat.PNG);
        }
        System.out.println("wrote " + out + " (" + rows.size() + " rows)");
    }

    static List<Row> read(Path file, Pattern include) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        List<Row> rows = new ArrayList<>();
        if (root == null || !root.isArray()) {
            throw new IOException("not a JMH JSON result array");
        }
        for (JsonNode r : root) {
            String benchmark = r.path("benchmark").asText();
            if (!"sample".equals(r.path("mode").asText()) || !include.matcher(benchmark).find()) {
                continue;
            }
            JsonNode primary = r.path("primaryMetric");
            double toMicros = switch (primary.path("scoreUnit").asText()) {
                case "ns/op" -> 1e-3;
                case "us/op" -> 1;
                case "ms/op" -> 1e3;
                case "s/op" -> 1e6;
                default -> throw new IOException("unexpected unit " + primary.path("scoreUnit").asText());
            };
            double[] micros = new double[PERCENTILES.length];
            for (int i = 0; i < PERCENTILES.length; i++) {
                micros[i] = primary.path("scorePercentiles").path(PERCENTILES[i][0]).asDouble() * toMicros;
            }
            StringBuilder label = new StringBuilder(benchmark.substring(benchmark.lastIndexOf('.') + 1));
            for (Map.Entry<String, JsonNode> p : r.path("params").properties()) {
                label.append(' ').append(p.getValue().asText());
            }
            rows.add(new Row(label.toString(), micros));
        }
        return rows;
    }

    static CategoryChart chart(List<Row> rows, String title) {
        CategoryChart chart = new CategoryChartBuilder().width(1100).height(560).title(title)
                .xAxisTitle("benchmark, rate pair (Hz), preset").yAxisTitle("µs per 20 ms chunk (log)").build();
        Styler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setYAxisLogarithmic(true);
        // Bars start at the axis minimum, which XChart takes as 0 unless told: not possible on a log axis.
        double lowest = rows.stream().flatMapToDouble(r -> java.util.Arrays.stream(r.micros())).min().orElse(1);
        chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(lowest))));
        chart.getStyler().setXAxisLabelRotation(30);
        List<String> labels = rows.stream().map(Row::label).toList();
        String method = labels.get(0).split(" ", 2)[0] + " ";
        if (labels.stream().allMatch(l -> l.startsWith(method))) {
            labels = labels.stream().map(l -> l.substring(method.length())).toList();
            chart.setTitle(chart.getTitle() + ": " + method.strip());
        }
        for (int p = 0; p < PERCENTILES.length; p++) {
            int i = p;
            chart.addSeries(PERCENTILES[p][1], labels, rows.stream().map(r -> (Number) r.micros()[i]).toList());
        }
        return chart;
    }
}
