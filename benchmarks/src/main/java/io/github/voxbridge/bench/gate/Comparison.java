package io.github.voxbridge.bench.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A JMH run judged against a {@link Baseline}: one {@link Check} per ratio and per zero-allocation benchmark, plus the
 * result rows the baseline does not mention (reported for information: a renamed benchmark shows up as a
 * {@link Verdict#MISSING} check and an unknown row).
 */
public final class Comparison {

    /**
     * One line of the report.
     *
     * @param name     the ratio's name, or the zero-allocation benchmark's
     * @param expected the baseline value as printed
     * @param actual   this run's value as printed ({@code —} when it could not be computed)
     * @param change   relative change, as printed
     * @param verdict  the judgment
     * @param message  why, naming the benchmarks involved; empty for a plain pass
     * @param value    this run's ratio (NaN for allocation checks and when missing), for rewriting the baseline
     */
    public record Check(String name, String expected, String actual, String change, Verdict verdict, String message,
                        double value) {
    }

    private final List<Check> checks;
    /** The baseline's ratios, in the order of the first {@code ratios.size()} checks. */
    private final List<Baseline.RatioEntry> ratios;
    private final List<JmhResult> unknown;
    private final boolean gcProfiled;

    private Comparison(List<Check> checks, List<Baseline.RatioEntry> ratios, List<JmhResult> unknown,
                       boolean gcProfiled) {
        this.checks = List.copyOf(checks);
        this.ratios = List.copyOf(ratios);
        this.unknown = List.copyOf(unknown);
        this.gcProfiled = gcProfiled;
    }

    /**
     * Judges {@code results} against {@code baseline}.
     *
     * @param tolerance           global tolerance overriding the baseline's, or {@code null} to use the baseline's
     * @param allocationThreshold B/op overriding the baseline's, or {@code null}
     */
    public static Comparison judge(Baseline baseline, List<JmhResult> results, Double tolerance,
                                   Double allocationThreshold) {
        double globalTolerance = tolerance != null ? tolerance
                : baseline.tolerance() != null ? baseline.tolerance() : Baseline.DEFAULT_TOLERANCE;
        double threshold = allocationThreshold != null ? allocationThreshold
                : baseline.allocationThreshold() != null ? baseline.allocationThreshold()
                : Baseline.DEFAULT_ALLOCATION_THRESHOLD;
        List<BenchmarkSelector> selectors = new ArrayList<>(baseline.zeroAllocation());
        baseline.ratios().forEach(r -> {
            selectors.add(r.numerator());
            selectors.add(r.denominator());
        });
        List<JmhResult> unknown = results.stream()
                .filter(r -> selectors.stream().noneMatch(s -> s.matches(r)))
                .toList();
        List<Check> checks = new ArrayList<>();
        for (Baseline.RatioEntry entry : baseline.ratios()) {
            double tol = entry.tolerance() != null ? entry.tolerance() : globalTolerance;
            checks.add(ratioCheck(entry, tol, results, unknown));
        }
        for (BenchmarkSelector selector : baseline.zeroAllocation()) {
            checks.add(allocationCheck(selector, threshold, results, unknown));
        }
        boolean gc = results.stream().anyMatch(JmhResult::hasGcProfile);
        return new Comparison(checks, baseline.ratios(), unknown, gc);
    }

    /**
     * A benchmark that disappeared while a row of the same class, mode and params appeared was probably renamed:
     * the hint names such rows, or is empty.
     */
    private static String renameHint(BenchmarkSelector missing, List<JmhResult> unknown) {
        String cls = className(BenchmarkSelector.shortName(missing.benchmark()));
        List<String> candidates = unknown.stream()
                .filter(r -> r.mode().equals(missing.mode())
                        && className(BenchmarkSelector.shortName(r.benchmark())).equals(cls)
                        && r.params().entrySet().containsAll(missing.params().entrySet()))
                .map(JmhResult::displayName)
                .toList();
        return candidates.isEmpty() ? ""
                : " (renamed? the results have " + String.join(", ", candidates) + ", which the baseline does not know)";
    }

    private static String className(String shortName) {
        int dot = shortName.indexOf('.');
        return dot < 0 ? shortName : shortName.substring(0, dot);
    }

    private static Check ratioCheck(Baseline.RatioEntry entry, double tol, List<JmhResult> results,
                                    List<JmhResult> unknown) {
        String expected = formatRatio(entry.expected());
        String formula = entry.numerator().displayName() + " / " + entry.denominator().displayName();
        List<JmhResult> num = entry.numerator().matchesIn(results);
        List<JmhResult> den = entry.denominator().matchesIn(results);
        List<String> missing = new ArrayList<>();
        if (num.isEmpty()) {
            missing.add(entry.numerator().displayName() + renameHint(entry.numerator(), unknown));
        }
        if (den.isEmpty()) {
            missing.add(entry.denominator().displayName() + renameHint(entry.denominator(), unknown));
        }
        if (!missing.isEmpty() && entry.requires() != null) {
            return new Check(entry.name(), expected, "—", "—", Verdict.NOT_RUN,
                    entry.name() + ": not run, it needs " + entry.requires() + ": " + String.join("; ", missing),
                    Double.NaN);
        }
        if (!missing.isEmpty()) {
            return new Check(entry.name(), expected, "—", "—", Verdict.MISSING,
                    entry.name() + ": not in the results (removed, renamed or not run?): "
                            + String.join("; ", missing), Double.NaN);
        }
        if (num.size() > 1 || den.size() > 1) {
            JmhResult[] example = num.size() > 1 ? new JmhResult[] {num.get(0), num.get(1)}
                    : new JmhResult[] {den.get(0), den.get(1)};
            return new Check(entry.name(), expected, "—", "—", Verdict.AMBIGUOUS,
                    entry.name() + ": " + formula + " matches several rows, e.g. " + example[0].displayName()
                            + " and " + example[1].displayName() + "; name the params and mode", Double.NaN);
        }
        JmhResult n = num.get(0);
        JmhResult d = den.get(0);
        if (!n.unit().equals(d.unit()) || !(d.best() > 0) || !(n.best() > 0)) {
            return new Check(entry.name(), expected, "—", "—", Verdict.INVALID,
                    entry.name() + ": cannot divide " + n.displayName() + " (" + n.best() + " " + n.unit()
                            + ") by " + d.displayName() + " (" + d.best() + " " + d.unit() + ")", Double.NaN);
        }
        // Best iteration over best iteration: interference from other work only adds time, so the best iterations
        // of two benchmarks measured minutes apart are far more comparable than their means.
        double ratio = n.best() / d.best();
        double change = (ratio - entry.expected()) / entry.expected();
        Verdict verdict = change < -tol ? Verdict.REGRESSED : change > tol ? Verdict.IMPROVED : Verdict.PASS;
        String message = switch (verdict) {
            case REGRESSED -> String.format(Locale.ROOT,
                    "%s: %s fell from %s to %s (%s, tolerance %.0f %%): %s got slower relative to %s",
                    entry.name(), formula, expected, formatRatio(ratio), formatChange(change), tol * 100,
                    d.displayName(), n.displayName());
            case IMPROVED -> String.format(Locale.ROOT,
                    "%s: %s rose from %s to %s (%s): refresh the baseline if this is intended",
                    entry.name(), formula, expected, formatRatio(ratio), formatChange(change));
            default -> "";
        };
        return new Check(entry.name(), expected, formatRatio(ratio), formatChange(change), verdict, message, ratio);
    }

    private static Check allocationCheck(BenchmarkSelector selector, double threshold, List<JmhResult> results,
                                         List<JmhResult> unknown) {
        String name = selector.displayName() + " B/op";
        String expected = String.format(Locale.ROOT, "0 (≤ %s)", formatBytes(threshold));
        List<JmhResult> rows = selector.matchesIn(results);
        if (rows.isEmpty()) {
            return new Check(name, expected, "—", "—", Verdict.MISSING,
                    selector.displayName() + ": zero-allocation benchmark not in the results"
                            + " (removed, renamed or not run?)" + renameHint(selector, unknown), Double.NaN);
        }
        Verdict verdict = Verdict.PASS;
        double worst = 0;
        JmhResult worstRow = rows.get(0);
        for (JmhResult row : rows) {
            // A selector naming several rows (e.g. every @Param value) holds each of them to zero.
            double bytes = row.hasGcProfile() ? row.allocBytesPerOp() : 0;
            if (bytes > worst) {
                worst = bytes;
                worstRow = row;
            }
        }
        String message = "";
        if (worst > threshold) {
            verdict = Verdict.ALLOCATES;
            message = String.format(Locale.ROOT, "%s: allocates %s B/op (%s = %s, threshold %s B/op)",
                    worstRow.displayName(), formatBytes(worst), JmhResultsReader.ALLOC_NORM, formatBytes(worst),
                    formatBytes(threshold));
        }
        return new Check(name, expected, formatBytes(worst), "—", verdict, message, Double.NaN);
    }

    /** The checks, ratios first, in baseline order. */
    public List<Check> checks() {
        return checks;
    }

    /** Result rows the baseline does not mention. */
    public List<JmhResult> unknown() {
        return unknown;
    }

    /** Whether any row carried {@code -prof gc} metrics; without them the allocation checks mean nothing. */
    public boolean gcProfiled() {
        return gcProfiled;
    }

    /** Whether any check fails the gate. */
    public boolean failed() {
        return checks.stream().anyMatch(c -> c.verdict().fails());
    }

    /**
     * What a second attempt should measure again: a JMH include pattern (a regular expression found in the fully
     * qualified benchmark name) naming the two benchmarks of every {@link Verdict#REGRESSED} ratio, or {@code null}
     * when the run passed or a check failed otherwise (an allocation, a missing, ambiguous or invalid row), which
     * measuring the same code again cannot change.
     */
    public String rerunPattern() {
        if (!failed() || checks.stream().anyMatch(c -> c.verdict().fails() && c.verdict() != Verdict.REGRESSED)) {
            return null;
        }
        Set<String> names = new TreeSet<>();
        for (int i = 0; i < checks.size(); i++) {
            if (checks.get(i).verdict() == Verdict.REGRESSED) {
                Baseline.RatioEntry entry = ratios.get(i);
                names.add(Pattern.quote(entry.numerator().benchmark()));
                names.add(Pattern.quote(entry.denominator().benchmark()));
            }
        }
        return "(^|\\.)(" + String.join("|", names) + ")$";
    }

    /**
     * The parameter values the benchmarks of {@link #rerunPattern()} were selected with, one {@code name=v1,v2} line
     * per parameter in name order (values sorted), so that a second attempt measures the regressed rows and not every
     * value of their parameters (the gate's {@code pair}: five rates where one regressed); empty when there is no
     * rerun pattern or the selectors name no parameter.
     */
    public List<String> rerunParams() {
        if (rerunPattern() == null) {
            return List.of();
        }
        SortedMap<String, Set<String>> values = new TreeMap<>();
        for (int i = 0; i < checks.size(); i++) {
            if (checks.get(i).verdict() == Verdict.REGRESSED) {
                Baseline.RatioEntry entry = ratios.get(i);
                for (BenchmarkSelector side : List.of(entry.numerator(), entry.denominator())) {
                    side.params().forEach((name, value) -> values.computeIfAbsent(name, n -> new TreeSet<>()).add(value));
                }
            }
        }
        List<String> lines = new ArrayList<>();
        values.forEach((name, set) -> lines.add(name + "=" + String.join(",", set)));
        return lines;
    }

    /** The report: a Markdown table of every check, then each failure and each unknown row named on its own line. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("| check | baseline | this run | change | verdict |\n");
        md.append("| --- | ---: | ---: | ---: | --- |\n");
        for (Check c : checks) {
            String verdict = c.verdict().fails() ? "**" + c.verdict() + "**" : c.verdict().toString();
            md.append("| ").append(c.name()).append(" | ").append(c.expected()).append(" | ").append(c.actual())
                    .append(" | ").append(c.change()).append(" | ").append(verdict).append(" |\n");
        }
        List<Check> failures = checks.stream().filter(c -> c.verdict().fails()).toList();
        md.append('\n');
        if (failures.isEmpty()) {
            md.append("Gate passed: ").append(checks.size()).append(" checks.\n");
        } else {
            md.append("Gate FAILED: ").append(failures.size()).append(" of ").append(checks.size())
                    .append(" checks.\n\n");
            for (Check c : failures) {
                md.append("- ").append(c.verdict()).append(": ").append(c.message()).append('\n');
            }
        }
        List<Check> info = checks.stream()
                .filter(c -> c.verdict() == Verdict.IMPROVED || c.verdict() == Verdict.NOT_RUN).toList();
        if (!info.isEmpty()) {
            md.append('\n');
            for (Check c : info) {
                md.append("- info: ").append(c.message()).append('\n');
            }
        }
        if (!unknown.isEmpty()) {
            md.append("\nIn the results but not in the baseline (info):\n\n");
            for (JmhResult r : unknown) {
                md.append("- ").append(r.displayName()).append('\n');
            }
        }
        return md.toString();
    }

    static String formatRatio(double r) {
        if (Double.isNaN(r)) {
            return "—";
        }
        double a = Math.abs(r);
        String f = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f";
        return String.format(Locale.ROOT, f, r);
    }

    static String formatChange(double change) {
        if (Math.abs(change) < 0.0005) {
            change = 0; // no "-0.0 %"
        }
        return String.format(Locale.ROOT, "%+.1f %%", change * 100);
    }

    static String formatBytes(double b) {
        return b == 0 ? "0" : b < 10 ? String.format(Locale.ROOT, "%.3f", b) : String.format(Locale.ROOT, "%.0f", b);
    }
}
