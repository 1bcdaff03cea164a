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

    /**
     * With a refill of 100 ms and a lead of 200 ms: the burst of ten frames, then five frames at once every 100 ms,
     * each time 100 ms have played, so the sender wakes five times less often; the buffer stays between 100 and 200
     * ms. Whether the sender asks again after its wait (as the player does) or sends at the time it was given.
     */
    @ParameterizedTest
    @ValueSource(longs = {0, 123_456_789, Long.MAX_VALUE - 100 * MS, Long.MIN_VALUE + 5})
    void aRefillSendsItsFramesTogether(long t0) {
        for (boolean askAgain : new boolean[] {false, true}) {
            PlaybackPacer pacer = new PlaybackPacer(200 * MS, 100 * MS, t0);
            long now = t0;
            for (int i = 0; i < 40; i++) {
                long wait = pacer.nanosUntilNextFrame(now);
                now += wait;
                if (askAgain && wait > 0) {
                    assertThat(pacer.nanosUntilNextFrame(now)).as("asked again at the time given").isZero();
                }
                long expected = i < 10 ? 0 : (1 + (i - 10) / 5) * 100 * MS;
                assertThat(now - t0).as("frame %d (ask again: %s)", i, askAgain).isEqualTo(expected);
                pacer.frameSent(now);
                assertThat(pacer.bufferedNanos(now)).as("buffered after frame %d", i)
                        .isBetween(i < 10 ? 0 : 100 * MS, 200 * MS);
            }
        }
    }

    /** A refill of one frame is the two-argument pacer: one frame every 20 ms once the lead is full. */
    @Test
    void aRefillOfOneFrameIsTheDefault() {
        long[] one = sendTimes(new PlaybackPacer(200 * MS, F, 0), 0, 30);
        assertThat(one).containsExactly(sendTimes(new PlaybackPacer(200 * MS, 0), 0, 30));
    }

    /** A clear while the pacer waits for its refill: the next frame goes at once, and a new burst fills the lead. */
    @Test
    void clearEndsTheRefillWait() {
        PlaybackPacer pacer = new PlaybackPacer(200 * MS, 100 * MS, 0);
        for (int i = 0; i < 10; i++) {
            pacer.frameSent(0);
        }
        assertThat(pacer.nanosUntilNextFrame(0)).as("full").isEqualTo(100 * MS);
        assertThat(pacer.nanosUntilNextFrame(30 * MS)).as("room for a frame, but not the refill").isEqualTo(70 * MS);
        pacer.cleared(30 * MS);
        for (int i = 0; i < 10; i++) {
            assertThat(pacer.nanosUntilNextFrame(30 * MS)).as("frame %d after the clear", i).isZero();
            pacer.frameSent(30 * MS);
        }
        assertThat(pacer.nanosUntilNextFrame(30 * MS)).isEqualTo(100 * MS);
    }

    /** A producer slower than real time: the buffer runs dry, and each frame goes as soon as it is made. */
    @Test
    void aRefillDoesNotHoldBackALateProducer() {
        PlaybackPacer pacer = new PlaybackPacer(200 * MS, 100 * MS, 0);
        for (long t = 0; t < 1_000 * MS; t += 30 * MS) {
            assertThat(pacer.nanosUntilNextFrame(t)).as("at %d ms", t / MS).isZero();
            pacer.frameSent(t);
        }
    }

    @Test
    void aRefillOutsideOneFrameToTheLeadIsRefused() {
        assertThatThrownBy(() -> new PlaybackPacer(200 * MS, 19 * MS, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 19000000 ns");
        assertThatThrownBy(() -> new PlaybackPacer(200 * MS, 201 * MS, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most the lead (200000000 ns), was 201000000 ns");
    }
}
