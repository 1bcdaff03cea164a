package io.github.voxbridge.bench.gate;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The regression gate's judge: compares a JMH JSON result file with {@code benchmarks/baseline.json} and fails when a
 * same-run ratio fell by more than its tolerance or a zero-allocation benchmark allocated. Absolute times are never
 * compared: on a shared machine they move by tens of percent from run to run, ratios measured in one run much less.
 * A ratio divides the best (fastest) measurement iteration of one benchmark by that of the other: load from other
 * processes only ever adds time, so best iterations are the least disturbed estimate of each.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.github.voxbridge.bench.gate.BenchComparator \
 *     [--baseline benchmarks/baseline.json] [--tolerance 0.25] [--alloc-threshold 1.0] \
 *     [--markdown-out report.md] [--rerun-plan plan.txt] [--write-baseline] results.json [more-results.json ...]
 * </pre>
 * Several result files are judged as one run (the gate runs a second, narrower JMH invocation for pairs whose other
 * benchmarks it does not need). A row that is in several files (the same benchmark, mode and params: the gate's second
 * attempt measures the benchmarks of a regressed ratio again) counts once, with its best iteration over all of them
 * and the highest of their B/op ({@link #mergeRepeats}).
 * {@code --rerun-plan FILE}: when the only failures are {@link Verdict#REGRESSED} ratios, writes FILE with the JMH
 * include pattern of their benchmarks (first line), then one {@code name=v1,v2} line per parameter their selectors
 * name (the values to measure them at: {@link Comparison#rerunParams}), which a second attempt measures again;
 * otherwise (a pass, or a
 * failure that measuring again cannot change: an allocation, a missing or ambiguous row) deletes FILE.
 * Exit status: 0 when every check passes, 1 when one fails, 2 on a usage or I/O error (message on standard error).
 * {@code --write-baseline} replaces every ratio's expected value in the baseline by this run's, keeping names,
 * selectors and tolerances, and refuses (status 2) when a benchmark of the baseline is not in the results.
 */
public final class BenchComparator {

    /** Exit status: every check passed. */
    public static final int PASSED = 0;
    /** Exit status: at least one check failed. */
    public static final int FAILED = 1;
    /** Exit status: bad arguments or unreadable files. */
    public static final int USAGE = 2;

    static final String USAGE_TEXT = """
            usage: BenchComparator [--baseline FILE] [--tolerance FRACTION] [--alloc-threshold BYTES]
                                   [--markdown-out FILE] [--rerun-plan FILE] [--write-baseline]
                                   RESULTS.json [RESULTS.json ...]
              RESULTS.json        JMH results written with -rf json (and -prof gc for the allocation checks);
                                  several files are judged as one run; a row in several counts once, with its
                                  best iteration over all of them and the highest of their B/op
              --baseline FILE     expectations (default benchmarks/baseline.json)
              --tolerance F       fraction a ratio may fall, overriding the baseline's global value (0.25 = 25 %);
                                  per-ratio tolerances in the baseline still win
              --alloc-threshold B B/op above which a zero-allocation benchmark fails (default: baseline's, or 1)
              --markdown-out FILE also write the report there
              --rerun-plan FILE   when only ratios regressed, write the JMH include pattern of their benchmarks
                                  there, then a name=v1,v2 line per parameter they were selected with (to
                                  measure them again); otherwise delete FILE
              --write-baseline    store this run's ratios as the new expected values (on purpose only)
            exit status: 0 pass, 1 regression, 2 usage or I/O error""";

    private BenchComparator() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** {@link #main} without the exit: returns the status, for tests. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path baselineFile = Path.of("benchmarks", "baseline.json");
        Double tolerance = null;
        Double threshold = null;
        Path markdownOut = null;
        Path rerunPlan = null;
        boolean writeBaseline = false;
        List<String> positional = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--baseline" -> baselineFile = Path.of(value(args, ++i, "--baseline"));
                    case "--tolerance" -> {
                        tolerance = fraction(value(args, ++i, "--tolerance"), "--tolerance");
                        if (tolerance >= 1) {
                            throw new IllegalArgumentException("--tolerance is a fraction below 1 (0.25 = 25 %), got "
                                    + args[i]);
                        }
                    }
                    case "--alloc-threshold" ->
                            threshold = fraction(value(args, ++i, "--alloc-threshold"), "--alloc-threshold");
                    case "--markdown-out" -> markdownOut = Path.of(value(args, ++i, "--markdown-out"));
                    case "--rerun-plan" -> rerunPlan = Path.of(value(args, ++i, "--rerun-plan"));
                    case "--write-baseline" -> writeBaseline = true;
                    case "-h", "--help" -> {
                        out.println(USAGE_TEXT);
                        return PASSED;
                    }
                    default -> {
                        if (args[i].startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + args[i]);
                        }
                        positional.add(args[i]);
                    }
                }
            }
            if (positional.isEmpty()) {
                throw new IllegalArgumentException("expected at least one JMH result file, got none");
            }
        } catch (IllegalArgumentException e) {
            err.println("BenchComparator: " + e.getMessage());
            err.println(USAGE_TEXT);
            return USAGE;
        }
        try {
            List<JmhResult> results = new ArrayList<>();
            for (String file : positional) {
                List<JmhResult> read = JmhResultsReader.read(Path.of(file));
                if (read.isEmpty()) {
                    err.println("BenchComparator: no benchmark results in " + file);
                    return USAGE;
                }
                results.addAll(read);
            }
            results = mergeRepeats(results);
            Baseline baseline = Baseline.read(baselineFile);
            Comparison comparison = Comparison.judge(baseline, results, tolerance, threshold);
            if (!comparison.gcProfiled() && !baseline.zeroAllocation().isEmpty()) {
                err.println("BenchComparator: " + String.join(", ", positional) + " has no gc.* metrics: run JMH"
                        + " with -prof gc, or the allocation checks would pass without measuring anything");
                return USAGE;
            }
            String report = comparison.markdown();
            out.print(report);
            if (markdownOut != null) {
                Files.writeString(markdownOut, report);
            }
            if (writeBaseline) {
                return rewrite(baseline, comparison, baselineFile, out, err);
            }
            if (rerunPlan != null) {
                String pattern = comparison.rerunPattern();
                if (pattern == null) {
                    Files.deleteIfExists(rerunPlan);
                } else {
                    List<String> lines = new ArrayList<>();
                    lines.add(pattern);
                    lines.addAll(comparison.rerunParams());
                    Files.writeString(rerunPlan, String.join("\n", lines) + "\n");
                }
            }
            return comparison.failed() ? FAILED : PASSED;
        } catch (IOException e) {
            err.println("BenchComparator: " + e.getMessage());
            return USAGE;
        }
    }

    /**
     * The rows of several result files as one run: a row that appears more than once (same benchmark, mode and
     * params) is kept once, where it first appeared, with the best of its best iterations (the lowest time, or the
     * highest throughput in {@code thrpt} mode), that iteration's file's score and unit, and the highest of its B/op:
     * measuring again may show that a slow pass was a disturbed one, but an allocation seen in one measurement is
     * not undone by another that did not see it.
     */
    static List<JmhResult> mergeRepeats(List<JmhResult> results) {
        Map<String, JmhResult> merged = new LinkedHashMap<>();
        for (JmhResult row : results) {
            String key = row.benchmark() + " " + row.mode() + " " + new TreeMap<>(row.params());
            merged.merge(key, row, (first, again) -> {
                boolean higherIsBetter = first.mode().equals("thrpt");
                boolean againBetter = higherIsBetter ? again.best() > first.best() : again.best() < first.best();
                JmhResult better = againBetter ? again : first;
                double alloc = Double.isNaN(first.allocBytesPerOp()) ? again.allocBytesPerOp()
                        : Double.isNaN(again.allocBytesPerOp()) ? first.allocBytesPerOp()
                        : Math.max(first.allocBytesPerOp(), again.allocBytesPerOp());
                return new JmhResult(first.benchmark(), first.mode(), first.params(), better.score(), better.best(),
                        better.unit(), alloc);
            });
        }
        return List.copyOf(merged.values());
    }

    private static int rewrite(Baseline baseline, Comparison comparison, Path file, PrintStream out, PrintStream err)
            throws IOException {
        List<Baseline.RatioEntry> updated = new ArrayList<>();
        List<Comparison.Check> ratioChecks = comparison.checks().subList(0, baseline.ratios().size());
        for (int i = 0; i < baseline.ratios().size(); i++) {
            Comparison.Check check = ratioChecks.get(i);
            if (Double.isNaN(check.value())) {
                err.println("BenchComparator: not writing " + file + ": " + check.message());
                return USAGE;
            }
            updated.add(baseline.ratios().get(i).withExpected(Math.round(check.value() * 1000) / 1000.0));
        }
        new Baseline(baseline.description(), baseline.tolerance(), baseline.allocationThreshold(), updated,
                baseline.zeroAllocation()).write(file);
        out.println("\nWrote " + updated.size() + " ratios to " + file + " (zero-allocation list kept as it was).");
        if (comparison.checks().stream().anyMatch(c -> c.verdict() == Verdict.ALLOCATES)) {
            err.println("BenchComparator: warning: a zero-allocation benchmark allocated in this run; the baseline"
                    + " still requires it not to");
        }
        return PASSED;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static double fraction(String text, String option) {
        try {
            double v = Double.parseDouble(text);
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a non-negative number, got '" + text + "'");
        }
    }
}
