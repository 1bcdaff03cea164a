package io.github.voxbridge.bench.gate;

import java.util.Map;
import java.util.TreeMap;

/**
 * One row of a JMH JSON result file ({@code -rf json}): one benchmark method, in one mode, with one set of
 * {@code @Param} values.
 *
 * @param benchmark      the fully qualified method, e.g. {@code io.github.voxbridge.bench.MuLawBench.encode}
 * @param mode           JMH's short mode name: {@code avgt}, {@code sample}, {@code thrpt}, {@code ss}
 * @param params         the {@code @Param} values, sorted by name; empty when the benchmark has none
 * @param score          the primary metric's score (the mean of the measurement iterations), in {@code unit}
 * @param best           the best measurement iteration, in {@code unit}: the fastest (lowest time per operation, or
 *                       highest throughput); {@code score} when the file has no per-iteration data
 * @param unit           the primary metric's unit, e.g. {@code ns/op}
 * @param allocBytesPerOp {@code gc.alloc.rate.norm} in bytes per operation, of the measurement iteration that
 *                       allocated least (see {@link JmhResultsReader}); 0 when the row has {@code -prof gc}
 *                       metrics but JMH printed no {@code gc.alloc.rate.norm} (it may omit a zero), NaN when the
 *                       row has no {@code gc.*} metric at all
 */
public record JmhResult(String benchmark, String mode, Map<String, String> params, double score, double best, String unit,
                        double allocBytesPerOp) {

    public JmhResult {
        params = Map.copyOf(params);
    }

    /** Whether the run that produced this row had {@code -prof gc}. */
    public boolean hasGcProfile() {
        return !Double.isNaN(allocBytesPerOp);
    }

    /** {@code Class.method[p=v, ...] mode}, the package left out: how reports name a row. */
    public String displayName() {
        return BenchmarkSelector.shortName(benchmark) + BenchmarkSelector.paramsSuffix(new TreeMap<>(params))
                + " " + mode;
    }
}
