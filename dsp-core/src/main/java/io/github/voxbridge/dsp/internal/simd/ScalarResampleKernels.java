package io.github.voxbridge.dsp.internal.simd;

/** Portable resampling kernels: four independent partial sums, so the FMA latency chain is not the limit. */
public final class ScalarResampleKernels implements ResampleKernels {

    /** The one instance; stateless. */
    public static final ScalarResampleKernels INSTANCE = new ScalarResampleKernels();

    private ScalarResampleKernels() {
    }

    @Override
    public void dots(float[] x, int xOff, int[] starts, int from, float[] c, int cOff, int taps, float[] out,
                     int outOff, int count) {
        for (int i = 0; i < count; i++) {
            out[outOff + i] = dot(x, xOff + starts[from + i], c, cOff + i * taps, taps);
        }
    }

    @Override
    public float dot(float[] x, int xOff, float[] c, int cOff, int taps) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int k = 0;
        for (int bound = taps - 4; k <= bound; k += 4) {
            s0 = Math.fma(x[xOff + k], c[cOff + k], s0);
            s1 = Math.fma(x[xOff + k + 1], c[cOff + k + 1], s1);
            s2 = Math.fma(x[xOff + k + 2], c[cOff + k + 2], s2);
            s3 = Math.fma(x[xOff + k + 3], c[cOff + k + 3], s3);
        }
        for (; k < taps; k++) {
            s0 = Math.fma(x[xOff + k], c[cOff + k], s0);
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public double dot(float[] x, int xOff, double[] c, int cOff, int taps) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int k = 0; k < taps; k += 4) {
            s0 = Math.fma(x[xOff + k], c[cOff + k], s0);
            s1 = Math.fma(x[xOff + k + 1], c[cOff + k + 1], s1);
            s2 = Math.fma(x[xOff + k + 2], c[cOff + k + 2], s2);
            s3 = Math.fma(x[xOff + k + 3], c[cOff + k + 3], s3);
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public void decimate(float[] x, int xOff, int stride, float[] c, int taps, float[] out, int outOff, int count,
                         float[] scratch) {
        for (int j = 0; j < count; j++) {
            out[outOff + j] = dot(x, xOff + j * stride, c, 0, taps);
        }
    }

    @Override
    public int decimateScratch(int taps, int stride, int maxCount) {
        return 0;
    }

    @Override
    public void deal(float[] x, int xOff, int count, int stride, float[] streams, int perStream, int position) {
        for (int i = 0; i < count; i++) {
            int p = position + i;
            streams[p % stride * perStream + p / stride] = x[xOff + i];
        }
    }

    /** The window of the whole batch put back together in {@code scratch}, then {@link #decimate} on it. */
    @Override
    public void decimateSplit(float[] streams, int perStream, int stride, int first, float[] c, int taps, float[] out,
                              int outOff, int count, float[] scratch) {
        if (count == 0) {
            return;
        }
        int span = (count - 1) * stride + taps;
        for (int r = 0; r < stride && r < span; r++) {
            int p = first + r;
            int from = p % stride * perStream + p / stride;
            for (int i = 0, at = r; at < span; i++, at += stride) {
                scratch[at] = streams[from + i];
            }
        }
        decimate(scratch, 0, stride, c, taps, out, outOff, count, null);
    }

    @Override
    public int decimateSplitScratch(int taps, int stride, int maxCount) {
        return Math.max(0, maxCount - 1) * stride + taps;
    }

    @Override
    public void interleave(float[] in, int rowStride, int rows, float[] out, int outOff, int count) {
        interleaveScalar(in, rowStride, rows, out, outOff, 0, count);
    }

    /**
     * {@link #interleave} from output {@code from} on: the whole of it here, the tail of the vector one. Each row's
     * loop counts its elements one by one ({@code a}), not the outputs {@code rows} apart: C2 makes a counted loop,
     * without bounds checks, only of a loop with a constant step (stepping {@code j} by {@code rows}, 8 -> 24 kHz
     * took 250 ns more per chunk).
     */
    static void interleaveScalar(float[] in, int rowStride, int rows, float[] out, int outOff, int from, int count) {
        for (int r = 0; r < rows && r < count; r++) {
            int first = from <= r ? 0 : (from - r + rows - 1) / rows;
            int end = (count - r + rows - 1) / rows;
            int rowAt = r * rowStride;
            for (int a = first, at = outOff + r + first * rows; a < end; a++, at += rows) {
                out[at] = in[rowAt + a];
            }
        }
    }
}
