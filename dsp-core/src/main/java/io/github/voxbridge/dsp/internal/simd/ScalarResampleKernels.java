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
}
