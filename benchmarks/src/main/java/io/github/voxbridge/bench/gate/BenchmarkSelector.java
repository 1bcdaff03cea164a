package io.github.voxbridge.bench.gate;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Names one row of a JMH result in the baseline: a benchmark method, the {@code @Param} values that pick one of its
 * rows, and the mode.
 *
 * @param benchmark the method, fully qualified or with a package prefix left out ({@code MuLawBench.encode}
 *                  matches {@code io.github.voxbridge.bench.MuLawBench.encode})
 * @param params    {@code @Param} values a row must have; parameters not listed may take any value, but then more
 *                  than one row may match, which the comparator reports as ambiguous
 * @param mode      JMH's short mode name; {@code avgt} when the baseline leaves it out
 */
public record BenchmarkSelector(String benchmark, Map<String, String> params, String mode) {

    /** The mode a selector means when the baseline does not say. */
    public static final String DEFAULT_MODE = "avgt";

    public BenchmarkSelector {
        Objects.requireNonNull(benchmark, "benchmark");
        params = params == null ? Map.of() : Map.copyOf(params);
        mode = mode == null ? DEFAULT_MODE : mode;
    }

    /** Whether {@code result} is a row this selector names. */
    public boolean matches(JmhResult result) {
        if (!result.mode().equals(mode)) {
            return false;
        }
        String name = result.benchmark();
        if (!name.equals(benchmark) && !name.endsWith("." + benchmark)) {
            return false;
        }
        for (Map.Entry<String, String> p : params.entrySet()) {
            if (!p.getValue().equals(result.params().get(p.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** The rows of {@code results} this selector names. */
    public List<JmhResult> matchesIn(List<JmhResult> results) {
        return results.stream().filter(this::matches).toList();
    }

    /** {@code Class.method[p=v, ...]}, plus the mode when it is not {@value #DEFAULT_MODE}. */
    public String displayName() {
        String mode = this.mode.equals(DEFAULT_MODE) ? "" : " " + this.mode;
        return shortName(benchmark) + paramsSuffix(new TreeMap<>(params)) + mode;
    }

    /** The last two dot-separated parts of a benchmark name: {@code Class.method}. */
    static String shortName(String benchmark) {
        int method = benchmark.lastIndexOf('.');
        int cls = method <= 0 ? -1 : benchmark.lastIndexOf('.', method - 1);
        return benchmark.substring(cls + 1);
    }

    static String paramsSuffix(TreeMap<String, String> params) {
        if (params.isEmpty()) {
            return "";
        }
        StringJoiner joined = new StringJoiner(", ", "[", "]");
        params.forEach((k, v) -> joined.add(k + "=" + v));
        return joined.toString();
    }
}
