package io.github.voxbridge.dsp.internal.simd;

/**
 * The inner products of a polyphase resampler: one output is a row of coefficients times as many consecutive
 * input samples. {@code taps} is always a multiple of 16 (rows are padded with zero taps), so implementations need
 * no tail loop. Implementations agree within floating-point reassociation (about 1e-6 relative for float).
 */
public interface ResampleKernels {

    /** {@code sum_k x[xOff + k] * c[cOff + k]} for {@code k < taps}, in float. */
    float dot(float[] x, int xOff, float[] c, int cOff, int taps);

    /** The same with double coefficients, accumulated in double. */
    double dot(float[] x, int xOff, double[] c, int cOff, int taps);
}
