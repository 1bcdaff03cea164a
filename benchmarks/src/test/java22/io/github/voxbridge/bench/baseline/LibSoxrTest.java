package io.github.voxbridge.bench.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        // soxr_create refuses a zero input rate ("invalid io-rate"); the message carries libsoxr's text.
        assertThatThrownBy(() -> SoxrResampler.create(0, 8000, LibSoxr.SOXR_HQ))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("soxr_create(0 Hz -> 8000 Hz, recipe 4) failed: ")
                .hasMessageNotContaining("failed: null");
    }
}
