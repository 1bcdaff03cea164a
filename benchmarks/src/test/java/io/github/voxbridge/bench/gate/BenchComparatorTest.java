package io.github.voxbridge.bench.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparator on fixtures cut from a real gate run ({@code src/test/resources/gate}): the clean run, and the same
 * run with one defect injected each.
 */
class BenchComparatorTest {

    @TempDir
    Path temp;

    /** Exit status and what was printed. */
    record Outcome(int status, String out, String err) {
    }

    private static Path fixture(String name) {
        try {
            return Path.of(BenchComparatorTest.class.getResource("/gate/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = BenchComparator.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Outcome judge(String results, String... options) {
        List<String> args = new ArrayList<>(List.of("--baseline", fixture("baseline.json").toString()));
        args.addAll(List.of(options));
        args.add(fixture(results).toString());
        return run(args.toArray(String[]::new));
    }

    private static Comparison comparison(String results) throws IOException {
        return Comparison.judge(Baseline.read(fixture("baseline.json")), JmhResultsReader.read(fixture(results)),
                null, null);
    }

    private static Comparison.Check check(Comparison c, String name) {
        return c.checks().stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void cleanRunPassesWithATableOfEveryCheck() throws IOException {
        Outcome o = judge("results-clean.json");

        assertThat(o.status()).isEqualTo(BenchComparator.PASSED);
        assertThat(o.out()).startsWith("| check | baseline | this run | change | verdict |")
                .contains("| mulaw-encode-vs-g191 | 20.4 | 20.4 | +0.0 % | PASS |")
                .contains("| media-into-buffer-vs-jackson | 10.4 | 10.4 |")
                .contains("| MuLawBench.encode[samples=8000] B/op | 0 (≤ 1.000) | 0.014 | — | PASS |")
                .contains("Gate passed: 4 checks.")
                .doesNotContain("FAILED");
        assertThat(comparison("results-clean.json").checks()).extracting(Comparison.Check::verdict)
                .containsOnly(Verdict.PASS);
        assertThat(comparison("results-clean.json").unknown()).isEmpty();
    }

    @Test
    void injectedTwofoldSlowdownIsARegressionNamingTheBenchmark() throws IOException {
        Outcome o = judge("results-slowdown.json");

        assertThat(o.status()).isEqualTo(BenchComparator.FAILED);
        assertThat(o.out()).contains("| mulaw-encode-vs-g191 | 20.4 | 10.2 | -50.0 % | **REGRESSED** |")
                .contains("Gate FAILED: 1 of 4 checks.")
                .contains("- REGRESSED: mulaw-encode-vs-g191: MuLawBench.encodeNaive[samples=8000] / "
                        + "MuLawBench.encode[samples=8000] fell from 20.4 to 10.2 (-50.0 %, tolerance 25 %): "
                        + "MuLawBench.encode[samples=8000] avgt got slower relative to "
                        + "MuLawBench.encodeNaive[samples=8000] avgt");
        Comparison c = comparison("results-slowdown.json");
        assertThat(check(c, "mulaw-encode-vs-g191").verdict()).isEqualTo(Verdict.REGRESSED);
        assertThat(check(c, "media-into-buffer-vs-jackson").verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void aLooserToleranceGlobalOrPerEntryLetsTheSlowdownPass() throws IOException {
        assertThat(judge("results-slowdown.json", "--tolerance", "0.6").status()).isEqualTo(BenchComparator.PASSED);

        String perEntry = Files.readString(fixture("baseline.json"))
                .replace("\"expected\" : 20.35", "\"expected\" : 20.35, \"tolerance\" : 0.6");
        Path baseline = temp.resolve("baseline.json");
        Files.writeString(baseline, perEntry);
        Outcome o = run("--baseline", baseline.toString(), fixture("results-slowdown.json").toString());
        assertThat(o.status()).isEqualTo(BenchComparator.PASSED);
        // The per-entry tolerance wins over a stricter global one.
        assertThat(run("--baseline", baseline.toString(), "--tolerance", "0.1",
                fixture("results-slowdown.json").toString()).status()).isEqualTo(BenchComparator.PASSED);
    }

    @Test
    void aRatioThatRoseIsInformationNotFailure() throws IOException {
        Path baseline = temp.resolve("baseline.json");
        Files.writeString(baseline, Files.readString(fixture("baseline.json"))
                .replace("\"expected\" : 20.35", "\"expected\" : 10"));
        Outcome o = run("--baseline", baseline.toString(), fixture("results-clean.json").toString());

        assertThat(o.status()).isEqualTo(BenchComparator.PASSED);
        assertThat(o.out()).contains("| mulaw-encode-vs-g191 | 10.0 | 20.4 | +103.5 % | IMPROVED |")
                .contains("- info: mulaw-encode-vs-g191: ")
                .contains("refresh the baseline if this is intended");
    }

    @Test
    void injectedAllocationFailsTheZeroAllocationCheck() throws IOException {
        Outcome o = judge("results-allocation.json");

        assertThat(o.status()).isEqualTo(BenchComparator.FAILED);
        assertThat(o.out()).contains("| MuLawBench.encode[samples=8000] B/op | 0 (≤ 1.000) | 160 | — | **ALLOCATES** |")
                .contains("- ALLOCATES: MuLawBench.encode[samples=8000] avgt: allocates 160 B/op "
                        + "(gc.alloc.rate.norm = 160, threshold 1.000 B/op)");
        Comparison c = comparison("results-allocation.json");
        assertThat(c.checks()).filteredOn(k -> k.verdict().fails()).extracting(Comparison.Check::verdict)
                .containsExactly(Verdict.ALLOCATES);
        // The time ratio is unaffected: the defect is the allocation alone.
        assertThat(check(c, "mulaw-encode-vs-g191").verdict()).isEqualTo(Verdict.PASS);
        // A threshold above it would let it through: the threshold is what is compared.
        assertThat(judge("results-allocation.json", "--alloc-threshold", "200").status())
                .isEqualTo(BenchComparator.PASSED);
    }

    @Test
    void aMissingAllocationRowCountsAsZero() throws IOException {
        Outcome o = judge("results-no-alloc-row.json");

        assertThat(o.status()).isEqualTo(BenchComparator.PASSED);
        assertThat(o.out()).contains("| FrameBench.mediaIntoBuffer B/op | 0 (≤ 1.000) | 0 | — | PASS |");
    }

    @Test
    void resultsWithoutGcProfilerAreAUsageError() {
        Outcome o = judge("results-no-gc.json");

        assertThat(o.status()).isEqualTo(BenchComparator.USAGE);
        assertThat(o.err()).contains("has no gc.* metrics: run JMH with -prof gc");
        assertThat(o.out()).isEmpty();
    }

    /**
     * A ratio that requires something the machine lacks (libsoxr) and whose rows are not in the results is reported
     * as not run and does not fail the gate; run, it is judged like any other; and it is never written as a baseline
     * without its rows.
     */
    @Test
    void aRatioThatRequiresWhatIsAbsentIsNotRunAndDoesNotFail() throws IOException {
        Baseline fixture = Baseline.read(fixture("baseline.json"));
        List<Baseline.RatioEntry> ratios = new ArrayList<>(fixture.ratios());
        ratios.add(new Baseline.RatioEntry("resample-hq-vs-libsoxr-hq", null,
                new BenchmarkSelector("SoxrResampleBench.process", java.util.Map.of("recipe", "HQ"), null),
                new BenchmarkSelector("MuLawBench.encode", java.util.Map.of("samples", "8000"), null), 1.2, 0.35,
                "libsoxr"));
        Path baseline = temp.resolve("baseline.json");
        new Baseline(fixture.description(), fixture.tolerance(), fixture.allocationThreshold(), ratios,
                fixture.zeroAllocation()).write(baseline);

        Outcome o = run("--baseline", baseline.toString(), fixture("results-clean.json").toString());
        assertThat(o.status()).isEqualTo(BenchComparator.PASSED);
        assertThat(o.out()).contains("| resample-hq-vs-libsoxr-hq | 1.20 | — | — | NOT_RUN |")
                .contains("Gate passed: 5 checks.")
                .contains("- info: resample-hq-vs-libsoxr-hq: not run, it needs libsoxr: "
                        + "SoxrResampleBench.process[recipe=HQ]\n");
        assertThat(Baseline.read(baseline).ratios().get(ratios.size() - 1).requires()).isEqualTo("libsoxr");

        Outcome write = run("--baseline", baseline.toString(), "--write-baseline",
                fixture("results-clean.json").toString());
        assertThat(write.status()).isEqualTo(BenchComparator.USAGE);
        assertThat(write.err()).contains("not run, it needs libsoxr");

        // The same entry without "requires" is a missing benchmark, which fails.
        ratios.set(ratios.size() - 1, new Baseline.RatioEntry("resample-hq-vs-libsoxr-hq", null,
                ratios.get(ratios.size() - 1).numerator(), ratios.get(ratios.size() - 1).denominator(), 1.2, 0.35,
                null));
        new Baseline(fixture.description(), fixture.tolerance(), fixture.allocationThreshold(), ratios,
                fixture.zeroAllocation()).write(baseline);
        assertThat(run("--baseline", baseline.toString(), fixture("results-clean.json").toString()).status())
                .isEqualTo(BenchComparator.FAILED);
    }

    @Test
    void missingBenchmarkFailsAndIsNamed() throws IOException {
        Outcome o = judge("results-missing.json");

        assertThat(o.status()).isEqualTo(BenchComparator.FAILED);
        assertThat(o.out()).contains("| mulaw-encode-vs-g191 | 20.4 | — | — | **MISSING** |")
                .contains("- MISSING: mulaw-encode-vs-g191: not in the results (removed, renamed or not run?): "
                        + "MuLawBench.encodeNaive[samples=8000]\n")
                .doesNotContain("In the results but not in the baseline");
        Comparison c = comparison("results-missing.json");
        assertThat(c.checks()).filteredOn(k -> k.verdict().fails()).hasSize(1);
    }

    @Test
    void renamedBenchmarkIsMissingPlusUnknownWithAHint() throws IOException {
        Outcome o = judge("results-renamed.json");

        assertThat(o.status()).isEqualTo(BenchComparator.FAILED);
        assertThat(o.out())
                .contains("- MISSING: mulaw-encode-vs-g191: not in the results (removed, renamed or not run?): "
                        + "MuLawBench.encode[samples=8000] (renamed? the results have "
                        + "MuLawBench.encodeBulk[samples=8000] avgt, which the baseline does not know)")
                .contains("- MISSING: MuLawBench.encode[samples=8000]: zero-allocation benchmark not in the results")
                .contains("In the results but not in the baseline (info):\n\n- MuLawBench.encodeBulk[samples=8000] avgt\n");
        Comparison c = comparison("results-renamed.json");
        assertThat(c.checks()).filteredOn(k -> k.verdict().fails()).extracting(Comparison.Check::verdict)
                .containsExactly(Verdict.MISSING, Verdict.MISSING);
        assertThat(c.unknown()).extracting(JmhResult::displayName)
                .containsExactly("MuLawBench.encodeBulk[samples=8000] avgt");
    }

    @Test
    void aSelectorMatchingSeveralRowsIsAmbiguous() throws IOException {
        Path baseline = temp.resolve("baseline.json");
        Files.writeString(baseline, Files.readString(fixture("baseline.json"))
                .replace("\"benchmark\" : \"MuLawBench.encodeNaive\", \"params\" : { \"samples\" : \"8000\" }",
                        "\"benchmark\" : \"MuLawBench.encode\""));
        // Without params, "MuLawBench.encode" names one row here; a second row with other params makes it ambiguous.
        String rows = Files.readString(fixture("results-clean.json"));
        int start = rows.indexOf("{", rows.indexOf("["));
        int encode = rows.indexOf("\"io.github.voxbridge.bench.MuLawBench.encode\"");
        int rowStart = rows.lastIndexOf("\n    {", encode) + 1;
        int rowEnd = rows.indexOf("\n    }", encode) + 6;
        String row = rows.substring(rowStart, rowEnd);
        String copy = row.replace("\"samples\": \"8000\"", "\"samples\": \"160\"");
        assertThat(copy).as("the copy has other params than the row").isNotEqualTo(row);
        Path results = temp.resolve("results.json");
        Files.writeString(results, rows.substring(0, start) + copy.strip() + ",\n    " + rows.substring(start));

        Outcome o = run("--baseline", baseline.toString(), results.toString());

        assertThat(o.status()).isEqualTo(BenchComparator.FAILED);
        assertThat(o.out()).contains("**AMBIGUOUS**").contains("name the params and mode");
    }

    @Test
    void writeBaselineStoresThisRunsRatiosAndKeepsEverythingElse() throws IOException {
        Path baseline = temp.resolve("baseline.json");
        Files.copy(fixture("baseline.json"), baseline);

        Outcome write = run("--baseline", baseline.toString(), "--write-baseline",
                fixture("results-slowdown.json").toString());

        assertThat(write.status()).isEqualTo(BenchComparator.PASSED);
        assertThat(write.out()).contains("Wrote 2 ratios to " + baseline);
        Baseline written = Baseline.read(baseline);
        assertThat(written.ratios()).extracting(Baseline.RatioEntry::name)
                .containsExactly("mulaw-encode-vs-g191", "media-into-buffer-vs-jackson");
        assertThat(written.ratios().get(0).expected()).isCloseTo(10.176, org.assertj.core.data.Offset.offset(0.001));
        assertThat(written.zeroAllocation()).hasSize(2);
        assertThat(written.tolerance()).isEqualTo(0.25);
        assertThat(run("--baseline", baseline.toString(), fixture("results-slowdown.json").toString()).status())
                .isEqualTo(BenchComparator.PASSED);
    }

    /**
     * Several result files are one run: the gate runs a second, narrower JMH invocation. The rows missing from the
     * first file (the naive mu-law baseline) come from the second, and the run passes as the whole file does; either
     * file alone fails or is refused.
     */
    @Test
    void severalResultFilesAreJudgedAsOneRun() throws IOException {
        Outcome both = run("--baseline", fixture("baseline.json").toString(),
                fixture("results-missing.json").toString(), fixture("results-missing-part.json").toString());
        Outcome whole = judge("results-clean.json");
        assertThat(both.status()).as(both.err()).isEqualTo(BenchComparator.PASSED);
        assertThat(both.out()).isEqualTo(whole.out());

        assertThat(judge("results-missing.json").status()).isEqualTo(BenchComparator.FAILED);
        Outcome partOnly = judge("results-missing-part.json");
        assertThat(partOnly.status()).isNotEqualTo(BenchComparator.PASSED);
    }

    @Test
    void writeBaselineRefusesWhenABenchmarkIsMissing() throws IOException {
        Path baseline = temp.resolve("baseline.json");
        Files.copy(fixture("baseline.json"), baseline);
        String before = Files.readString(baseline);

        Outcome o = run("--baseline", baseline.toString(), "--write-baseline",
                fixture("results-missing.json").toString());

        assertThat(o.status()).isEqualTo(BenchComparator.USAGE);
        assertThat(o.err()).contains("not writing").contains("MuLawBench.encodeNaive[samples=8000]");
        assertThat(Files.readString(baseline)).isEqualTo(before);
    }

    @Test
    void usageAndInputErrorsExitWithTwoAndSayWhy() throws IOException {
        Outcome none = run();
        assertThat(none.status()).isEqualTo(BenchComparator.USAGE);
        assertThat(none.err()).contains("expected at least one JMH result file, got none").contains("usage:");

        Outcome badOption = run("--tolerance", "lots", "x.json");
        assertThat(badOption.status()).isEqualTo(BenchComparator.USAGE);
        assertThat(badOption.err()).contains("--tolerance needs a non-negative number, got 'lots'");

        Outcome percent = run("--tolerance", "25", "x.json");
        assertThat(percent.status()).isEqualTo(BenchComparator.USAGE);
        assertThat(percent.err()).contains("--tolerance is a fraction below 1 (0.25 = 25 %), got 25");

        Outcome absent = judge("results-clean.json", "--baseline", temp.resolve("nope.json").toString());
        assertThat(absent.status()).isEqualTo(BenchComparator.USAGE);
        assertThat(absent.err()).contains("cannot read baseline").contains("nope.json");

        Path notJmh = temp.resolve("object.json");
        Files.writeString(notJmh, "{\"benchmark\": 1}");
        Outcome wrongShape = run("--baseline", fixture("baseline.json").toString(), notJmh.toString());
        assertThat(wrongShape.status()).isEqualTo(BenchComparator.USAGE);
        assertThat(wrongShape.err()).contains("not a JMH JSON result file").contains("object.json");

        Path truncated = temp.resolve("truncated.json");
        Files.writeString(truncated, Files.readString(fixture("results-clean.json")).substring(0, 500));
        Outcome broken = run("--baseline", fixture("baseline.json").toString(), truncated.toString());
        assertThat(broken.status()).isEqualTo(BenchComparator.USAGE);
        assertThat(broken.err()).contains("cannot read JMH results").contains("truncated.json");
    }

    @Test
    void readerTakesBestIterationAndLowestAllocation() throws IOException {
        JmhResult encode = JmhResultsReader.read(fixture("results-clean.json")).stream()
                .filter(r -> r.benchmark().endsWith(".MuLawBench.encode")).findFirst().orElseThrow();

        assertThat(encode.mode()).isEqualTo("avgt");
        assertThat(encode.unit()).isEqualTo("ns/op");
        assertThat(encode.params()).containsExactly(java.util.Map.entry("samples", "8000"));
        assertThat(encode.best()).isLessThanOrEqualTo(encode.score());
        assertThat(encode.allocBytesPerOp()).isBetween(0.0, 0.1);
        assertThat(encode.displayName()).isEqualTo("MuLawBench.encode[samples=8000] avgt");
    }

    /**
     * The gate's second attempt: the benchmarks of the regressed ratio measured again, judged with the first pass.
     * A row in both files counts once with its better best iteration, so the slowdown of the first pass (the
     * injected one here) no longer decides; the report is then the clean run's.
     */
    @Test
    void aRowMeasuredAgainCountsOnceWithItsBetterBestIteration() throws IOException {
        Outcome again = run("--baseline", fixture("baseline.json").toString(),
                fixture("results-slowdown.json").toString(), fixture("results-clean.json").toString());
        Outcome clean = judge("results-clean.json");

        assertThat(again.status()).as(again.out()).isEqualTo(BenchComparator.PASSED);
        assertThat(again.out()).isEqualTo(clean.out());
        // Either order: the better measurement wins, not the later one.
        Outcome reversed = run("--baseline", fixture("baseline.json").toString(),
                fixture("results-clean.json").toString(), fixture("results-slowdown.json").toString());
        assertThat(reversed.out()).isEqualTo(clean.out());

        List<JmhResult> merged = BenchComparator.mergeRepeats(concat(JmhResultsReader.read(fixture(
                "results-slowdown.json")), JmhResultsReader.read(fixture("results-clean.json"))));
        assertThat(merged).hasSameSizeAs(JmhResultsReader.read(fixture("results-clean.json")));
    }

    /** An allocation seen in one measurement stands, whatever another measurement of the same row saw. */
    @Test
    void aRowMeasuredAgainKeepsTheHighestAllocation() throws IOException {
        for (String[] files : new String[][] {{"results-allocation.json", "results-clean.json"},
                {"results-clean.json", "results-allocation.json"}}) {
            Outcome o = run("--baseline", fixture("baseline.json").toString(), fixture(files[0]).toString(),
                    fixture(files[1]).toString());
            assertThat(o.status()).as(String.join(" + ", files)).isEqualTo(BenchComparator.FAILED);
            assertThat(o.out()).contains("| MuLawBench.encode[samples=8000] B/op | 0 (≤ 1.000) | 160 | — | "
                    + "**ALLOCATES** |");
        }
    }

    /**
     * {@code --rerun-plan}: a run whose only failures are regressed ratios names their benchmarks, as a JMH include
     * pattern that selects exactly them, and the parameter values they were selected with; any other failure, or a
     * pass, leaves no plan (and removes an old one).
     */
    @Test
    void theRerunPlanNamesTheBenchmarksOfRegressedRatiosOnly() throws IOException {
        Path plan = temp.resolve("rerun-plan.txt");

        Outcome slow = judge("results-slowdown.json", "--rerun-plan", plan.toString());
        assertThat(slow.status()).isEqualTo(BenchComparator.FAILED);
        List<String> lines = Files.readAllLines(plan);
        String pattern = lines.get(0);
        // Then the parameter values the regressed ratio's benchmarks were selected with, for the second attempt.
        assertThat(lines).containsExactly(pattern, "samples=8000");
        java.util.regex.Pattern include = java.util.regex.Pattern.compile(pattern);
        // JMH finds the pattern in each fully qualified benchmark name.
        List<String> selected = JmhResultsReader.read(fixture("results-clean.json")).stream()
                .map(JmhResult::benchmark).distinct().filter(name -> include.matcher(name).find()).toList();
        assertThat(selected).containsExactlyInAnyOrder("io.github.voxbridge.bench.MuLawBench.encode",
                "io.github.voxbridge.bench.MuLawBench.encodeNaive");
        assertThat(include.matcher("io.github.voxbridge.bench.MuLawBench.encodeNaiveTwice").find()).isFalse();
        assertThat(include.matcher("io.github.voxbridge.bench.OtherMuLawBench.encode").find()).isFalse();

        Outcome allocation = judge("results-allocation.json", "--rerun-plan", plan.toString());
        assertThat(allocation.status()).isEqualTo(BenchComparator.FAILED);
        assertThat(plan).doesNotExist();

        Files.writeString(plan, "stale\n");
        Outcome missing = judge("results-missing.json", "--rerun-plan", plan.toString());
        assertThat(missing.status()).isEqualTo(BenchComparator.FAILED);
        assertThat(plan).doesNotExist();

        Files.writeString(plan, "stale\n");
        assertThat(judge("results-clean.json", "--rerun-plan", plan.toString()).status())
                .isEqualTo(BenchComparator.PASSED);
        assertThat(plan).doesNotExist();
    }

    /**
     * The plan's parameter lines hold the values of the regressed ratios only: with the gate's five rates, two that
     * regressed are measured again, not the three that held (and each parameter's values once, sorted).
     */
    @Test
    void theRerunPlanNamesTheParameterValuesOfRegressedRatiosOnly() {
        List<Baseline.RatioEntry> ratios = new ArrayList<>();
        List<JmhResult> results = new ArrayList<>();
        for (String pair : List.of("16000>8000", "22050>8000", "24000>8000", "44100>8000", "48000>8000")) {
            BenchmarkSelector soxr = new BenchmarkSelector("SoxrResampleBench.process",
                    java.util.Map.of("pair", pair, "recipe", "HQ"), null);
            BenchmarkSelector ours = new BenchmarkSelector("ResampleBench.processFloat",
                    java.util.Map.of("pair", pair, "quality", "hq"), null);
            ratios.add(new Baseline.RatioEntry("hq-" + pair, null, soxr, ours, 1.5, null, null));
            // 16 and 44.1 kHz fall to 1.0 (a third down, past the 25 % tolerance); the others hold at 1.5.
            double ratio = pair.startsWith("16") || pair.startsWith("44") ? 1.0 : 1.5;
            results.add(new JmhResult("io.github.voxbridge.bench.SoxrResampleBench.process", "avgt",
                    soxr.params(), 1500, 1500, "ns/op", 0));
            results.add(new JmhResult("io.github.voxbridge.bench.ResampleBench.processFloat", "avgt",
                    ours.params(), 1500 / ratio, 1500 / ratio, "ns/op", 0));
        }
        Comparison c = Comparison.judge(new Baseline(null, null, null, ratios, null), results, null, null);

        assertThat(c.failed()).isTrue();
        assertThat(c.rerunParams()).containsExactly("pair=16000>8000,44100>8000", "quality=hq", "recipe=HQ");
    }

    private static List<JmhResult> concat(List<JmhResult> a, List<JmhResult> b) {
        List<JmhResult> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
