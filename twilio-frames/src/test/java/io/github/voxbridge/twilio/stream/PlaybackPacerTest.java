package io.github.voxbridge.twilio.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pacing arithmetic, on times the test chooses (no clock, no sleeping). */
class PlaybackPacerTest {

    private static final long MS = 1_000_000L;
    private static final long F = PlaybackPacer.FRAME_NANOS;

    /** Sends as soon as allowed from {@code t0}; returns the send times. */
    private static long[] sendTimes(PlaybackPacer pacer, long t0, int frames) {
        long[] at = new long[frames];
        long now = t0;
        for (int i = 0; i < frames; i++) {
            now += pacer.nanosUntilNextFrame(now);
            at[i] = now;
            pacer.frameSent(now);
            assertThat(pacer.bufferedNanos(now)).as("buffered after frame %d", i).isLessThanOrEqualTo(200 * MS);
        }
        return at;
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 123_456_789, Long.MAX_VALUE - 100 * MS, Long.MIN_VALUE + 5})
    void burstOfLeadThenOneFramePer20Ms(long t0) {
        PlaybackPacer pacer = new PlaybackPacer(200 * MS, t0);
        long[] at = sendTimes(pacer, t0, 30);
        for (int i = 0; i < 10; i++) {
            assertThat(at[i] - t0).as("frame %d of the burst", i).isZero();
        }
        for (int i = 10; i < 30; i++) {
            assertThat(at[i] - t0).as("frame %d", i).isEqualTo((i - 9) * F);
        }
        assertThat(pacer.bufferedNanos(at[29])).isEqualTo(200 * MS);
    }

    @Test
    void leadThatIsNotAMultipleOfTheFrame() {
        PlaybackPacer pacer = new PlaybackPacer(50 * MS, 0);
        long[] at = sendTimes(pacer, 0, 5);
        // 2 frames (40 ms) fit in 50 ms at once; the third waits until 40 + 20 - 50 = 10 ms have played.
        assertThat(at).containsExactly(0, 0, 10 * MS, 30 * MS, 50 * MS);
    }

    @Test
    void aLateProducerRestartsThePlayheadFromNow() {
        PlaybackPacer pacer = new PlaybackPacer(200 * MS, 0);
        pacer.frameSent(0);
        assertThat(pacer.bufferedNanos(500 * MS)).isZero();
        assertThat(pacer.nanosUntilNextFrame(500 * MS)).isZero();
        assertThat(pacer.frameSent(500 * MS)).isEqualTo(520 * MS);
    }

    @Test
    void clearEmptiesTheModelledBuffer() {
        PlaybackPacer pacer = new PlaybackPacer(200 * MS, 0);
        sendTimes(pacer, 0, 10);
        assertThat(pacer.nanosUntilNextFrame(5 * MS)).isEqualTo(15 * MS);
        pacer.cleared(5 * MS);
        assertThat(pacer.bufferedNanos(5 * MS)).isZero();
        assertThat(pacer.nanosUntilNextFrame(5 * MS)).isZero();
    }

    @Test
    void leadShorterThanAFrameIsRefused() {
        assertThatThrownBy(() -> new PlaybackPacer(19 * MS, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("19000000 ns");
    }

    @Test
    void aLeadOfExactlyOneFrameSendsEachFrameWhenThePreviousHasPlayed() {
        PlaybackPacer pacer = new PlaybackPacer(F, 0);
        assertThat(sendTimes(pacer, 0, 4)).containsExactly(0, F, 2 * F, 3 * F);
    }
}
