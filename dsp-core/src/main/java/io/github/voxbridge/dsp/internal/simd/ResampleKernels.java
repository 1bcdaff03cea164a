package io.github.voxbridge.dsp.internal.simd;

/**
 * The inner products of a polyphase resampler: one output is a row of coefficients times as many consecutive
 * input samples. For {@link #dot} {@code taps} is always a multiple of 16 (rows are padded with zero taps), so
 * implementations need no tail loop; {@link #decimate} takes any number of taps. Implementations agree within
 * floating-point reassociation (about 1e-6 relative for float).
 */
public interface ResampleKernels {

    /** {@code sum_k x[xOff + k] * c[cOff + k]} for {@code k < taps}, in float. */
    float dot(float[] x, int xOff, float[] c, int cOff, int taps);

    /** The same with double coefficients, accumulated in double. */
    double dot(float[] x, int xOff, double[] c, int cOff, int taps);

    /**
     * {@code count} independent float dot products: {@code out[outOff + i] = dot(x, xOff + starts[from + i], c,
     * cOff + i * taps, taps)}, each bit-identical to what {@link #dot(float[], int, float[], int, int)} returns for
     * it (so a stream does not depend on how its outputs are grouped). Implementations may interleave several
     * outputs to overlap their latencies. ({@code starts} is a ratio's schedule over a period and {@code c} its
     * rows in the order the schedule uses them, shared by every resampler of the ratio; {@code xOff} places the
     * schedule in one resampler's history. Consecutive rows, not a table of row offsets: the offsets cost a load
     * per output and the kernel reads the table front to back.)
     */
    void dots(float[] x, int xOff, int[] starts, int from, float[] c, int cOff, int taps, float[] out, int outOff,
              int count);

    /**
     * Integer decimation by {@code stride}: {@code out[outOff + j] = sum_k c[k] * x[xOff + j * stride + k]} for
     * {@code j < count}, for any row {@code c} (a polyphase row of a linear-phase filter need not be symmetric).
     * The result of each output must not depend on {@code count} or on where the output falls in a batch, so that
     * streaming output is the same however the input is split.
     *
     * @param scratch at least {@link #decimateScratch(int, int, int)} floats, owned by the caller; contents are
     *                not preserved
     */
    void decimate(float[] x, int xOff, int stride, float[] c, int taps, float[] out, int outOff, int count,
                  float[] scratch);

    /** Scratch floats {@link #decimate} needs for up to {@code maxCount} outputs. */
    int decimateScratch(int taps, int stride, int maxCount);

    /**
     * Deals {@code count} samples into {@code stride} streams as samples {@code position, position + 1 ...} of one
     * signal: the sample at position p goes to {@code streams[(p % stride) * perStream + p / stride]}. A decimating
     * resampler keeps its history so ({@link #decimateSplit}), and each input sample is split once instead of once
     * for every batch whose window holds it.
     */
    void deal(float[] x, int xOff, int count, int stride, float[] streams, int perStream, int position);

    /**
     * {@link #decimate} over a history kept by {@link #deal}: {@code out[outOff + j] = sum_k c[k] * h(first + j *
     * stride + k)}, where {@code h(p) = streams[(p % stride) * perStream + p / stride]}; bit for bit what
     * {@link #decimate} gives for the same samples held in one array. A stream must hold {@link #STREAM_SLACK}
     * floats past its last sample (the vector kernel reads whole blocks; what it reads there is not stored).
     *
     * @param scratch at least {@link #decimateSplitScratch(int, int, int)} floats, owned by the caller
     */
    void decimateSplit(float[] streams, int perStream, int stride, int first, float[] c, int taps, float[] out,
                       int outOff, int count, float[] scratch);

    /** Scratch floats {@link #decimateSplit} needs for up to {@code maxCount} outputs. */
    int decimateSplitScratch(int taps, int stride, int maxCount);

    /** Floats a stream of {@link #decimateSplit} holds past its last sample: two blocks of ten 16-lane vectors. */
    int STREAM_SLACK = 2 * 10 * 16 + 16;

    /**
     * Interleaves {@code rows} sequences into one: {@code out[outOff + j] = in[(j % rows) * rowStride + j / rows]}
     * for {@code j < count}, so sequence {@code r} (at {@code in[r * rowStride]}) holds outputs r, r + rows, r + 2
     * rows ... An upsampler by L computes each of its L rows' outputs in one {@link #decimate} call, then interleaves
     * them; data movement only, so every implementation writes the same bits.
     */
    void interleave(float[] in, int rowStride, int rows, float[] out, int outOff, int count);
}
