package io.github.voxbridge.twilio.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GenerationStatsTest {

    @Test
    void audioSecondsCountTwentyMillisecondsPerMessage() {
        GenerationStats stats = new GenerationStats(30_000_000L, 250_000_000L, 25, 16_000, 0.5);
        assertThat(stats.audioSeconds()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void realTimeFactorIsSynthesisTimeOverAudioTime() {
        // 0.25 s of synthesis for 0.5 s of audio: twice as fast as real time.
        GenerationStats stats = new GenerationStats(30_000_000L, 250_000_000L, 25, 16_000, 0.5);
        assertThat(stats.realTimeFactor()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void realTimeFactorIsNotANumberBeforeAnyAudio() {
        GenerationStats stats = new GenerationStats(-1, 40_000_000L, 0, 0, 0);
        assertThat(stats.audioSeconds()).isZero();
        assertThat(stats.realTimeFactor()).isNaN();
    }
}
