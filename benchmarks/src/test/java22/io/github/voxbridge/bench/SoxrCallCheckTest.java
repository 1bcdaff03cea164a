package io.github.voxbridge.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.bench.baseline.LibSoxr;
import io.github.voxbridge.bench.baseline.SoxrResampler;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@link SoxrResampleBench#setUp()} checks before measuring, for every pair and recipe it measures, and that the
 * check fails when libsoxr is fed at the wrong rate.
 */
class SoxrCallCheckTest {

    @ParameterizedTest
    @CsvSource({"24000, 4", "16000, 4", "22050, 4", "44100, 4", "48000, 4",
                "24000, 6", "16000, 6", "22050, 6", "44100, 6", "48000, 6"})
    void theBenchmarksCallsPassTheChecks(int inRate, long recipe) {
        assertThatCode(() -> {
            SoxrCallCheck.sineKeepsAmplitudeAndFrequency(inRate, 8000, recipe);
            SoxrCallCheck.outputPerChunkSettles(inRate, 8000, recipe, ResampleBench.speechLike(inRate), inRate / 50);
        }).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(ints = {24000, 44100})
    void theChecksNoticeAResamplerCreatedForAnotherRate(int inRate) {
        // The pair as the checks see it is inRate -> 8000, but libsoxr was told 8 kHz comes from a 10 % higher rate:
        // the tone lands at 1.1 kHz and the output count is 10 % short.
        int claimed = inRate * 11 / 10;
        float[] signal = ResampleBench.speechLike(inRate);
        assertThatThrownBy(() -> SoxrCallCheck.outputPerChunkSettles(inRate, 8000, LibSoxr.SOXR_HQ, signal,
                inRate / 50, claimed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("output samples, expected");
        assertThatThrownBy(() -> SoxrCallCheck.sineKeepsAmplitudeAndFrequency(inRate, 8000, LibSoxr.SOXR_HQ, claimed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("libsoxr is not called right");
    }

    @ParameterizedTest
    @ValueSource(ints = {16000, 22050, 48000})
    void tenSecondsInComeOutAtTheOutputRateLessTheDelay(int inRate) {
        int chunk = inRate / 50;
        try (SoxrResampler soxr = SoxrResampler.create(inRate, 8000, LibSoxr.SOXR_VHQ); Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(ValueLayout.JAVA_FLOAT, chunk);
            MemorySegment out = arena.allocate(ValueLayout.JAVA_FLOAT, SoxrCallCheck.outputCapacity(chunk, inRate, 8000));
            long total = 0;
            for (int k = 0; k < 500; k++) {
                total += soxr.process(in, chunk, out);
            }
            // Ten seconds in: 80,000 samples out, less what libsoxr still holds (its delay, under 0.2 s).
            assertThat(total).isBetween(80_000L - 1_600, 80_000L);
        }
    }
}
