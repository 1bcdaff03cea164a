package io.github.voxbridge.twilio.vad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.voxbridge.dsp.codec.MuLaw;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PlaybackEchoTest {

    private static final long MS = 1_000_000L;

    /** 20 ms of a 1 kHz sine at {@code dbfs} RMS for the first {@code loudSamples}, silence after, as mu-law. */
    private static byte[] frame(double dbfs, int loudSamples) {
        short[] pcm = new short[160];
        double amplitude = 32768 * Math.pow(10, dbfs / 20) * Math.sqrt(2);
        for (int i = 0; i < loudSamples; i++) {
            pcm[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * 1000 * i / 8000.0 + 0.3));
        }
        byte[] mulaw = new byte[160];
        MuLaw.encode(pcm, 0, mulaw, 0, 160);
        return mulaw;
    }

    @Test
    void theLoudestTenMillisecondsOfWhatWasSentWithinTheWindow() {
        PlaybackEcho echo = new PlaybackEcho(Duration.ofSeconds(1));
        assertThat(echo.loudestDbfs(0)).as("nothing sent").isEqualTo(Double.NEGATIVE_INFINITY);

        echo.frameSent(1_000 * MS, frame(-10, 160), 0);
        // Only the second 10 ms block is loud: its level, not the frame's average (3 dB less).
        byte[] padded = new byte[200];
        System.arraycopy(frame(-20, 80), 0, padded, 40 + 80, 80); // block 2 of the frame at offset 40 holds the tone
        System.arraycopy(frame(-20, 80), 80, padded, 40, 80);     // block 1: silence
        echo.frameSent(1_500 * MS, padded, 40);

        assertThat(echo.loudestDbfs(1_900 * MS)).as("both in the window").isCloseTo(-10, within(0.2));
        assertThat(echo.loudestDbfs(2_000 * MS)).as("the first one second old: still in").isCloseTo(-10, within(0.2));
        assertThat(echo.loudestDbfs(2_001 * MS)).as("the second only").isCloseTo(-20, within(0.2));
        assertThat(echo.loudestDbfs(2_501 * MS)).as("both out").isEqualTo(Double.NEGATIVE_INFINITY);

        PlaybackEcho silent = new PlaybackEcho(PlaybackEcho.DEFAULT_WINDOW);
        byte[] silence = new byte[160];
        java.util.Arrays.fill(silence, MuLaw.SILENCE);
        silent.frameSent(0, silence, 0);
        assertThat(silent.loudestDbfs(0)).as("digital silence").isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void aFullScaleFrameReadsAboutZeroDbfsAndLevelsFollowTheSignal() {
        for (double dbfs : new double[] {-3.0, -12.0, -30.0, -50.0}) {
            PlaybackEcho echo = new PlaybackEcho(PlaybackEcho.DEFAULT_WINDOW);
            echo.frameSent(0, frame(dbfs, 160), 0);
            // mu-law's step at -50 dBFS is a few percent of the amplitude: within 0.5 dB there.
            assertThat(echo.loudestDbfs(0)).as("a sine at %s dBFS RMS", dbfs).isCloseTo(dbfs, within(0.5));
        }
    }

    /**
     * The monotonic queue answers exactly what a scan of the last frames in the window answers (the reference
     * below: the newest frame back, at most {@link PlaybackEcho#CAPACITY} of them, up to the first one out of the
     * window), over generated sends and queries: bursts faster than real time, pauses longer than the window,
     * silence, rising and falling levels, equal levels. Seeded, so a failure names its seed and step.
     */
    @Test
    void theLoudestIsWhatAScanOfTheWindowFinds() {
        long seed = 20_261_203L;
        java.util.Random random = new java.util.Random(seed);
        byte[][] frames = new byte[40][];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = i == 0 ? frame(0, 0) : frame(-60 + 1.5 * i, 40 + 3 * i);
        }
        for (int round = 0; round < 200; round++) {
            long window = (1 + random.nextInt(1_500)) * MS;
            PlaybackEcho echo = new PlaybackEcho(Duration.ofNanos(window));
            java.util.List<long[]> sent = new java.util.ArrayList<>(); // {time, frame}
            long now = random.nextLong(1_000_000) * MS;
            for (int step = 0; step < 600; step++) {
                switch (random.nextInt(6)) {
                    case 0 -> now += random.nextInt(3) * window; // a pause, often longer than the window
                    case 1, 2 -> now += random.nextInt(25) * MS;
                    default -> { } // a burst: several frames at one instant
                }
                if (random.nextInt(4) > 0) {
                    int f = random.nextInt(10) == 0 ? 0 : random.nextInt(frames.length);
                    echo.frameSent(now, frames[f], 0);
                    sent.add(new long[] {now, f});
                } else {
                    double expected = reference(sent, frames, now, window);
                    assertThat(echo.loudestDbfs(now)).as("seed %d, round %d, step %d", seed, round, step)
                            .isEqualTo(expected);
                }
            }
        }
    }

    /** The scan PlaybackEcho made before: newest first, at most CAPACITY frames, stop at the first out of window. */
    private static double reference(java.util.List<long[]> sent, byte[][] frames, long now, long window) {
        PlaybackEcho one = new PlaybackEcho(Duration.ofSeconds(1));
        double loudest = Double.NEGATIVE_INFINITY;
        for (int k = sent.size() - 1; k >= 0 && k >= sent.size() - PlaybackEcho.CAPACITY; k--) {
            if (now - sent.get(k)[0] > window) {
                break;
            }
            // The level of one frame alone, as the echo computes it.
            one = new PlaybackEcho(Duration.ofSeconds(1));
            one.frameSent(0, frames[(int) sent.get(k)[1]], 0);
            loudest = Math.max(loudest, one.loudestDbfs(0));
        }
        return loudest;
    }

    @Test
    void onlyTheLastFramesAreKeptAndOldOnesNeverCount() {
        PlaybackEcho echo = new PlaybackEcho(Duration.ofSeconds(60));
        echo.frameSent(0, frame(-6, 160), 0);
        for (int k = 1; k <= PlaybackEcho.CAPACITY; k++) {
            echo.frameSent(k * 20 * MS, frame(-40, 160), 0);
        }
        // The loud frame is within the 60 s window, but more than CAPACITY frames were sent after it.
        assertThat(echo.loudestDbfs(3_000 * MS)).isCloseTo(-40, within(0.3));
    }

    @Test
    void badArgumentsAreRefusedWithTheValue() {
        assertThatThrownBy(() -> new PlaybackEcho(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("echo window PT0S out of range: more than 0, at most 1 min");
        assertThatThrownBy(() -> new PlaybackEcho(Duration.ofMinutes(2))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("echo window PT2M out of range: more than 0, at most 1 min");
        PlaybackEcho echo = new PlaybackEcho(PlaybackEcho.DEFAULT_WINDOW);
        assertThatThrownBy(() -> echo.frameSent(0, new byte[200], 41)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(echo.loudestDbfs(0)).as("nothing recorded by the refused call").isEqualTo(Double.NEGATIVE_INFINITY);
    }
}
