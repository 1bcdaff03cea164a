package io.github.voxbridge.bench.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The binding to libsoxr: it loads the installed library (the benchmarks' tests need {@code libsoxr0}, which
 * {@code .ci/run} installs), says how to install it when it is missing, and passes libsoxr's own errors on.
 */
class LibSoxrTest {

    @Test
    void loadsTheInstalledLibrary() {
        assertThat(LibSoxr.load().version()).startsWith("libsoxr-0.1.");
    }

    @Test
    void aMissingLibraryIsOneMessageSayingHowToInstallIt() {
        assertThatThrownBy(() -> LibSoxr.load(List.of("/nonexistent/libsoxr.so.0")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("libsoxr not found: apt-get install libsoxr0")
                .hasMessageContaining("/nonexistent/libsoxr.so.0")
                .hasNoCause();
    }

    @Test
    void libsoxrsOwnErrorIsPassedOn() {
        // soxr_create refuses a zero input rate; the message carries libsoxr's text (libsoxr 0.1.3).
        assertThatThrownBy(() -> SoxrResampler.create(0, 8000, LibSoxr.SOXR_HQ))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("soxr_create(0 Hz -> 8000 Hz, recipe 4) failed: I/O ratio out-of-range");
    }

    @Test
    void anInputLengthBeyondTheSegmentIsRefusedBeforeCReadsIt() {
        try (SoxrResampler soxr = SoxrResampler.create(24000, 8000, LibSoxr.SOXR_HQ);
                Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(ValueLayout.JAVA_FLOAT, 480);
            MemorySegment out = arena.allocate(ValueLayout.JAVA_FLOAT, 2048);
            assertThatThrownBy(() -> soxr.process(in, 481, out))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("length 481 samples for an input segment of 1920 bytes (32-bit floats)");
            assertThat(soxr.process(in, 480, out)).isGreaterThanOrEqualTo(0);
        }
    }
}
