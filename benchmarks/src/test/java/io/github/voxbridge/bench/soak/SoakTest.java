package io.github.voxbridge.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The soak harness runs end to end and reports what it promises; no timing is asserted. */
class SoakTest {

    @Test
    void aShortRunReportsFramesLatencyGcAndCallsPerCore() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new Soak().run(Soak.Options.parse(new String[] {"--calls", "4", "--threads", "2", "--seconds", "0.3",
                "--warmup", "0.1"}), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String report = bytes.toString(StandardCharsets.UTF_8);

        assertThat(report).contains("Soak: 4 calls on 2 threads")
                .containsPattern("chunks [0-9,]+, frames [0-9,]+")
                .contains("per-chunk (= per-frame) time, µs: p50 ")
                .contains("GC in the window: ")
                .containsPattern("calls one core sustains in real time: [0-9,]+ \\(frames per CPU-second")
                .doesNotContain("chunks 0,");
    }

    @Test
    void pacedRunReportsTicks() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new Soak().run(Soak.Options.parse(new String[] {"--calls", "2", "--threads", "1", "--seconds", "0.2",
                "--warmup", "0", "--paced"}), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("paced: one chunk per call per 20 ms tick")
                .containsPattern("ticks over 20 ms: [0-9,]+ of [0-9,]+");
    }

    @Test
    void optionsAreChecked() {
        assertThat(Soak.Options.parse(new String[0]).calls()).isEqualTo(1000);
        assertThat(Soak.Options.parse(new String[0]).seconds()).isEqualTo(20);
        assertThatThrownBy(() -> Soak.Options.parse(new String[] {"--calls"}))
                .hasMessageContaining("--calls needs a value");
        assertThatThrownBy(() -> Soak.Options.parse(new String[] {"--calls", "1", "--threads", "2"}))
                .hasMessageContaining("calls >= threads");
        assertThatThrownBy(() -> Soak.Options.parse(new String[] {"--frobnicate"}))
                .hasMessageContaining("unknown option --frobnicate");
    }
}
