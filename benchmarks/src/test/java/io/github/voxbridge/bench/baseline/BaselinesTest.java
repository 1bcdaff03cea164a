package io.github.voxbridge.bench.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.dsp.resample.PolyphaseResampler;
import io.github.voxbridge.dsp.resample.ResamplerQuality;
import java.io.ByteArrayInputStream;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;

/**
 * What the benchmark baselines do to the signal, so that the speed ratios are read with their quality in mind:
 * {@code javax.sound.sampled} converts 24 kHz to 8 kHz without an anti-aliasing filter and one sample too long; the
 * tutorial resampler filters, but less, and restarts at every chunk; ours filters.
 */
class BaselinesTest {

    private static final int IN = 24_000;
    private static final int OUT = 8_000;

    /** A {@code frequency} Hz sine of amplitude {@code amplitude} (full scale 1), {@code n} samples at 24 kHz. */
    private static float[] tone(double frequency, double amplitude, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * frequency * i / IN));
        }
        return x;
    }

    private static byte[] pcm16le(float[] x) {
        byte[] b = new byte[2 * x.length];
        for (int i = 0; i < x.length; i++) {
            short s = (short) Math.round(x[i] * 32767);
            b[2 * i] = (byte) s;
            b[2 * i + 1] = (byte) (s >> 8);
        }
        return b;
    }

    /**
     * Amplitude (full scale 1) of the {@code frequency} Hz component of {@code x} at {@code rate} Hz, by projection on
     * sine and cosine over {@code [from, to)}, a whole number of periods long.
     */
    private static double amplitudeAt(double[] x, int from, int to, double frequency, int rate) {
        double c = 0;
        double s = 0;
        for (int i = from; i < to; i++) {
            c += x[i] * Math.cos(2 * Math.PI * frequency * i / rate);
            s += x[i] * Math.sin(2 * Math.PI * frequency * i / rate);
        }
        return 2 * Math.hypot(c, s) / (to - from);
    }

    private static double db(double ratio) {
        return 20 * Math.log10(ratio);
    }

    @Test
    void theJdkRefusesPcm24kToMuLaw8kInOneStep() {
        JavaxSoundConverter converter = new JavaxSoundConverter(IN);
        assertThat(AudioSystem.isConversionSupported(JavaxSoundConverter.muLaw8k(), converter.sourceFormat()))
                .isFalse();
        AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(new byte[960]),
                converter.sourceFormat(), 480);
        assertThatThrownBy(() -> AudioSystem.getAudioInputStream(JavaxSoundConverter.muLaw8k(), in))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unsupported conversion");
    }

    @Test
    void javaxSoundOutputIsOneSampleLongerThanCeilNOverThreeForWholeChunks() {
        JavaxSoundConverter converter = new JavaxSoundConverter(IN);
        for (int n : new int[] {3, 30, 480, 960, 24_000}) {
            byte[] pcm = pcm16le(tone(440, 0.3, n));
            assertThat(converter.toMuLaw(pcm, 0, pcm.length)).as("mu-law bytes from %d samples", n)
                    .hasSize(n / 3 + 1); // ceil(n / 3) is n / 3
            assertThat(converter.toPcm8k(pcm, 0, pcm.length)).hasSize(n / 3 + 1);
        }
        // Ours: exactly ceil(n / 3) over a stream, chunk after chunk, with the filter delay flushed at the end.
        PolyphaseResampler ours = PolyphaseResampler.create(IN, OUT, ResamplerQuality.TELEPHONY);
        float[] out = new float[OUT];
        int total = 0;
        for (int chunk = 0; chunk < 50; chunk++) {
            total += ours.process(tone(440, 0.3, 480), 0, 480, out, 0);
        }
        total += ours.flush(out, 0);
        assertThat(total).isEqualTo(IN / 3);
    }

    @Test
    void javaxSoundLetsA6kHzToneAliasTo2kHzUnattenuated() {
        int n = IN; // one second
        float[] x = tone(6000, 0.5, n);
        short[] jdk = new JavaxSoundConverter(IN).toPcm8k(pcm16le(x), 0, 2 * n);
        double[] y = new double[jdk.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = jdk[i] / 32768.0;
        }
        // 6 kHz is above the 4 kHz Nyquist frequency of 8 kHz: any of it left folds to 8 - 6 = 2 kHz.
        double aliasDb = db(amplitudeAt(y, 0, OUT, 2000, OUT) / 0.5);
        assertThat(aliasDb).as("javax.sound alias of a 6 kHz tone, dB re the tone").isGreaterThan(-1.0);

        PolyphaseResampler ours = PolyphaseResampler.create(IN, OUT, ResamplerQuality.TELEPHONY);
        float[] out = new float[OUT + 64];
        int produced = 0;
        for (int at = 0; at < n; at += 480) {
            produced += ours.process(x, at, 480, out, produced);
        }
        double[] z = new double[produced];
        for (int i = 0; i < produced; i++) {
            z[i] = out[i];
        }
        // Skip the filter's start-up, then a whole number of 2 kHz periods (4 samples each).
        double oursDb = db(amplitudeAt(z, 400, 400 + 7200, 2000, OUT) / 0.5);
        assertThat(oursDb).as("PolyphaseResampler telephony alias of a 6 kHz tone, dB").isLessThan(-70);

        double[] naive = new double[n / 3];
        for (int at = 0; at < n; at += 480) {
            float[] chunk = NaiveSincResampler.resample(x, at, 480, IN, OUT);
            for (int i = 0; i < chunk.length; i++) {
                naive[at / 3 + i] = chunk[i];
            }
        }
        double naiveDb = db(amplitudeAt(naive, 0, naive.length, 2000, OUT) / 0.5);
        System.out.printf("6 kHz tone at 24 kHz to 8 kHz, alias at 2 kHz re the tone: javax.sound %.1f dB,"
                + " naive windowed sinc %.1f dB, PolyphaseResampler telephony %.1f dB%n", aliasDb, naiveDb, oursDb);
        assertThat(naiveDb).isLessThan(-20).isGreaterThan(oursDb);
    }

    @Test
    void naiveSincRestartsAtEveryChunk() {
        // A constant signal should stay constant; the stateless resampler sags at both ends of every chunk.
        float[] dc = new float[480];
        java.util.Arrays.fill(dc, 0.5f);
        float[] y = NaiveSincResampler.resample(dc, 0, 480, IN, OUT);
        assertThat(y).hasSize(160);
        assertThat(Math.abs(y[80] - 0.5)).isLessThan(0.01);
        assertThat(y[0]).isLessThan(0.35f); // half the kernel falls before the chunk: about half the level
    }
}
