package io.github.voxbridge.bench.baseline;

/**
 * <strong>The naive baseline, not voxbridge code:</strong> the windowed-sinc resampler of tutorials and blog posts,
 * kept only so benchmarks can measure ours against it in the same run.
 *
 * <p>Every call resamples one chunk on its own (stateless): samples before and after the chunk count as zero, so
 * each chunk boundary is a discontinuity (a click at every 20 ms in a streaming call), and the output length is
 * {@code floor(length * outRate / inRate)} per chunk, so fractional ratios drift. For each output sample it evaluates
 * the sinc and a Blackman window with {@link Math#sin}/{@link Math#cos} for every tap, and it returns a new array per
 * call, the way the tutorial code does it. What it is <em>not</em> missing: the low-pass cut-off is set to the output
 * Nyquist frequency, so unlike {@code javax.sound} it does filter.
 */
public final class NaiveSincResampler {

    /** Taps either side of the interpolation point, in input samples: 32 taps, a common tutorial choice. */
    public static final int HALF_WIDTH = 16;

    private NaiveSincResampler() {
    }

    /**
     * Resamples {@code in[offset .. offset + length)} from {@code inRate} to {@code outRate} Hz, as one stateless
     * block.
     *
     * @return a new array of {@code floor(length * outRate / inRate)} samples
     */
    public static float[] resample(float[] in, int offset, int length, int inRate, int outRate) {
        double step = (double) inRate / outRate;
        int outLength = (int) ((long) length * outRate / inRate);
        float[] out = new float[outLength];
        // Cut-off as a fraction of the input rate: the lower of the two Nyquist frequencies.
        double cutoff = Math.min(1.0, (double) outRate / inRate) * 0.5;
        for (int n = 0; n < outLength; n++) {
            double t = n * step;
            int centre = (int) Math.floor(t);
            double sum = 0;
            for (int k = centre - HALF_WIDTH + 1; k <= centre + HALF_WIDTH; k++) {
                if (k < 0 || k >= length) {
                    continue;
                }
                double x = t - k;
                double window = 0.42 + 0.5 * Math.cos(Math.PI * x / HALF_WIDTH)
                        + 0.08 * Math.cos(2 * Math.PI * x / HALF_WIDTH);
                double arg = 2 * cutoff * x;
                double sinc = arg == 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
                sum += in[offset + k] * 2 * cutoff * sinc * window;
            }
            out[n] = (float) sum;
        }
        return out;
    }
}
