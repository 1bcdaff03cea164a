package io.github.voxbridge.dsp.internal.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Resampling kernels on the Vector API.
 *
 * <p>{@link #dot}: FMA over the taps with two independent accumulators (one FMA chain would wait on its own
 * latency), one horizontal sum per output. Used for rational ratios, where consecutive outputs need different
 * coefficient rows.
 *
 * <p>{@link #decimate}: for integer decimation by M every output uses the same row, so lanes hold consecutive
 * outputs instead of consecutive taps and there is no horizontal sum at all. The input is first split into its M
 * polyphase streams ({@code stream r, position i = x[r + i M]}) so that, for tap k, the inputs of 16 consecutive
 * outputs are 16 consecutive floats of stream {@code k mod M}. Each tap is then one broadcast coefficient and one
 * FMA per 16 outputs; five vectors of outputs run side by side so the FMA latency is hidden. The row of a
 * linear-phase filter is symmetric, so mirrored taps are added before their shared multiply: half the FMAs. Every
 * lane performs the same sequence of operations, so an output's value does not depend on its position in a batch.
 */
final class PanamaResampleKernels implements ResampleKernels {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = FLOATS.length();
    /** Doubles of the same lane count as the floats: a float vector widens into one double vector of this. */
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    private static final int DOUBLE_LANES = DOUBLES.length();
    private static final VectorSpecies<Float> FLOATS_FOR_DOUBLES =
            VectorSpecies.of(float.class, jdk.incubator.vector.VectorShape.forBitSize(DOUBLES.vectorBitSize() / 2));

    @Override
    public float dot(float[] x, int xOff, float[] c, int cOff, int taps) {
        FloatVector acc0 = FloatVector.zero(FLOATS);
        FloatVector acc1 = FloatVector.zero(FLOATS);
        int k = 0;
        for (int bound = taps - 2 * LANES; k <= bound; k += 2 * LANES) {
            acc0 = FloatVector.fromArray(FLOATS, x, xOff + k)
                    .fma(FloatVector.fromArray(FLOATS, c, cOff + k), acc0);
            acc1 = FloatVector.fromArray(FLOATS, x, xOff + k + LANES)
                    .fma(FloatVector.fromArray(FLOATS, c, cOff + k + LANES), acc1);
        }
        for (; k < taps; k += LANES) {
            acc0 = FloatVector.fromArray(FLOATS, x, xOff + k)
                    .fma(FloatVector.fromArray(FLOATS, c, cOff + k), acc0);
        }
        return acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    }

    @Override
    public double dot(float[] x, int xOff, double[] c, int cOff, int taps) {
        DoubleVector acc0 = DoubleVector.zero(DOUBLES);
        DoubleVector acc1 = DoubleVector.zero(DOUBLES);
        int k = 0;
        for (int bound = taps - 2 * DOUBLE_LANES; k <= bound; k += 2 * DOUBLE_LANES) {
            acc0 = widen(x, xOff + k).fma(DoubleVector.fromArray(DOUBLES, c, cOff + k), acc0);
            acc1 = widen(x, xOff + k + DOUBLE_LANES)
                    .fma(DoubleVector.fromArray(DOUBLES, c, cOff + k + DOUBLE_LANES), acc1);
        }
        for (; k < taps; k += DOUBLE_LANES) {
            acc0 = widen(x, xOff + k).fma(DoubleVector.fromArray(DOUBLES, c, cOff + k), acc0);
        }
        return acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    }

    private static DoubleVector widen(float[] x, int off) {
        return (DoubleVector) FloatVector.fromArray(FLOATS_FOR_DOUBLES, x, off)
                .convertShape(VectorOperators.F2D, DOUBLES, 0);
    }

    /**
     * Outputs per block: five vectors of consecutive outputs share each broadcast coefficient. Five chains hide the
     * FMA latency (4 cycles), and a 20 ms frame at 8 kHz (160 outputs) is exactly two blocks of 5 x 16 lanes, or
     * four of 5 x 8.
     */
    private static final int BLOCK = 5 * LANES;

    @Override
    public int decimateScratch(int taps, int stride, int maxCount) {
        int perStream = (taps + stride - 1) / stride + roundUp(maxCount, BLOCK);
        return stride * perStream;
    }

    /** Largest decimation factor whose streams are split with vector gathers (48 kHz -> 1 kHz is 48). */
    private static final int MAX_GATHER_STRIDE = 64;

    /** {@code GATHER_MAPS[m]} = {0, m, 2m, ...}: lane offsets of one stream of stride m. */
    private static final int[][] GATHER_MAPS = new int[MAX_GATHER_STRIDE + 1][];

    static {
        for (int m = 1; m <= MAX_GATHER_STRIDE; m++) {
            GATHER_MAPS[m] = new int[LANES];
            for (int lane = 0; lane < LANES; lane++) {
                GATHER_MAPS[m][lane] = lane * m;
            }
        }
    }

    private static int roundUp(int n, int multiple) {
        return (n + multiple - 1) / multiple * multiple;
    }

    @Override
    public void decimate(float[] x, int xOff, int stride, float[] c, int taps, float[] out, int outOff, int count,
                         float[] scratch) {
        if (count == 0) {
            return;
        }
        int blocks = roundUp(count, BLOCK);
        int perStream = (taps + stride - 1) / stride + blocks;
        // Split the window into its polyphase streams; positions past the real input are zero so that lanes of a
        // partial block compute harmless values (they are never stored). Strides up to MAX_GATHER_STRIDE gather a
        // vector of a stream at a time.
        int available = (count - 1) * stride + taps;
        int[] gather = stride <= MAX_GATHER_STRIDE ? GATHER_MAPS[stride] : null;
        for (int r = 0; r < stride; r++) {
            int base = r * perStream;
            int valid = r < available ? (available - r + stride - 1) / stride : 0;
            int i = 0;
            if (gather != null) {
                for (; i <= valid - LANES; i += LANES) {
                    FloatVector.fromArray(FLOATS, x, xOff + r + i * stride, gather, 0).intoArray(scratch, base + i);
                }
            }
            for (; i < valid; i++) {
                scratch[base + i] = x[xOff + r + i * stride];
            }
            java.util.Arrays.fill(scratch, base + valid, base + perStream, 0f);
        }
        for (int j = 0; j < count; j += BLOCK) {
            FloatVector acc0 = FloatVector.zero(FLOATS);
            FloatVector acc1 = FloatVector.zero(FLOATS);
            FloatVector acc2 = FloatVector.zero(FLOATS);
            FloatVector acc3 = FloatVector.zero(FLOATS);
            FloatVector acc4 = FloatVector.zero(FLOATS);
            // The row is symmetric (linear phase): tap k and tap taps-1-k share a coefficient, so their inputs are
            // added first and multiplied once. Stream and position of both taps are stepped without division.
            int half = taps / 2;
            int r = 0;
            int at = j;
            int mirror = taps - 1;
            int mirrorStream = mirror % stride;
            int mirrorAt = mirrorStream * perStream + mirror / stride + j;
            for (int k = 0; k < half; k++) {
                FloatVector coefficient = FloatVector.broadcast(FLOATS, c[k]);
                int a = r * perStream + at;
                acc0 = FloatVector.fromArray(FLOATS, scratch, a)
                        .add(FloatVector.fromArray(FLOATS, scratch, mirrorAt)).fma(coefficient, acc0);
                acc1 = FloatVector.fromArray(FLOATS, scratch, a + LANES)
                        .add(FloatVector.fromArray(FLOATS, scratch, mirrorAt + LANES)).fma(coefficient, acc1);
                acc2 = FloatVector.fromArray(FLOATS, scratch, a + 2 * LANES)
                        .add(FloatVector.fromArray(FLOATS, scratch, mirrorAt + 2 * LANES)).fma(coefficient, acc2);
                acc3 = FloatVector.fromArray(FLOATS, scratch, a + 3 * LANES)
                        .add(FloatVector.fromArray(FLOATS, scratch, mirrorAt + 3 * LANES)).fma(coefficient, acc3);
                acc4 = FloatVector.fromArray(FLOATS, scratch, a + 4 * LANES)
                        .add(FloatVector.fromArray(FLOATS, scratch, mirrorAt + 4 * LANES)).fma(coefficient, acc4);
                if (++r == stride) {
                    r = 0;
                    at++;
                }
                if (--mirrorStream < 0) {
                    mirrorStream = stride - 1;
                    mirrorAt += (stride - 1) * perStream - 1;
                } else {
                    mirrorAt -= perStream;
                }
            }
            if ((taps & 1) != 0) {
                FloatVector coefficient = FloatVector.broadcast(FLOATS, c[half]);
                int a = r * perStream + at;
                acc0 = FloatVector.fromArray(FLOATS, scratch, a).fma(coefficient, acc0);
                acc1 = FloatVector.fromArray(FLOATS, scratch, a + LANES).fma(coefficient, acc1);
                acc2 = FloatVector.fromArray(FLOATS, scratch, a + 2 * LANES).fma(coefficient, acc2);
                acc3 = FloatVector.fromArray(FLOATS, scratch, a + 3 * LANES).fma(coefficient, acc3);
                acc4 = FloatVector.fromArray(FLOATS, scratch, a + 4 * LANES).fma(coefficient, acc4);
            }
            store(acc0, out, outOff + j, count - j);
            store(acc1, out, outOff + j + LANES, count - j - LANES);
            store(acc2, out, outOff + j + 2 * LANES, count - j - 2 * LANES);
            store(acc3, out, outOff + j + 3 * LANES, count - j - 3 * LANES);
            store(acc4, out, outOff + j + 4 * LANES, count - j - 4 * LANES);
        }
    }

    private static void store(FloatVector v, float[] out, int off, int remaining) {
        if (remaining >= LANES) {
            v.intoArray(out, off);
        } else if (remaining > 0) {
            v.intoArray(out, off, VectorMask.fromLong(FLOATS, (1L << remaining) - 1));
        }
    }
}
