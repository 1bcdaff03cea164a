package io.github.voxbridge.dsp.resample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * What a resampler says about itself: its preset, its latency in samples and seconds, how much a flush can write and
 * its {@code toString}, for a resampling pair in each mode (batched rows, one row per output, interpolated bank)
 * and for equal rates, which have no filter at all.
 */
class ResamplerDescriptionTest {

    @Test
    void theQualityIsThePresetAskedForOrTheDefault() {
        for (ResamplerQuality quality : ResamplerQuality.values()) {
            assertThat(PolyphaseResampler.create(22_050, 8_000, quality).quality()).isSameAs(quality);
        }
        assertThat(PolyphaseResampler.create(24_000, 8_000).quality()).isSameAs(ResamplerQuality.TELEPHONY);
        assertThat(PolyphaseResampler.create(8_000, 16_000).quality()).isSameAs(ResamplerQuality.HQ);
        assertThat(PolyphaseResampler.create(16_000, 16_000, ResamplerQuality.FAST).quality())
                .as("equal rates use no filter, so no preset").isNull();
    }

    /** The delay in seconds is the delay in output samples over the output rate, for every mode. */
    @Test
    void theDelayInSecondsIsTheDelayInSamplesOverTheOutputRate() {
        for (RatePair pair : RatePair.NAMED) {
            // The preset changes the filter, not the arithmetic: two presets, float and double, per pair.
            for (ResamplerQuality quality : new ResamplerQuality[] {ResamplerQuality.TELEPHONY,
                ResamplerQuality.VHQ}) {
                PolyphaseResampler r = pair.create(quality);
                double seconds = r.delaySamples() / pair.output();
                assertThat(r.delaySeconds()).as("%s %s", pair, quality).isCloseTo(seconds, within(1e-12 * seconds));
                if (pair.input() == pair.output()) {
                    assertThat(r.delaySeconds()).as("%s: pass-through has no latency", pair).isZero();
                } else {
                    assertThat(r.delaySeconds()).as("%s %s", pair, quality).isPositive();
                }
            }
        }
    }

    /** Equal rates: process writes every sample at once, so a flush never has anything to write. */
    @Test
    void equalRatesNeverFlushAnything() {
        PolyphaseResampler r = PolyphaseResampler.create(48_000, 48_000);
        assertThat(r.flushSamplesBound()).isZero();
        float[] out = new float[10];
        assertThat(r.process(new float[10], 0, 10, out, 0)).isEqualTo(10);
        assertThat(r.flushSamples()).isZero();
        assertThat(r.flush(new float[0], 0)).isZero();
    }

    @Test
    void toStringNamesTheRatesThePresetTheTapsAndThePhases() {
        PolyphaseResampler batched = PolyphaseResampler.create(24_000, 8_000);
        assertThat(batched).hasToString("PolyphaseResampler[24000 -> 8000 Hz, telephony, " + batched.taps()
                + " taps, 1 phases]");
        PolyphaseResampler cd = PolyphaseResampler.create(44_100, 8_000, ResamplerQuality.VHQ);
        assertThat(cd).hasToString("PolyphaseResampler[44100 -> 8000 Hz, vhq, " + cd.taps() + " taps, 80 phases]");
        PolyphaseResampler interpolated = PolyphaseResampler.create(48_000, 44_101, ResamplerQuality.HQ);
        assertThat(interpolated.toString())
                .as("L = 44,101 rows would not fit: a power of two of them, interpolated")
                .matches("PolyphaseResampler\\[48000 -> 44101 Hz, hq, " + interpolated.taps()
                        + " taps, [0-9]+ interpolated phases]");
        assertThat(PolyphaseResampler.create(8_000, 8_000))
                .hasToString("PolyphaseResampler[8000 -> 8000 Hz, pass-through]");
    }

    /**
     * Which pairs run in two stages, and that they say so: float presets from above twice the output rate with L
     * above 8 (22.05 and 44.1 kHz to 8 kHz, 44.1 kHz to 16 kHz) or an integer decimation by 6 or more into an
     * integer front stage (48 and 96 kHz to 8 kHz); not vhq (double), not 24 or 32 kHz to 8 kHz (by 3 and 4), not
     * 11.025 kHz (below twice the output), not 72 kHz (its front stage would have L = 2).
     */
    @Test
    void twoStagePairsNameBothStages() {
        PolyphaseResampler cd = PolyphaseResampler.create(22_050, 8_000, ResamplerQuality.TELEPHONY);
        assertThat(cd).hasToString("PolyphaseResampler[22050 -> 8000 Hz, telephony, two stages: 22050 -> 16000 Hz, "
                + cd.stageBanks()[0].taps + " taps, 320 phases; 16000 -> 8000 Hz, " + cd.taps() + " taps, 1 phases]");
        assertThat(cd.stageBanks()[0].taps).as("the front stage's rows are short").isEqualTo(16);
        int[][] twoStages = {{22_050, 8_000}, {44_100, 8_000}, {48_000, 8_000}, {96_000, 8_000}, {44_100, 16_000}};
        int[][] oneStage = {{24_000, 8_000}, {32_000, 8_000}, {16_000, 8_000}, {11_025, 8_000}, {72_000, 8_000},
            {8_000, 16_000}, {44_100, 48_000}};
        for (ResamplerQuality quality : ResamplerQuality.values()) {
            for (int[] pair : twoStages) {
                PolyphaseResampler r = PolyphaseResampler.create(pair[0], pair[1], quality);
                assertThat(r.stageBanks()).as("%s: %s stages", r, quality)
                        .hasSize(quality.doublePrecision() ? 1 : 2);
                assertThat(r.toString().contains("two stages")).as(r.toString()).isEqualTo(!quality.doublePrecision());
            }
            for (int[] pair : oneStage) {
                PolyphaseResampler r = PolyphaseResampler.create(pair[0], pair[1], quality);
                assertThat(r.stageBanks()).as("%s", r).hasSize(1);
                assertThat(r.toString()).doesNotContain("two stages");
            }
        }
    }
}
