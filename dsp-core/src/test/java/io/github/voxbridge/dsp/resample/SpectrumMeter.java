package io.github.voxbridge.dsp.resample;

import org.apache.commons.math3.complex.Complex;
import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;

/**
 * The meter of the spectral tests: pure tones through a resampler, and what comes out, measured two ways.
 * <ul>
 *   <li>{@link #gain}: least-squares fit of a sinusoid of the known frequency (plus DC) to the steady-state
 *       output; exact for any frequency, no window or bin alignment involved. Used for the pass band.</li>
 *   <li>{@link #spectrum}: Kaiser-windowed (beta 20, side lobes below -180 dB), 4x zero-padded FFT (Apache
 *       Commons Math) of 8192 steady-state output samples, scaled so a sinusoid of amplitude a reads a. Used
 *       for aliases and images, which are tones at frequencies the meter need not know.</li>
 * </ul>
 */
final class SpectrumMeter {

    static final int SEGMENT = 8192;
    static final int PADDING = 4;
    private static final double WINDOW_BETA = 20;
    private static final double[] WINDOW = KaiserDesign.window(SEGMENT, WINDOW_BETA);
    private static final double WINDOW_SUM;

    static {
        double sum = 0;
        for (double w : WINDOW) {
            sum += w;
        }
        WINDOW_SUM = sum;
    }

    private SpectrumMeter() {
    }

    /** A tone of {@code amplitude} at {@code frequency} Hz through a fresh resampler; the whole output. */
    static float[] resampleTone(int in, int out, ResamplerQuality quality, double frequency, double amplitude,
                                int outputSamples) {
        PolyphaseResampler r = PolyphaseResampler.create(in, out, quality);
        int inputSamples = (int) ((long) outputSamples * in / out) + 1;
        float[] x = new float[inputSamples];
        for (int i = 0; i < inputSamples; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * frequency * i / in));
        }
        float[] y = new float[r.outputSamplesFor(inputSamples) + r.taps() + 16];
        int n = r.process(x, 0, inputSamples, y, 0);
        float[] tail = new float[r.flushSamples()];
        r.flush(tail, 0);
        float[] all = new float[n + tail.length];
        System.arraycopy(y, 0, all, 0, n);
        System.arraycopy(tail, 0, all, n, tail.length);
        return all;
    }

    /** Output samples to request so that a steady-state segment of {@link #SEGMENT} samples is available. */
    static int outputLengthFor(int out) {
        // 30 ms of transient at each end covers every preset's delay (at most 10 ms).
        return SEGMENT + 2 * (out * 30 / 1000);
    }

    /** The steady-state segment: skips the start-up and flush transients. */
    static double[] steadySegment(float[] y, int out) {
        int start = out * 30 / 1000;
        double[] segment = new double[SEGMENT];
        for (int i = 0; i < SEGMENT; i++) {
            segment[i] = y[start + i];
        }
        return segment;
    }

    /** Least-squares amplitude of a sinusoid at {@code frequency} Hz in {@code y} (sampled at {@code rate} Hz). */
    static double amplitude(double[] y, double frequency, int rate) {
        // Normal equations for y ~ a cos + b sin + c.
        double[][] m = new double[3][4];
        for (int i = 0; i < y.length; i++) {
            double w = 2 * Math.PI * frequency * i / rate;
            double[] basis = {Math.cos(w), Math.sin(w), 1};
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) {
                    m[r][c] += basis[r] * basis[c];
                }
                m[r][3] += basis[r] * y[i];
            }
        }
        double[] solution = solve(m);
        return Math.hypot(solution[0], solution[1]);
    }

    private static double[] solve(double[][] m) {
        int n = m.length;
        for (int p = 0; p < n; p++) {
            int best = p;
            for (int r = p + 1; r < n; r++) {
                if (Math.abs(m[r][p]) > Math.abs(m[best][p])) {
                    best = r;
                }
            }
            double[] t = m[p];
            m[p] = m[best];
            m[best] = t;
            for (int r = p + 1; r < n; r++) {
                double f = m[r][p] / m[p][p];
                for (int c = p; c <= n; c++) {
                    m[r][c] -= f * m[p][c];
                }
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = m[r][n];
            for (int c = r + 1; c < n; c++) {
                s -= m[r][c] * x[c];
            }
            x[r] = s / m[r][r];
        }
        return x;
    }

    /** Gain in dB of a tone at {@code frequency} Hz (in the pass band) through the resampler. */
    static double gain(int in, int out, ResamplerQuality quality, double frequency) {
        double amplitude = 0.5;
        float[] y = resampleTone(in, out, quality, frequency, amplitude, outputLengthFor(out));
        return 20 * Math.log10(amplitude(steadySegment(y, out), frequency, out) / amplitude);
    }

    /**
     * Amplitude spectrum of the steady-state output: bin k of {@code SEGMENT * PADDING / 2 + 1} is
     * {@code k * rate / (SEGMENT * PADDING)} Hz; a sinusoid of amplitude a reads a at its peak.
     */
    static double[] spectrum(double[] segment) {
        double[] padded = new double[SEGMENT * PADDING];
        for (int i = 0; i < SEGMENT; i++) {
            padded[i] = segment[i] * WINDOW[i];
        }
        Complex[] bins = new FastFourierTransformer(DftNormalization.STANDARD).transform(padded, TransformType.FORWARD);
        double[] magnitude = new double[padded.length / 2 + 1];
        for (int k = 0; k < magnitude.length; k++) {
            magnitude[k] = bins[k].abs() * 2 / WINDOW_SUM;
        }
        return magnitude;
    }

    /** Bins on each side of a tone's peak that belong to its main lobe (beta 20: about 6.5 unpadded bins). */
    static int mainLobeBins() {
        return 8 * PADDING;
    }

    static double db(double amplitude) {
        return 20 * Math.log10(Math.max(amplitude, 1e-30));
    }
}
