package io.github.voxbridge.twilio.vad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.dsp.codec.MuLaw;
import java.util.function.DoubleFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What must never start speech: line noise at -50 dBFS (60 s, white and pink, seeded), the echo of our own playback
 * 30 dB down (playback at -6, -9, -12 and -20 dBFS active level and anything louder up to full scale, every clip
 * in turn, plus that noise, with the detector told of the playback through {@link PlaybackEcho} as the server
 * does), and DC offset with mains hum. Everything goes through a real {@code InboundTrackDecoder} (mu-law, 8 or
 * 16 kHz) into a detector with the default settings.
 *
 * <p>Margins are measured, printed and bounded from below: the highest 10 ms block level seen against the start
 * threshold, and how many dB louder the same signal must be before it starts speech once (searched in 0.5 dB steps).
 */
class EchoAndNoiseTest {

    static final double NOISE_DBFS = -50.0;
    /** Echo return loss assumed by issue 13: our playback comes back 30 dB down. */
    static final double ECHO_LOSS_DB = 30.0;
    static final int SECONDS = 60;

    @ParameterizedTest(name = "{0} noise at {1} Hz")
    @CsvSource({"white, 8000", "pink, 8000", "white, 16000", "pink, 16000"})
    void minus50dBfsNoiseNeverStartsSpeech(String kind, int rate) {
        long seed = kind.equals("white") ? 501 : 502;
        DoubleFunction<double[]> noiseAt = level -> noise(kind, seed, 8000 * SECONDS, level);
        Measured m = measure(noiseAt, NOISE_DBFS, rate);
        System.out.printf("VAD noise %s %d Hz, %d s at %.0f dBFS: %d events; loudest block %.1f dBFS (%.1f dB below the"
                        + " start threshold, %.1f dB below the end threshold); starts speech from %.1f dBFS (+%.1f dB)%n",
                kind, rate, SECONDS, NOISE_DBFS, m.events, m.loudestBlock, m.belowStart(), m.belowEnd(),
                m.triggerLevel, m.triggerLevel - NOISE_DBFS);
        assertThat(m.events).as("events on %s noise, seed %d", kind, seed).isZero();
        assertThat(m.triggerLevel - NOISE_DBFS).as("dB of headroom before %s noise starts speech", kind)
                .isGreaterThanOrEqualTo(8.0);
    }

    @ParameterizedTest(name = "playback at {0} dBFS, {1} noise, {2} Hz")
    @CsvSource({"-6, white, 8000", "-6, pink, 8000", "-6, white, 16000", "-6, pink, 16000",
            "-9, white, 8000", "-12, white, 8000", "-12, pink, 16000", "-20, white, 8000", "-20, pink, 16000"})
    void echoOfOurPlaybackNeverStartsSpeech(double playbackDbfs, String kind, int rate) {
        long seed = 600 + (long) -playbackDbfs;
        Measured m = measureEcho(playbackDbfs, kind, seed, rate, true);
        // The echo of louder playback, up to full scale (active level; its peaks clip): still never speech.
        double guardedTrigger = Double.POSITIVE_INFINITY;
        for (double l = playbackDbfs + 1; l <= 0 && guardedTrigger > 0; l += 1) {
            if (measureEcho(l, kind, seed, rate, true).events > 0) {
                guardedTrigger = l;
            }
        }
        // Told nothing about the playback, the detector would take the echo for the caller from this level on.
        double unguardedTrigger = Double.POSITIVE_INFINITY;
        for (double l = Math.min(playbackDbfs, -12); l <= 0 && unguardedTrigger > 0; l += 0.5) {
            if (measureEcho(l, kind, seed, rate, false).events > 0) {
                unguardedTrigger = l;
            }
        }
        System.out.printf("VAD echo of playback at %.0f dBFS (echo %.0f dBFS) + %s noise, %d Hz: %d events; loudest"
                        + " block %.1f dBFS; the guarded start threshold %.1f dBFS at its highest; louder playback"
                        + " starts speech from %s; without the guard from playback at %.1f dBFS%n", playbackDbfs,
                playbackDbfs - ECHO_LOSS_DB, kind, rate, m.events, m.loudestBlock, m.triggerLevel,
                guardedTrigger > 0 ? "no level up to 0 dBFS" : guardedTrigger + " dBFS", unguardedTrigger);
        assertThat(m.events).as("events on the echo of playback at %s dBFS, seed %d", playbackDbfs, seed).isZero();
        assertThat(guardedTrigger).as("playback level (dBFS) from which its echo starts speech, with the guard")
                .isPositive();
        // The guard is what holds it: at the default start threshold alone the echo of playback at -6 dBFS starts
        // speech (measured: from -8.5 to -7.5 dBFS, whatever the noise and rate).
        assertThat(unguardedTrigger).as("playback level (dBFS) from which its echo starts speech, told nothing")
                .isLessThanOrEqualTo(-6);
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(ints = {8000, 16_000})
    void theEchoGuardRaisesTheStartThresholdOnlyWhilePlaybackMayBeEchoing(int rate) {
        // A quiet caller ("yes" at -34 dBFS, loudest blocks near -27 dBFS) in -50 dBFS noise: speech at the default
        // start threshold.
        SpeechClip clip = SpeechClip.load("yes");
        int lead = 8000;
        int length = lead + clip.samples().length + 8000;
        double[] line = PhoneLine.mix(noise("white", 900, length, NOISE_DBFS),
                PhoneLine.placed(clip.scaledTo(-34), lead, length));
        for (double playback : new double[] {Double.NEGATIVE_INFINITY, -30.0, 0.0, Double.NEGATIVE_INFINITY}) {
            EventLog log = new EventLog();
            VoiceActivityDetector vad = VoiceActivityDetector.withDefaults(rate, log);
            vad.playbackLevel(playback);
            PhoneLine.deliver(line, rate, vad);
            // -30 dBFS playback: its echo limit (-54 dBFS) is under the start threshold, which stays. 0 dBFS: the
            // threshold is -24 dBFS, above what this caller reaches, who could be our own echo.
            if (playback > -10) {
                assertThat(log.starts()).as("starts with playback at %s dBFS", playback).isZero();
            } else {
                assertThat(log.starts()).as("starts with playback at %s dBFS", playback).isPositive();
            }
        }
        VoiceActivityDetector vad = VoiceActivityDetector.withDefaults(rate, new EventLog());
        for (double bad : new double[] {Double.NaN, 0.5, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> vad.playbackLevel(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("playback level " + bad + " dBFS out of range: at most 0 dBFS, or -Infinity when"
                            + " nothing plays");
        }
    }

    /**
     * The echo of every clip played at {@code playbackDbfs} (see {@link #echo}) through the line at {@code rate},
     * with the detector told of the playback as a server tells it ({@link PlaybackEcho} of the playback's mu-law
     * frames, asked before each inbound frame) when {@code guarded}. The trigger level field holds the highest start
     * threshold the guard set, in dBFS.
     */
    static Measured measureEcho(double playbackDbfs, String kind, long seed, int rate, boolean guarded) {
        double[] echo = echo(playbackDbfs, kind, seed);
        short[] played = PhoneLine.toPcm16(playback(playbackDbfs, echo.length));
        byte[] mulaw = new byte[played.length];
        MuLaw.encode(played, 0, mulaw, 0, played.length);
        PlaybackEcho sent = new PlaybackEcho(PlaybackEcho.DEFAULT_WINDOW);
        EventLog log = new EventLog();
        VoiceActivityDetector vad = VoiceActivityDetector.withDefaults(rate, log);
        BlockMeter meter = new BlockMeter(vad, 0);
        double[] highest = {Double.NEGATIVE_INFINITY};
        PhoneLine.deliver(echo, rate, meter, chunk -> {
            long now = chunk * 20_000_000L;
            if (guarded && (chunk + 1) * PhoneLine.FRAME <= mulaw.length) {
                sent.frameSent(now, mulaw, chunk * PhoneLine.FRAME);
                double level = sent.loudestDbfs(now);
                vad.playbackLevel(level);
                highest[0] = Math.max(highest[0], level - vad.settings().echoReturnLossDb());
            }
        });
        return new Measured(log.events.size(), meter.loudest, highest[0]);
    }

    /** What was played for {@link #echo}: every clip at {@code playbackDbfs}, in the same places. */
    static double[] playback(double playbackDbfs, int length) {
        double[] out = new double[length];
        int at = 8000;
        for (String name : SpeechClip.NAMES) {
            double[] clip = SpeechClip.load(name).scaledTo(playbackDbfs);
            System.arraycopy(clip, 0, out, at, clip.length);
            at += clip.length + 2400;
        }
        return out;
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(ints = {8000, 16_000})
    void dcOffsetAndHumNeverStartSpeechThanksToTheHighPass(int rate) {
        // DC offset 1000 (-30.3 dBFS), 50 Hz and 60 Hz hum at -30 dBFS RMS each, and the usual noise: 10 s.
        int n = 8000 * 10;
        double[] line = noise("white", 700, n, NOISE_DBFS);
        double amplitude = 32768 * Math.pow(10, -30 / 20.0) * Math.sqrt(2);
        for (int i = 0; i < n; i++) {
            line[i] += 1000 + amplitude * Math.sin(2 * Math.PI * 50 * i / 8000.0)
                    + amplitude * Math.sin(2 * Math.PI * 60 * i / 8000.0 + 1);
        }
        EventLog filtered = new EventLog();
        BlockMeter meter = new BlockMeter(VoiceActivityDetector.withDefaults(rate, filtered), rate / 2);
        PhoneLine.deliver(line, rate, meter);
        EventLog unfiltered = new EventLog();
        PhoneLine.deliver(line, rate, new VoiceActivityDetector(
                VadSettings.builder(rate).highPassHz(0).build(), unfiltered));
        System.out.printf("VAD DC + hum at %d Hz: loudest block after the first 0.5 s, after the"
                + " high-pass, %.1f dBFS; events with it %d, without %d%n", rate, meter.loudest, filtered.events.size(), unfiltered.events.size());
        assertThat(filtered.events).as("events with the high-pass").isEmpty();
        assertThat(meter.loudest).as("loudest block of DC + hum + noise after the high-pass, dBFS")
                .isLessThan(VadSettings.DEFAULT_END_THRESHOLD_DBFS - 3);
        assertThat(unfiltered.starts()).as("starts without the high-pass (which is why it is there)").isOne();
    }

    /**
     * The echo of every clip played at {@code playbackDbfs} active level, 300 ms apart, after 1 s: what was played
     * (16 bits: loud playback clips) 30 dB down, with noise; about 12 s.
     */
    static double[] echo(double playbackDbfs, String kind, long seed) {
        int gap = 2400;
        int length = 8000;
        SpeechClip[] clips = new SpeechClip[SpeechClip.NAMES.length];
        for (int i = 0; i < clips.length; i++) {
            clips[i] = SpeechClip.load(SpeechClip.NAMES[i]);
            length += clips[i].samples().length + gap;
        }
        double[] out = noise(kind, seed, length + 8000, NOISE_DBFS);
        int at = 8000;
        for (SpeechClip clip : clips) {
            short[] played = PhoneLine.toPcm16(clip.scaledTo(playbackDbfs));
            double loss = Math.pow(10, -ECHO_LOSS_DB / 20);
            for (int i = 0; i < played.length; i++) {
                out[at + i] += played[i] * loss;
            }
            at += played.length + gap;
        }
        return out;
    }

    static double[] noise(String kind, long seed, int samples, double dbfs) {
        return kind.equals("white") ? LineNoise.white(seed, samples, dbfs) : LineNoise.pink(seed, samples, dbfs);
    }

    record Measured(long events, double loudestBlock, double triggerLevel) {
        double belowStart() {
            return VadSettings.DEFAULT_START_THRESHOLD_DBFS - loudestBlock;
        }

        double belowEnd() {
            return VadSettings.DEFAULT_END_THRESHOLD_DBFS - loudestBlock;
        }
    }

    /**
     * Events and loudest block of {@code signalAt(level)} through the line at {@code rate}, and the lowest level, in
     * 0.5 dB steps up from {@code level}, at which the signal starts speech (up to +40 dB).
     */
    static Measured measure(DoubleFunction<double[]> signalAt, double level, int rate) {
        EventLog log = new EventLog();
        BlockMeter meter = new BlockMeter(VoiceActivityDetector.withDefaults(rate, log), 0);
        PhoneLine.deliver(signalAt.apply(level), rate, meter);
        double trigger = Double.POSITIVE_INFINITY;
        for (double l = level + 0.5; l <= level + 40; l += 0.5) {
            EventLog louder = new EventLog();
            PhoneLine.deliver(signalAt.apply(l), rate, VoiceActivityDetector.withDefaults(rate, louder));
            if (louder.starts() > 0) {
                trigger = l;
                break;
            }
        }
        return new Measured(log.events.size(), meter.loudest, trigger);
    }

    /** Feeds a detector in 10 ms pieces and keeps the loudest block level it reports after the first samples. */
    static final class BlockMeter implements io.github.voxbridge.twilio.stream.InboundAudioListener {
        final VoiceActivityDetector detector;
        final int block;
        final long skip;
        double loudest = Double.NEGATIVE_INFINITY;
        private long fed;

        BlockMeter(VoiceActivityDetector detector, long skipSamples) {
            this.detector = detector;
            this.skip = skipSamples;
            this.block = detector.settings().blockSamples();
        }

        @Override
        public void audio(short[] pcm, int offset, int length) {
            for (int i = 0; i < length; ) {
                int n = (int) Math.min(length - i, block - fed % block);
                detector.feed(pcm, offset + i, n);
                i += n;
                fed += n;
                if (fed % block == 0 && fed > skip) {
                    loudest = Math.max(loudest, detector.lastBlockLevelDbfs());
                }
            }
        }
    }
}
