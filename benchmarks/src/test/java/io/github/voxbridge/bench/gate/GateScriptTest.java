package io.github.voxbridge.bench.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code benchmarks/gate.sh --rerun-failed} when there is nothing to measure again: it fails at once, before building
 * or running anything, and says why. (Its measuring path runs JMH for a minute; it is exercised by hand and by CI
 * after a failed pass, see benchmarks/README.md, "The regression gate".)
 */
class GateScriptTest {

    @TempDir
    Path out;

    /** Exit status and standard error. */
    record Outcome(int status, String err) {
    }

    private Outcome rerun() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "gate.sh", "--rerun-failed")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("GATE_OUT", out.toString());
        // Were the script to get past its check, it would not build the jar either (it must not get there).
        builder.environment().put("VOXBRIDGE_SKIP_BUILD", "1");
        Process process = builder.start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Outcome(process.exitValue(), err);
    }

    @Test
    void withoutAFailedPassThereIsNothingToMeasureAgain() throws Exception {
        Outcome o = rerun();

        assertThat(o.status()).isEqualTo(BenchComparator.FAILED);
        assertThat(o.err()).contains("gate: --rerun-failed: nothing to measure again")
                .contains(out.toString()).contains("gate-report.md");
    }

    /** A pass that failed on an allocation (or a missing row) leaves results but no plan: no second attempt. */
    @Test
    void aFailedPassWithoutAPlanIsNotMeasuredAgain() throws Exception {
        Files.writeString(out.resolve("gate-results.json"), "[]");
        Files.writeString(out.resolve("gate-results-rates.json"), "[]");
        Files.writeString(out.resolve("gate-results-scalar.json"), "[]");

        Outcome o = rerun();

        assertThat(o.status()).isEqualTo(BenchComparator.FAILED);
        assertThat(o.err()).contains("nothing to measure again");
        assertThat(out.resolve("gate-results-rerun.json")).doesNotExist();
    }
}
