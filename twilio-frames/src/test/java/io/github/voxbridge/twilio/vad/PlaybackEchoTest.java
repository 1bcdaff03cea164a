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
