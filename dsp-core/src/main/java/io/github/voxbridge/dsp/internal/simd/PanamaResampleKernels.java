package io.github.voxbridge.dsp.internal.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Resampling kernels on the Vector API: FMA over the taps with two independent accumulators (one FMA chain would
 * wait on its own latency), one horizontal sum per output.
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
}
