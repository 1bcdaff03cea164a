package io.github.voxbridge.dsp.resample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The presets' documented figures, ids and defaults ({@link ResamplerQuality}'s Javadoc table). */
class ResamplerQualityTest {

    @Test
    void thePresetsHaveTheDocumentedFigures() {
        assertPreset(ResamplerQuality.FAST, "fast", 63, 0.85, 1.15, false);
        assertPreset(ResamplerQuality.TELEPHONY, "telephony", 82, 0.8375, 1.05, false);
        assertPreset(ResamplerQuality.HQ, "hq", 138, 0.90, 1.05, false);
        assertPreset(ResamplerQuality.VHQ, "vhq", 159, 0.90, 1.05, true);
    }

    /** Telephony when the output is 8 kHz, whatever the input; HQ for every other output rate. */
    @Test
    void theDefaultDependsOnTheOutputRate() {
        assertThat(ResamplerQuality.defaultFor(24_000, 8_000)).isEqualTo(ResamplerQuality.TELEPHONY);
        assertThat(ResamplerQuality.defaultFor(48_000, 8_000)).isEqualTo(ResamplerQuality.TELEPHONY);
        assertThat(ResamplerQuality.defaultFor(8_000, 16_000)).isEqualTo(ResamplerQuality.HQ);
        assertThat(ResamplerQuality.defaultFor(8_000, 48_000)).isEqualTo(ResamplerQuality.HQ);
    }

    @Test
    void fromIdIsCaseInsensitiveAndTrims() {
        for (ResamplerQuality quality : ResamplerQuality.values()) {
            assertThat(ResamplerQuality.fromId(quality.id())).isSameAs(quality);
            assertThat(ResamplerQuality.fromId(" " + quality.id().toUpperCase() + " ")).isSameAs(quality);
            assertThat(ResamplerQuality.fromId(quality.toString())).as("toString is the id").isSameAs(quality);
        }
    }

    @Test
    void fromIdNamesAnUnknownValueAndListsTheValidOnes() {
        assertThatThrownBy(() -> ResamplerQuality.fromId("best")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown resampler quality 'best' (expected one of fast, telephony, hq, vhq)");
        assertThatThrownBy(() -> ResamplerQuality.fromId(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'null'");
        assertThatThrownBy(() -> ResamplerQuality.fromId("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("''");
    }

    private static void assertPreset(ResamplerQuality q, String id, double attenuationDb, double pass, double stop,
            boolean doublePrecision) {
        assertThat(q.id()).isEqualTo(id);
        assertThat(q.toString()).as("%s toString", id).isEqualTo(id);
        assertThat(q.attenuationDb()).as("%s attenuation", id).isEqualTo(attenuationDb);
        assertThat(q.passEdge()).as("%s pass edge", id).isEqualTo(pass);
        assertThat(q.stopEdge()).as("%s stop edge", id).isEqualTo(stop);
        assertThat(q.doublePrecision()).as("%s double", id).isEqualTo(doublePrecision);
    }
}
