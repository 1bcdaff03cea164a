package io.github.voxbridge.bench;

import java.util.Random;

/**
 * A deterministic, speech-like test signal at 8 kHz: voiced sound whose fundamental glides between about
 * 90 and 230 Hz, with twelve harmonics shaped by two moving formant-like peaks, a syllable envelope of about
 * four syllables per second with short pauses between them, and a little white noise.
 *
 * <p>What matters for the codec benchmarks is that, like real speech, the samples wander over almost every
 * G.711 segment in an irregular order: a branchy encoder mispredicts about as often as it would on speech,
 * and no encoder sees a constant or periodic input it could be tuned to. Everything is computed with
 * {@link StrictMath} and a seeded {@link Random}, so every JVM produces the same samples.
 */
final class SpeechLikeSignal {

    /** Samples per second. */
    static final int SAMPLE_RATE_HZ = 8000;

    /** Samples handed to the benchmarks: two seconds, more than a branch predictor can learn. */
    static final int LENGTH = 2 * SAMPLE_RATE_HZ;

    private static final long SEED = 0x5EEDL;
    private static final int HARMONICS = 12;
    /**
     * Gain of the voiced part, full scale 1.0. The loudest syllable peaks at about 0.9 (29,638 in 16-bit
     * units): loud speech with a little headroom, as TTS engines normalise it, reaching every segment.
     */
    private static final double PEAK = 0.78;
    /** White noise at about -50 dBFS (RMS), the floor between syllables. */
    private static final double NOISE_RMS = 0.003;

    private final float[] samples;

    private SpeechLikeSignal(float[] samples) {
        this.samples = samples;
    }

    /** The signal of {@link #LENGTH} samples. */
    static SpeechLikeSignal generate() {
        Random random = new Random(SEED);
        float[] out = new float[LENGTH];
        double phase = 0;                       // of the fundamental, in cycles
        double twoPi = 2 * StrictMath.PI;
        for (int n = 0; n < LENGTH; n++) {
            double t = (double) n / SAMPLE_RATE_HZ;
            // Intonation: a slow glide plus a faster wobble, 90..230 Hz.
            double f0 = 160 + 55 * StrictMath.sin(twoPi * 0.7 * t) + 15 * StrictMath.sin(twoPi * 5.3 * t);
            phase += f0 / SAMPLE_RATE_HZ;
            // Two formant-like peaks that move with the "vowel".
            double formant1 = 500 + 250 * StrictMath.sin(twoPi * 2.1 * t);
            double formant2 = 1500 + 600 * StrictMath.sin(twoPi * 1.3 * t + 1);
            double voiced = 0;
            for (int k = 1; k <= HARMONICS; k++) {
                double f = k * f0;
                if (f >= SAMPLE_RATE_HZ / 2.0) {
                    break;
                }
                double gain = resonance(f, formant1, 120) + 0.5 * resonance(f, formant2, 200) + 0.05;
                voiced += gain / k * StrictMath.sin(twoPi * k * phase + k * k * 0.37);
            }
            // Syllables: about 4 per second, rising and falling, with pauses where the sine is negative.
            double syllable = StrictMath.sin(twoPi * 3.9 * t + 0.3 * StrictMath.sin(twoPi * 0.45 * t));
            double envelope = syllable > 0 ? StrictMath.pow(syllable, 1.5) : 0;
            double loudness = 0.35 + 0.65 * (0.5 + 0.5 * StrictMath.sin(twoPi * 0.31 * t));
            out[n] = (float) (PEAK * loudness * envelope * voiced + NOISE_RMS * random.nextGaussian());
        }
        return new SpeechLikeSignal(out);
    }

    private static double resonance(double f, double centre, double bandwidth) {
        double d = (f - centre) / bandwidth;
        return 1 / (1 + d * d);
    }

    /** The samples, full scale ±1.0 (a copy). */
    float[] floats() {
        return samples.clone();
    }

    /** The samples as 16-bit PCM, scaled by 32768, rounded and clipped. */
    short[] pcm16() {
        short[] out = new short[samples.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) Math.max(-32768, Math.min(32767, Math.round(samples[i] * 32768f)));
        }
        return out;
    }
}
