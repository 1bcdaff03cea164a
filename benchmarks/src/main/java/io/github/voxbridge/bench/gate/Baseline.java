package io.github.voxbridge.bench.gate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The checked-in expectations the gate judges a run against ({@code benchmarks/baseline.json}). Only quantities
 * that survive a noisy shared machine are stored: ratios of two benchmarks measured in the same run, and which
 * benchmarks must allocate nothing. No absolute time is ever stored or compared.
 *
 * <pre>
 * {
 *   "description": "...",
 *   "tolerance": 0.25,                  // a ratio may fall by this fraction of its expected value (default 0.25)
 *   "allocationThreshold": 1.0,         // B/op above which a zero-allocation benchmark counts as allocating
 *   "ratios": [ {
 *       "name": "mulaw-encode-vs-g191",
 *       "description": "why this ratio matters",          // optional
 *       "numerator":   { "benchmark": "MuLawBench.encodeNaive", "params": { "samples": "8000" } },
 *       "denominator": { "benchmark": "MuLawBench.encode",      "params": { "samples": "8000" }, "mode": "avgt" },
 *       "expected": 19.2,                                   // numerator score / denominator score
 *       "tolerance": 0.4,                                   // optional, overrides the global one
 *       "requires": "libsoxr"                               // optional: not run without it, and not failing
 *   } ],
 *   "zeroAllocation": [ { "benchmark": "MuLawBench.encode", "params": { "samples": "8000" } } ]
 * }
 * </pre>
 * A ratio is {@code numerator.score / denominator.score} in the rows' own unit. Bigger must mean better, so with
 * time-per-operation modes ({@code avgt}, {@code sample}) the numerator is the baseline (the slow reference) and the
 * denominator is our code: the ratio is our speed-up. {@code mode} defaults to {@code avgt}.
 *
 * @param description         free text kept across rewrites
 * @param tolerance           default fraction by which a ratio may fall; {@code null} means 0.25
 * @param allocationThreshold bytes per operation a zero-allocation benchmark may show (JMH's own bookkeeping,
 *                            spread over the operations, shows as a fraction of a byte); {@code null} means 1
 * @param ratios              the ratios to hold
 * @param zeroAllocation      the benchmarks that must not allocate
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Baseline(String description, Double tolerance, Double allocationThreshold, List<RatioEntry> ratios,
                       List<BenchmarkSelector> zeroAllocation) {

    /** The tolerance when neither the command line, the baseline nor the entry names one: 25 %. */
    public static final double DEFAULT_TOLERANCE = 0.25;
    /** The allocation threshold when neither the command line nor the baseline names one: 1 B/op. */
    public static final double DEFAULT_ALLOCATION_THRESHOLD = 1.0;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public Baseline {
        ratios = ratios == null ? List.of() : List.copyOf(ratios);
        zeroAllocation = zeroAllocation == null ? List.of() : List.copyOf(zeroAllocation);
    }

    /**
     * One ratio to hold.
     *
     * @param name        short identifier, unique in the baseline; reports name the ratio by it
     * @param description optional free text
     * @param numerator   the row whose score is divided (the slow reference, for time-per-operation modes)
     * @param denominator the row it is divided by (our code)
     * @param expected    the ratio when the baseline was written
     * @param tolerance   fraction by which this ratio may fall; {@code null} means the global tolerance
     * @param requires    what its benchmarks need that a machine may lack (e.g. {@code "libsoxr"}), or
     *                    {@code null}: a ratio that requires something and whose rows are not in the results is
     *                    {@link Verdict#NOT_RUN}, reported and not failing, where another would be
     *                    {@link Verdict#MISSING}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RatioEntry(String name, String description, BenchmarkSelector numerator,
                             BenchmarkSelector denominator, double expected, Double tolerance, String requires) {

        public RatioEntry {
            Objects.requireNonNull(name, "ratio name");
            Objects.requireNonNull(numerator, "numerator of " + name);
            Objects.requireNonNull(denominator, "denominator of " + name);
        }

        /** This entry with another expected value, everything else kept. */
        public RatioEntry withExpected(double value) {
            return new RatioEntry(name, description, numerator, denominator, value, tolerance, requires);
        }
    }

    /**
     * Reads a baseline file.
     *
     * @throws IOException if it cannot be read or does not have the layout above
     */
    public static Baseline read(Path file) throws IOException {
        try {
            Baseline b = MAPPER.readValue(file.toFile(), Baseline.class);
            if (b == null) {
                throw new IOException("empty file");
            }
            return b;
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot read baseline " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes this baseline as indented JSON, replacing {@code file}. */
    public void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, MAPPER.writeValueAsString(this) + "\n");
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
