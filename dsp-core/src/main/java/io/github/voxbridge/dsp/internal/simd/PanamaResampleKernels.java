package io.github.voxbridge.dsp.internal.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Resampling kernels on the Vector API.
 *
 * <p>{@link #dot}: FMA over the taps with two independent accumulators (one FMA chain would wait on its own
 * latency), one horizontal sum per output, in a fixed pairwise order (see {@code sum}) so that the result has the
 * same bits in every JIT tier. Used for rational ratios, where consecutive outputs need different
 * coefficient rows.
 *
 * <p>{@link #decimate}: for integer decimation by M every output uses the same row, so lanes hold consecutive
 * outputs instead of consecutive taps and there is no horizontal sum at all. The input is first split into its M
 * polyphase streams ({@code stream r, position i = x[r + i M]}) so that, for tap k, the inputs of 16 consecutive
 * outputs are 16 consecutive floats of stream {@code k mod M}. Each tap is then one broadcast coefficient and one
 * FMA per 16 outputs; ten vectors of outputs (a 20 ms frame at 8 kHz) run side by side. Those inputs are unaligned
 * loads, and they (not the FMAs) are the limit: taps LANES apart in a stream share all but two of their loads
 * across the output vectors, so taps are taken three at a time down a column of the stream, twelve loads for thirty
 * FMAs with ten vectors (seven for fifteen with five: ten vectors instead of five made 24 kHz -> 8 kHz 22 % faster
 * at telephony and 28 % at hq, 2026-12-03 on a 2-core AMD EPYC Zen 5). Folding the symmetric row, adding mirrored
 * inputs before one multiply, halves the FMAs but not the loads: with five vectors it was 8 % faster at hq and 15 %
 * slower at telephony, and with ten the method grew past what C2 compiles (its Java fallback ran, 30 times slower),
 * so it is not used. Three ten-vector variants that do compile are slower still (ResampleBench, 16 kHz to 8 kHz hq,
 * against this kernel in the same hour, 2026-12-04): the fold three pairs a step down a column with single pairs
 * after (24 loads for 30 additions and 30 FMAs) 716 ns against 440, the fold one pair at a time (two loads per
 * pair and output vector) 687 against 467, and a column walked one tap at a time with its ten input vectors kept in
 * registers (one load per tap, nine register moves) 503 against 440. Columns of five taps or more (hq) take five at a
 * time first, fourteen loads for fifty FMAs: 16 kHz -> 8 kHz hq 497 and 504 ns against 548 and 551 (two forks each,
 * alternating builds, Intel Xeon, 2026-12-04; 24 and 22.05 kHz hq 3 % faster). Each accumulator still takes its taps
 * one FMA at a time in tap order, however they are grouped, so the outputs have the same bits. Every lane performs the
 * same sequence of operations, so an output's value does not depend on its position in a batch.
 */
final class PanamaResampleKernels implements ResampleKernels {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = FLOATS.length();
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, FLOATS.vectorShape());
    /** Doubles of the same lane count as the floats: a float vector widens into one double vector of this. */
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    private static final int DOUBLE_LANES = DOUBLES.length();
    private static final VectorShuffle<Float> FLOAT_FOLD_8 = rotation(FLOATS, 8 % LANES);
    private static final VectorShuffle<Float> FLOAT_FOLD_4 = rotation(FLOATS, 4 % LANES);
    private static final VectorShuffle<Double> DOUBLE_FOLD_4 = rotation(DOUBLES, 4 % DOUBLE_LANES);
    private static final VectorShuffle<Double> DOUBLE_FOLD_2 = rotation(DOUBLES, 2 % DOUBLE_LANES);
    /*
     * dots() folds four outputs' sums together, every lane addition with the operands of dot()'s horizontal sum: at
     * step s (LANES / 2, LANES / 4, ... 1) output k's lane i becomes lane i + lane (i + s). At the first step output 0
     * keeps lanes [0, LANES / 2) and output 2 takes the upper half, where lane i holds its lane i - LANES / 2
     * (rotation by LANES / 2 on the left operand, itself on the right); likewise outputs 1 and 3. At the second
     * the two vectors meet in one: output j's LANES / 4 lanes at [j LANES / 4, (j + 1) LANES / 4), the odd
     * quarters from the second vector rotated back by LANES / 4. The remaining steps rotate the whole vector: lane
     * j LANES / 4 + i for i < s only reads lanes of the same output. Requires LANES >= 4.
     */
    private static final VectorShuffle<Float> FOUR_HALF = rotation(FLOATS, LANES / 2);
    private static final VectorShuffle<Float> FOUR_QUARTER = rotation(FLOATS, LANES / 4);
    private static final VectorShuffle<Float> FOUR_BACK_QUARTER = rotation(FLOATS, LANES - LANES / 4);
    private static final VectorMask<Float> FOUR_UPPER_HALF = lanesWhere(i -> i >= LANES / 2);
    private static final VectorMask<Float> FOUR_ODD_QUARTERS = lanesWhere(i -> (i & LANES / 4) != 0);
    /** Rotations by LANES / 8, ... 1: none for 4 lanes, {1} for 8, {2, 1} for 16. */
    private static final VectorShuffle<Float>[] FOUR_REST = remainingFolds();
    /*
     * The transposing tree of dots() for short rows: LANES product vectors (one output each, as dot() has them
     * before its sum) become one vector of LANES sums in log2(LANES) levels. At the level of step s (LANES / 2,
     * ... 1) two vectors a and b become one: the lanes with bit s clear keep a's lane i plus its lane i ^ s, the
     * lanes with bit s set b's, i.e. a.blend(b, bit s) + b.blend(a, bit s).rearrange(i ^ s). Each output's lanes
     * are added in pairs (i, i + s) for s = LANES / 2 ... 1, exactly the order of dot()'s horizontal sum, so each
     * sum has dot()'s bits.
     * Output o ends in lane bitreverse(o) (its bits picked at each level), which TREE_ORDER puts back in place.
     */
    private static final VectorMask<Float> TREE_MASK_8 = lanesWhere(i -> (i & 8) != 0);
    private static final VectorMask<Float> TREE_MASK_4 = lanesWhere(i -> (i & 4) != 0);
    private static final VectorMask<Float> TREE_MASK_2 = lanesWhere(i -> (i & 2) != 0);
    private static final VectorMask<Float> TREE_MASK_1 = lanesWhere(i -> (i & 1) != 0);
    private static final VectorShuffle<Float> TREE_SWAP_8 = swap(8);
    private static final VectorShuffle<Float> TREE_SWAP_4 = swap(4);
    private static final VectorShuffle<Float> TREE_SWAP_2 = swap(2);
    private static final VectorShuffle<Float> TREE_SWAP_1 = swap(1);
    private static final VectorShuffle<Float> TREE_ORDER = VectorShuffle.fromOp(FLOATS,
            o -> Integer.reverse(o) >>> (Integer.numberOfLeadingZeros(LANES) + 1));
    /**
     * tree16Wide's order: eight outputs through the levels of steps 8, 4 and 2 end in pairs of lanes (bit 0 free),
     * output o in lanes 2 bitreverse3(o) and the next; lanes 8 and up are not stored.
     */
    private static final VectorShuffle<Float> TREE_ORDER_EIGHT = VectorShuffle.fromOp(FLOATS,
            o -> o < 8 && LANES == 16 ? 2 * (Integer.reverse(o) >>> 29) : 0);
    private static final VectorMask<Float> TREE_LOWER_HALF = lanesWhere(i -> i < 8);
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
        // sum(FloatVector)'s steps, written out here: dots() calls this for the outputs after its groups, and
        // inlined there, past C2's node budget, a call of sum() was left out of line and its argument boxed (64
        // bytes per output: 384 B per 20 ms chunk at 44.1 kHz telephony, once a kernel call stopped at the end of
        // the schedule's period and left outputs over). With no vector passed to a method, nothing is boxed.
        FloatVector v = acc0.add(acc1);
        if (LANES != 8 && LANES != 16) {
            return foldLanes(v.toArray());
        }
        if (LANES == 16) {
            v = v.add(v.rearrange(FLOAT_FOLD_8));
        }
        v = v.add(v.rearrange(FLOAT_FOLD_4));
        return (v.lane(0) + v.lane(2)) + (v.lane(1) + v.lane(3));
    }

    /**
     * Four outputs at a time, each with exactly the operations of {@link #dot}: one output's FMA chain and its
     * horizontal sum wait on their own latency, four independent ones fill the pipeline. Used when L is too large
     * for the batch kernel (44.1 or 22.05 kHz to 8 kHz), where consecutive outputs need different rows.
     *
     * <p>The four horizontal sums are folded together in this method, in {@link #dot}'s order (see
     * {@code FOUR_*}), and no vector is passed to a helper. They were four calls of {@code sum(FloatVector)}; with
     * the FMA loops in front of them this method's graph passed C2's inlining node budget, and
     * {@code -XX:+PrintInlining} showed {@code sum} at the third and fourth call sites as "failed to inline:
     * NodeCountInliningCutoff" (the first two inlined). A vector passed to a method that is not inlined is boxed:
     * two 512-bit vectors per four outputs, 7,680 bytes per 20 ms chunk at 22.05 and 44.1 kHz to 8 kHz. The
     * Vector API's own methods are {@code @ForceInline}, which C2 delays past that cutoff instead of refusing,
     * so a body made of them alone stays intrinsified however large it grows.
     */
    @Override
    public void dots(float[] x, int xOff, int[] starts, int from, float[] c, int cOff, int taps, float[] out,
                     int outOff, int count) {
        int i = 0;
        if (LANES == 16 && (taps == 3 * LANES || taps == 4 * LANES)) {
            // Rows of 48 or 64 taps (the front stage at 44.1 kHz hq: 48 since it droops): the same tree, eight
            // outputs at a time.
            boolean four = taps == 4 * LANES;
            for (; i + 8 <= count; i += 8) {
                tree16Wide(x, xOff, starts, c, cOff + i * taps, four, from + i, out, outOff + i);
            }
        }
        if ((LANES == 16 || LANES == 8) && (taps == LANES || taps == 2 * LANES)) {
            // Short rows (the front stage of a two-stage chain: 16 or 32 taps): LANES outputs at a time, their
            // horizontal sums done together by the transposing tree (see TREE_*), not one fold per output. Each
            // width is its own straight-line method: one method with branches for one to four vectors per output
            // ran 25x slower (C2 gave up on it, and the Vector API's fallback ran instead).
            boolean two = taps == 2 * LANES;
            for (; i + LANES <= count; i += LANES) {
                if (LANES == 16) {
                    tree16(x, xOff, starts, c, cOff + i * taps, two, from + i, out, outOff + i);
                } else {
                    tree8(x, xOff, starts, c, cOff + i * taps, two, from + i, out, outOff + i);
                }
            }
        }
        for (; LANES >= 4 && i + 4 <= count; i += 4) {
            int x0 = xOff + starts[from + i];
            int x1 = xOff + starts[from + i + 1];
            int x2 = xOff + starts[from + i + 2];
            int x3 = xOff + starts[from + i + 3];
            int c0 = cOff + (i + 0) * taps;
            int c1 = cOff + (i + 1) * taps;
            int c2 = cOff + (i + 2) * taps;
            int c3 = cOff + (i + 3) * taps;
            FloatVector a0 = FloatVector.zero(FLOATS);
            FloatVector b0 = FloatVector.zero(FLOATS);
            FloatVector a1 = FloatVector.zero(FLOATS);
            FloatVector b1 = FloatVector.zero(FLOATS);
            FloatVector a2 = FloatVector.zero(FLOATS);
            FloatVector b2 = FloatVector.zero(FLOATS);
            FloatVector a3 = FloatVector.zero(FLOATS);
            FloatVector b3 = FloatVector.zero(FLOATS);
            int k = 0;
            for (int bound = taps - 2 * LANES; k <= bound; k += 2 * LANES) {
                a0 = FloatVector.fromArray(FLOATS, x, x0 + k).fma(FloatVector.fromArray(FLOATS, c, c0 + k), a0);
                b0 = FloatVector.fromArray(FLOATS, x, x0 + k + LANES)
                        .fma(FloatVector.fromArray(FLOATS, c, c0 + k + LANES), b0);
                a1 = FloatVector.fromArray(FLOATS, x, x1 + k).fma(FloatVector.fromArray(FLOATS, c, c1 + k), a1);
                b1 = FloatVector.fromArray(FLOATS, x, x1 + k + LANES)
                        .fma(FloatVector.fromArray(FLOATS, c, c1 + k + LANES), b1);
                a2 = FloatVector.fromArray(FLOATS, x, x2 + k).fma(FloatVector.fromArray(FLOATS, c, c2 + k), a2);
                b2 = FloatVector.fromArray(FLOATS, x, x2 + k + LANES)
                        .fma(FloatVector.fromArray(FLOATS, c, c2 + k + LANES), b2);
                a3 = FloatVector.fromArray(FLOATS, x, x3 + k).fma(FloatVector.fromArray(FLOATS, c, c3 + k), a3);
                b3 = FloatVector.fromArray(FLOATS, x, x3 + k + LANES)
                        .fma(FloatVector.fromArray(FLOATS, c, c3 + k + LANES), b3);
            }
            for (; k < taps; k += LANES) {
                a0 = FloatVector.fromArray(FLOATS, x, x0 + k).fma(FloatVector.fromArray(FLOATS, c, c0 + k), a0);
                a1 = FloatVector.fromArray(FLOATS, x, x1 + k).fma(FloatVector.fromArray(FLOATS, c, c1 + k), a1);
                a2 = FloatVector.fromArray(FLOATS, x, x2 + k).fma(FloatVector.fromArray(FLOATS, c, c2 + k), a2);
                a3 = FloatVector.fromArray(FLOATS, x, x3 + k).fma(FloatVector.fromArray(FLOATS, c, c3 + k), a3);
            }
            FloatVector s0 = a0.add(b0);
            FloatVector s1 = a1.add(b1);
            FloatVector s2 = a2.add(b2);
            FloatVector s3 = a3.add(b3);
            // Step s = LANES / 2 for two outputs in one vector: output 0 in the lower half, output 2 in the upper.
            FloatVector p = s0.blend(s2.rearrange(FOUR_HALF), FOUR_UPPER_HALF)
                    .add(s0.rearrange(FOUR_HALF).blend(s2, FOUR_UPPER_HALF));
            FloatVector q = s1.blend(s3.rearrange(FOUR_HALF), FOUR_UPPER_HALF)
                    .add(s1.rearrange(FOUR_HALF).blend(s3, FOUR_UPPER_HALF));
            // Step s = LANES / 4 for all four: output j in lanes [j LANES / 4, (j + 1) LANES / 4).
            FloatVector r = p.blend(q.rearrange(FOUR_BACK_QUARTER), FOUR_ODD_QUARTERS)
                    .add(p.rearrange(FOUR_QUARTER).blend(q, FOUR_ODD_QUARTERS));
            for (VectorShuffle<Float> fold : FOUR_REST) {
                r = r.add(r.rearrange(fold));
            }
            out[outOff + i] = r.lane(0);
            out[outOff + i + 1] = r.lane(LANES / 4);
            out[outOff + i + 2] = r.lane(LANES / 2);
            out[outOff + i + 3] = r.lane(3 * LANES / 4);
        }
        for (; i < count; i++) {
            out[outOff + i] = dot(x, xOff + starts[from + i], c, cOff + i * taps, taps);
        }
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
        return sum(acc0.add(acc1));
    }

    /*
     * Horizontal sums in one fixed order: lane i adds lane i + s for s = lanes / 2, lanes / 4, ... 1, and lane 0 is
     * the result. reduceLanes(ADD) leaves the order of a floating-point sum unspecified, and it differs between the
     * Vector API's Java fallback (lane by lane) and C2's intrinsic (a tree): the same dot() call gave results 1 to 2
     * ulps apart depending on whether it had been compiled yet (ResampleKernelAgreementTest, 256-bit run), so a
     * resampler's output changed with JIT warm-up and with how its outputs fell into dots() groups. Each step adds
     * a constant rotation of the vector to itself; every step is exact IEEE arithmetic in every tier. The float dot()
     * does these steps itself and dots() folds its own sums (see its Javadoc): a helper taking a vector is
     * allocation-free only where C2 inlines it, as it does for the double dot() below. Cost against reduceLanes,
     * timed roughly on a loaded machine (to be confirmed in JMH): the float rational paths about 2x slower (22.05
     * kHz -> 8 kHz: 2.5 -> 4.5 us per 20 ms), the double ones about the same; batched decimation (24, 48 kHz -> 8
     * kHz) has no horizontal sums and is unaffected.
     */
    private static double sum(DoubleVector v) {
        if (DOUBLE_LANES != 4 && DOUBLE_LANES != 8) {
            return foldLanes(v.toArray());
        }
        DoubleVector w = v;
        if (DOUBLE_LANES == 8) {
            w = w.add(w.rearrange(DOUBLE_FOLD_4));
        }
        w = w.add(w.rearrange(DOUBLE_FOLD_2));
        return w.lane(0) + w.lane(1);
    }

    /** Lane i takes lane i ^ bit (identity where that is not a lane: vectors narrower than the bit). */
    private static VectorShuffle<Float> swap(int bit) {
        return VectorShuffle.fromOp(FLOATS, i -> (i ^ bit) < LANES ? i ^ bit : i);
    }

    /**
     * 16 outputs of {@link #dots} (taps LANES or 2 LANES, LANES = 16): as dot() has them before its
     * sum, then the tree (TREE_*).
     */
    private static void tree16(float[] x, int xOff, int[] starts, float[] c, int row, boolean two,
                               int i, float[] out, int at) {
        FloatVector z = FloatVector.zero(FLOATS);
        int stride = two ? 2 * LANES : LANES;
        FloatVector p0 = FloatVector.fromArray(FLOATS, x, xOff + starts[i + 0])
                .fma(FloatVector.fromArray(FLOATS, c, row), z);
        if (two) {
            p0 = p0.add(FloatVector.fromArray(FLOATS, x, xOff + starts[i + 0] + LANES)
                    .fma(FloatVector.fromArray(FLOATS, c, row + LANES), z));
        }
        FloatVector p1 = FloatVector.fromArray(FLOATS, x, xOff + starts[i + 1])
                .fma(FloatVector.fromArray(FLOATS, c, (row + 1 * stride)), z);
        if (two) {
            p1 = p1.add(FloatVector.fromArray(FLOATS, x, xOff + starts[i + 1] + LANES)
                    .fma(FloatVector.fromArray(FLOATS, c, (row + 1 * stride) + LANES), z));
        }
        FloatVector p2 = FloatVector.fromArray(FLOATS, x, xOff + starts[i + 2])
                .fma(FloatVector.fromArray(FLOATS, c, (row + 2 * stride)), z);
        if (two) {
            p2 = p2.add(FloatVector.fromArray(FLOATS, x, xOff + starts[i + 2] + LANES)
                    .fma(FloatVector.fromArray(FLOATS, c, (row + 2 * stride) + LANES), z));
        }
        FloatVector p3 = FloatVector.fromArray(FLOATS, x, xOff + starts[i + 3])
                .fma(FloatVector.fromArray(FLOATS, c, (row + 3 * stride)), z);
        if (two) {
            p3 = p3.add(FloatVector.fromArray(FLOATS, x, xOff + starts[i + 3] + LANES)
                    .fma(FloatVector.fromArray(FLOATS, c, (row + 3 * stride) + LANES), z));
        }
        FloatVector p4 = FloatVector.fromArray(FLOATS, x, xOff + starts[i + 4])
                .fma(FloatVector.fromArray(FLOATS, c, (row + 4 * stride)), z);
        if (two) {
            p4 = p4.add(FloatVector.fromArray(FLOATS, x, xOff + starts[i + 4] + LANES)
                    .fma(FloatVector.fromArray(FLOATS, c, (row + 4 * stride) + LANES), z));
        }
        FloatVector p5 = FloatVector.fromArray(FLOATS, x, xOff + starts[i + 5])
                .fma(FloatVector.fromArray(FLOATS, c, (row + 5 * stride)), z);
        if (two) {
            p5 = p5.add(FloatVector.fromArray(FLOATS, x, xOff + starts[i + 5] + LANES)
                    .fma(FloatVector.fromArray(FLOATS, c, (row + 5 * stride) + LANES), z));
        }
        FloatVector p6 = FloatVector.fromArray(FLOATS, x, xOff + starts[i + 6])
                .fma(FloatVector.fromArray(FLOATS, c, (row + 6 * stride)), z);
        if (two) {
            p6 = p6.add(FloatVector.fromArray(FLOATS, x, xOff + starts[i + 6] + LANES)
                    .fma(FloatVector.fromArray(FLOATS, c, (row + 6 * stride) + LANES), z));
        }
        FloatVector p7 = FloatVector.fromArray(FLOATS, x, xOff + starts[i + 7])
                .fma(FloatVector.fromArray(FLOATS, c, (row + 7 * stride)), z);
        if (two) {
            p7 = p7.add(FloatVector.fromArray(FLOATS, x, xOff + starts[i + 7] + LANES)
                    .fma(FloatVector.fromArray(FLOATS, c, (row + 7 * stride) + LANES), z));
        }
        FloatVector p8 = FloatVector.fromArray(FLOATS, x, xOff + starts[i + 8])
                .fma(FloatVector.fromArray(FLOATS, c, (row + 8 * stride)), z);
        if (two) {
            p8 = p8.add(FloatVector.fromArray(FLOATS, x, xOff + starts[i + 8] + LANES)
                    .fma(FloatVector.fromArray(FLOATS, c, (row + 8 * stride) + LANES), z));
        }
        FloatVector p9 = FloatVector.fromArray(FLOATS, x, xOff + starts[i + 9])
                .fma(FloatVector.fromArray(FLOATS, c, (row + 9 * stride)), z);
        if (two) {
            p9 = p9.add(FloatVector.fromArray(FLOATS, x, xOff + starts[i + 9] + LANES)
                    .fma(FloatVector.fromArray(FLOATS, c, (row + 9 * stride) + LANES), z));
        }
        FloatVector p10 = FloatVector.fromArray(FLOATS, x, xOff + starts[i + 10])
                .fma(FloatVector.fromArray(FLOATS, c, (row + 10 * stride)), z);
        if (two) {
            p10 = p10.add(FloatVector.fromArray(FLOATS, x, xOff + starts[i + 10] + LANES)
                    .fma(FloatVector.fromArray(FLOATS, c, (row + 10 * stride) + LANES), z));
        }
        FloatVector p11 = FloatVector.fromArray(FLOATS, x, xOff + starts[i + 11])
                .fma(FloatVector.fromArray(FLOATS, c, (row + 11 * stride)), z);
        if (two) {
            p11 = p11.add(FloatVector.fromArray(FLOATS, x, xOff + starts[i + 11] + LANES)
                    .fma(FloatVector.fromArray(FLOATS, c, (row + 11 * stride) + LANES), z));
        }
        FloatVector p12 = FloatVector.fromArray(FLOATS, x, xOff + starts[i + 12])
                .fma(FloatVector.fromArray(FLOATS, c, (row + 12 * stride)), z);
        if (two) {
            p12 = p12.add(FloatVector.fromArray(FLOATS, x, xOff + starts[i + 12] + LANES)
                    .fma(FloatVector.fromArray(FLOATS, c, (row + 12 * stride) + LANES), z));
        }
        FloatVector p13 = FloatVector.fromArray(FLOATS, x, xOff + starts[i + 13])
                .fma(FloatVector.fromArray(FLOATS, c, (row + 13 * stride)), z);
        if (two) {
            p13 = p13.add(FloatVector.fromArray(FLOATS, x, xOff + starts[i + 13] + LANES)
                    .fma(FloatVector.fromArray(FLOATS, c, (row + 13 * stride) + LANES), z));
        }
        FloatVector p14 = FloatVector.fromArray(FLOATS, x, xOff + starts[i + 14])
                .fma(FloatVector.fromArray(FLOATS, c, (row + 14 * stride)), z);
        if (two) {
            p14 = p14.add(FloatVector.fromArray(FLOATS, x, xOff + starts[i + 14] + LANES)
                    .fma(FloatVector.fromArray(FLOATS, c, (row + 14 * stride) + LANES), z));
        }
        FloatVector p15 = FloatVector.fromArray(FLOATS, x, xOff + starts[i + 15])
                .fma(FloatVector.fromArray(FLOATS, c, (row + 15 * stride)), z);
        if (two) {
            p15 = p15.add(FloatVector.fromArray(FLOATS, x, xOff + starts[i + 15] + LANES)
                    .fma(FloatVector.fromArray(FLOATS, c, (row + 15 * stride) + LANES), z));
        }
        FloatVector l0_0 = p0.blend(p1, TREE_MASK_8)
                .add(p1.blend(p0, TREE_MASK_8).rearrange(TREE_SWAP_8));
        FloatVector l0_1 = p2.blend(p3, TREE_MASK_8)
                .add(p3.blend(p2, TREE_MASK_8).rearrange(TREE_SWAP_8));
        FloatVector l0_2 = p4.blend(p5, TREE_MASK_8)
                .add(p5.blend(p4, TREE_MASK_8).rearrange(TREE_SWAP_8));
        FloatVector l0_3 = p6.blend(p7, TREE_MASK_8)
                .add(p7.blend(p6, TREE_MASK_8).rearrange(TREE_SWAP_8));
        FloatVector l0_4 = p8.blend(p9, TREE_MASK_8)
                .add(p9.blend(p8, TREE_MASK_8).rearrange(TREE_SWAP_8));
        FloatVector l0_5 = p10.blend(p11, TREE_MASK_8)
                .add(p11.blend(p10, TREE_MASK_8).rearrange(TREE_SWAP_8));
        FloatVector l0_6 = p12.blend(p13, TREE_MASK_8)
                .add(p13.blend(p12, TREE_MASK_8).rearrange(TREE_SWAP_8));
        FloatVector l0_7 = p14.blend(p15, TREE_MASK_8)
                .add(p15.blend(p14, TREE_MASK_8).rearrange(TREE_SWAP_8));
        FloatVector l1_0 = l0_0.blend(l0_1, TREE_MASK_4)
                .add(l0_1.blend(l0_0, TREE_MASK_4).rearrange(TREE_SWAP_4));
        FloatVector l1_1 = l0_2.blend(l0_3, TREE_MASK_4)
                .add(l0_3.blend(l0_2, TREE_MASK_4).rearrange(TREE_SWAP_4));
        FloatVector l1_2 = l0_4.blend(l0_5, TREE_MASK_4)
                .add(l0_5.blend(l0_4, TREE_MASK_4).rearrange(TREE_SWAP_4));
        FloatVector l1_3 = l0_6.blend(l0_7, TREE_MASK_4)
                .add(l0_7.blend(l0_6, TREE_MASK_4).rearrange(TREE_SWAP_4));
        FloatVector l2_0 = l1_0.blend(l1_1, TREE_MASK_2)
                .add(l1_1.blend(l1_0, TREE_MASK_2).rearrange(TREE_SWAP_2));
        FloatVector l2_1 = l1_2.blend(l1_3, TREE_MASK_2)
                .add(l1_3.blend(l1_2, TREE_MASK_2).rearrange(TREE_SWAP_2));
        FloatVector l3_0 = l2_0.blend(l2_1, TREE_MASK_1)
                .add(l2_1.blend(l2_0, TREE_MASK_1).rearrange(TREE_SWAP_1));
        l3_0.rearrange(TREE_ORDER).intoArray(out, at);
    }

    /**
     * 8 outputs of {@link #dots} (taps LANES or 2 LANES, LANES = 8): as dot() has them before its
     * sum, then the tree (TREE_*).
     */
    private static void tree8(float[] x, int xOff, int[] starts, float[] c, int row, boolean two,
                               int i, float[] out, int at) {
        FloatVector z = FloatVector.zero(FLOATS);
        int stride = two ? 2 * LANES : LANES;
        FloatVector p0 = FloatVector.fromArray(FLOATS, x, xOff + starts[i + 0])
                .fma(FloatVector.fromArray(FLOATS, c, row), z);
        if (two) {
            p0 = p0.add(FloatVector.fromArray(FLOATS, x, xOff + starts[i + 0] + LANES)
                    .fma(FloatVector.fromArray(FLOATS, c, row + LANES), z));
        }
        FloatVector p1 = FloatVector.fromArray(FLOATS, x, xOff + starts[i + 1])
                .fma(FloatVector.fromArray(FLOATS, c, (row + 1 * stride)), z);
        if (two) {
            p1 = p1.add(FloatVector.fromArray(FLOATS, x, xOff + starts[i + 1] + LANES)
                    .fma(FloatVector.fromArray(FLOATS, c, (row + 1 * stride) + LANES), z));
        }
        FloatVector p2 = FloatVector.fromArray(FLOATS, x, xOff + starts[i + 2])
                .fma(FloatVector.fromArray(FLOATS, c, (row + 2 * stride)), z);
        if (two) {
            p2 = p2.add(FloatVector.fromArray(FLOATS, x, xOff + starts[i + 2] + LANES)
                    .fma(FloatVector.fromArray(FLOATS, c, (row + 2 * stride) + LANES), z));
        }
        FloatVector p3 = FloatVector.fromArray(FLOATS, x, xOff + starts[i + 3])
                .fma(FloatVector.fromArray(FLOATS, c, (row + 3 * stride)), z);
        if (two) {
            p3 = p3.add(FloatVector.fromArray(FLOATS, x, xOff + starts[i + 3] + LANES)
                    .fma(FloatVector.fromArray(FLOATS, c, (row + 3 * stride) + LANES), z));
        }
        FloatVector p4 = FloatVector.fromArray(FLOATS, x, xOff + starts[i + 4])
                .fma(FloatVector.fromArray(FLOATS, c, (row + 4 * stride)), z);
        if (two) {
            p4 = p4.add(FloatVector.fromArray(FLOATS, x, xOff + starts[i + 4] + LANES)
                    .fma(FloatVector.fromArray(FLOATS, c, (row + 4 * stride) + LANES), z));
        }
        FloatVector p5 = FloatVector.fromArray(FLOATS, x, xOff + starts[i + 5])
                .fma(FloatVector.fromArray(FLOATS, c, (row + 5 * stride)), z);
        if (two) {
            p5 = p5.add(FloatVector.fromArray(FLOATS, x, xOff + starts[i + 5] + LANES)
                    .fma(FloatVector.fromArray(FLOATS, c, (row + 5 * stride) + LANES), z));
        }
        FloatVector p6 = FloatVector.fromArray(FLOATS, x, xOff + starts[i + 6])
                .fma(FloatVector.fromArray(FLOATS, c, (row + 6 * stride)), z);
        if (two) {
            p6 = p6.add(FloatVector.fromArray(FLOATS, x, xOff + starts[i + 6] + LANES)
                    .fma(FloatVector.fromArray(FLOATS, c, (row + 6 * stride) + LANES), z));
        }
        FloatVector p7 = FloatVector.fromArray(FLOATS, x, xOff + starts[i + 7])
                .fma(FloatVector.fromArray(FLOATS, c, (row + 7 * stride)), z);
        if (two) {
            p7 = p7.add(FloatVector.fromArray(FLOATS, x, xOff + starts[i + 7] + LANES)
                    .fma(FloatVector.fromArray(FLOATS, c, (row + 7 * stride) + LANES), z));
        }
        FloatVector l0_0 = p0.blend(p1, TREE_MASK_4)
                .add(p1.blend(p0, TREE_MASK_4).rearrange(TREE_SWAP_4));
        FloatVector l0_1 = p2.blend(p3, TREE_MASK_4)
                .add(p3.blend(p2, TREE_MASK_4).rearrange(TREE_SWAP_4));
        FloatVector l0_2 = p4.blend(p5, TREE_MASK_4)
                .add(p5.blend(p4, TREE_MASK_4).rearrange(TREE_SWAP_4));
        FloatVector l0_3 = p6.blend(p7, TREE_MASK_4)
                .add(p7.blend(p6, TREE_MASK_4).rearrange(TREE_SWAP_4));
        FloatVector l1_0 = l0_0.blend(l0_1, TREE_MASK_2)
                .add(l0_1.blend(l0_0, TREE_MASK_2).rearrange(TREE_SWAP_2));
        FloatVector l1_1 = l0_2.blend(l0_3, TREE_MASK_2)
                .add(l0_3.blend(l0_2, TREE_MASK_2).rearrange(TREE_SWAP_2));
        FloatVector l2_0 = l1_0.blend(l1_1, TREE_MASK_1)
                .add(l1_1.blend(l1_0, TREE_MASK_1).rearrange(TREE_SWAP_1));
        l2_0.rearrange(TREE_ORDER).intoArray(out, at);
    }


    /**
     * 8 outputs of {@link #dots} with rows of 4 LANES taps ({@code four}) or 3 LANES (LANES = 16): each as dot() has
     * it before its sum (two accumulators, vectors 0 and 2 in one, 1 and 3 or 1 alone in the other; their sum is
     * commutative, so the order of the two does not change a bit), then three levels of the tree (TREE_*) and the
     * last step of each sum within the vector; the sums go out through a masked store. Eight, not sixteen: a
     * method with sixteen outputs of four vectors each was too large for C1 ("out of virtual registers"), and a
     * method that never gets past C1's second tier runs the Vector API's Java fallback, 30 times slower.
     */
    private static void tree16Wide(float[] x, int xOff, int[] starts, float[] c, int row, boolean four, int i,
                                   float[] out, int at) {
        FloatVector z = FloatVector.zero(FLOATS);
        int stride = four ? 4 * LANES : 3 * LANES;
        int x0 = xOff + starts[i + 0];
        int c0 = row;
        FloatVector p0 = FloatVector.fromArray(FLOATS, x, x0 + LANES)
                .fma(FloatVector.fromArray(FLOATS, c, c0 + LANES), z);
        if (four) {
            p0 = FloatVector.fromArray(FLOATS, x, x0 + 3 * LANES)
                    .fma(FloatVector.fromArray(FLOATS, c, c0 + 3 * LANES), p0);
        }
        p0 = FloatVector.fromArray(FLOATS, x, x0 + 2 * LANES)
                .fma(FloatVector.fromArray(FLOATS, c, c0 + 2 * LANES),
                        FloatVector.fromArray(FLOATS, x, x0).fma(FloatVector.fromArray(FLOATS, c, c0), z))
                .add(p0);
        int x1 = xOff + starts[i + 1];
        int c1 = (row + 1 * stride);
        FloatVector p1 = FloatVector.fromArray(FLOATS, x, x1 + LANES)
                .fma(FloatVector.fromArray(FLOATS, c, c1 + LANES), z);
        if (four) {
            p1 = FloatVector.fromArray(FLOATS, x, x1 + 3 * LANES)
                    .fma(FloatVector.fromArray(FLOATS, c, c1 + 3 * LANES), p1);
        }
        p1 = FloatVector.fromArray(FLOATS, x, x1 + 2 * LANES)
                .fma(FloatVector.fromArray(FLOATS, c, c1 + 2 * LANES),
                        FloatVector.fromArray(FLOATS, x, x1).fma(FloatVector.fromArray(FLOATS, c, c1), z))
                .add(p1);
        int x2 = xOff + starts[i + 2];
        int c2 = (row + 2 * stride);
        FloatVector p2 = FloatVector.fromArray(FLOATS, x, x2 + LANES)
                .fma(FloatVector.fromArray(FLOATS, c, c2 + LANES), z);
        if (four) {
            p2 = FloatVector.fromArray(FLOATS, x, x2 + 3 * LANES)
                    .fma(FloatVector.fromArray(FLOATS, c, c2 + 3 * LANES), p2);
        }
        p2 = FloatVector.fromArray(FLOATS, x, x2 + 2 * LANES)
                .fma(FloatVector.fromArray(FLOATS, c, c2 + 2 * LANES),
                        FloatVector.fromArray(FLOATS, x, x2).fma(FloatVector.fromArray(FLOATS, c, c2), z))
                .add(p2);
        int x3 = xOff + starts[i + 3];
        int c3 = (row + 3 * stride);
        FloatVector p3 = FloatVector.fromArray(FLOATS, x, x3 + LANES)
                .fma(FloatVector.fromArray(FLOATS, c, c3 + LANES), z);
        if (four) {
            p3 = FloatVector.fromArray(FLOATS, x, x3 + 3 * LANES)
                    .fma(FloatVector.fromArray(FLOATS, c, c3 + 3 * LANES), p3);
        }
        p3 = FloatVector.fromArray(FLOATS, x, x3 + 2 * LANES)
                .fma(FloatVector.fromArray(FLOATS, c, c3 + 2 * LANES),
                        FloatVector.fromArray(FLOATS, x, x3).fma(FloatVector.fromArray(FLOATS, c, c3), z))
                .add(p3);
        int x4 = xOff + starts[i + 4];
        int c4 = (row + 4 * stride);
        FloatVector p4 = FloatVector.fromArray(FLOATS, x, x4 + LANES)
                .fma(FloatVector.fromArray(FLOATS, c, c4 + LANES), z);
        if (four) {
            p4 = FloatVector.fromArray(FLOATS, x, x4 + 3 * LANES)
                    .fma(FloatVector.fromArray(FLOATS, c, c4 + 3 * LANES), p4);
        }
        p4 = FloatVector.fromArray(FLOATS, x, x4 + 2 * LANES)
                .fma(FloatVector.fromArray(FLOATS, c, c4 + 2 * LANES),
                        FloatVector.fromArray(FLOATS, x, x4).fma(FloatVector.fromArray(FLOATS, c, c4), z))
                .add(p4);
        int x5 = xOff + starts[i + 5];
        int c5 = (row + 5 * stride);
        FloatVector p5 = FloatVector.fromArray(FLOATS, x, x5 + LANES)
                .fma(FloatVector.fromArray(FLOATS, c, c5 + LANES), z);
        if (four) {
            p5 = FloatVector.fromArray(FLOATS, x, x5 + 3 * LANES)
                    .fma(FloatVector.fromArray(FLOATS, c, c5 + 3 * LANES), p5);
        }
        p5 = FloatVector.fromArray(FLOATS, x, x5 + 2 * LANES)
                .fma(FloatVector.fromArray(FLOATS, c, c5 + 2 * LANES),
                        FloatVector.fromArray(FLOATS, x, x5).fma(FloatVector.fromArray(FLOATS, c, c5), z))
                .add(p5);
        int x6 = xOff + starts[i + 6];
        int c6 = (row + 6 * stride);
        FloatVector p6 = FloatVector.fromArray(FLOATS, x, x6 + LANES)
                .fma(FloatVector.fromArray(FLOATS, c, c6 + LANES), z);
        if (four) {
            p6 = FloatVector.fromArray(FLOATS, x, x6 + 3 * LANES)
                    .fma(FloatVector.fromArray(FLOATS, c, c6 + 3 * LANES), p6);
        }
        p6 = FloatVector.fromArray(FLOATS, x, x6 + 2 * LANES)
                .fma(FloatVector.fromArray(FLOATS, c, c6 + 2 * LANES),
                        FloatVector.fromArray(FLOATS, x, x6).fma(FloatVector.fromArray(FLOATS, c, c6), z))
                .add(p6);
        int x7 = xOff + starts[i + 7];
        int c7 = (row + 7 * stride);
        FloatVector p7 = FloatVector.fromArray(FLOATS, x, x7 + LANES)
                .fma(FloatVector.fromArray(FLOATS, c, c7 + LANES), z);
        if (four) {
            p7 = FloatVector.fromArray(FLOATS, x, x7 + 3 * LANES)
                    .fma(FloatVector.fromArray(FLOATS, c, c7 + 3 * LANES), p7);
        }
        p7 = FloatVector.fromArray(FLOATS, x, x7 + 2 * LANES)
                .fma(FloatVector.fromArray(FLOATS, c, c7 + 2 * LANES),
                        FloatVector.fromArray(FLOATS, x, x7).fma(FloatVector.fromArray(FLOATS, c, c7), z))
                .add(p7);
        FloatVector l0_0 = p0.blend(p1, TREE_MASK_8)
                .add(p1.blend(p0, TREE_MASK_8).rearrange(TREE_SWAP_8));
        FloatVector l0_1 = p2.blend(p3, TREE_MASK_8)
                .add(p3.blend(p2, TREE_MASK_8).rearrange(TREE_SWAP_8));
        FloatVector l0_2 = p4.blend(p5, TREE_MASK_8)
                .add(p5.blend(p4, TREE_MASK_8).rearrange(TREE_SWAP_8));
        FloatVector l0_3 = p6.blend(p7, TREE_MASK_8)
                .add(p7.blend(p6, TREE_MASK_8).rearrange(TREE_SWAP_8));
        FloatVector l1_0 = l0_0.blend(l0_1, TREE_MASK_4)
                .add(l0_1.blend(l0_0, TREE_MASK_4).rearrange(TREE_SWAP_4));
        FloatVector l1_1 = l0_2.blend(l0_3, TREE_MASK_4)
                .add(l0_3.blend(l0_2, TREE_MASK_4).rearrange(TREE_SWAP_4));
        FloatVector l2_0 = l1_0.blend(l1_1, TREE_MASK_2)
                .add(l1_1.blend(l1_0, TREE_MASK_2).rearrange(TREE_SWAP_2));
        l2_0.add(l2_0.rearrange(TREE_SWAP_1)).rearrange(TREE_ORDER_EIGHT).intoArray(out, at, TREE_LOWER_HALF);
    }


    private static VectorMask<Float> lanesWhere(java.util.function.IntPredicate lane) {
        boolean[] set = new boolean[LANES];
        for (int i = 0; i < LANES; i++) {
            set[i] = lane.test(i);
        }
        return VectorMask.fromArray(FLOATS, set, 0);
    }

    private static VectorShuffle<Float>[] remainingFolds() {
        int steps = Math.max(0, Integer.numberOfTrailingZeros(LANES) - 2);
        VectorShuffle<Float>[] folds = newShuffles(steps);
        for (int k = 0; k < steps; k++) {
            folds[k] = rotation(FLOATS, LANES / 8 >> k);
        }
        return folds;
    }

    /** Lane i takes lane (i + by) mod lanes: the constant shuffles of the fixed-order sums. */
    private static <E> VectorShuffle<E> rotation(VectorSpecies<E> species, int by) {
        return VectorShuffle.fromOp(species, i -> (i + by) % species.length());
    }

    /** The same order for vectors wider than 512 bits (SVE can have up to 2048): slower, and never on x86. */
    private static float foldLanes(float[] t) {
        for (int s = t.length / 2; s > 0; s /= 2) {
            for (int i = 0; i < s; i++) {
                t[i] += t[i + s];
            }
        }
        return t[0];
    }

    private static double foldLanes(double[] t) {
        for (int s = t.length / 2; s > 0; s /= 2) {
            for (int i = 0; i < s; i++) {
                t[i] += t[i + s];
            }
        }
        return t[0];
    }

    private static DoubleVector widen(float[] x, int off) {
        return (DoubleVector) FloatVector.fromArray(FLOATS_FOR_DOUBLES, x, off)
                .convertShape(VectorOperators.F2D, DOUBLES, 0);
    }

    /**
     * Outputs per small block ({@link #block5}): five vectors of consecutive outputs share each broadcast
     * coefficient. A 20 ms frame at 8 kHz (160 outputs) is one large block ({@link #block10}) of 2 x 5 x 16 lanes,
     * or two of 2 x 5 x 8; what is left after the large blocks goes in small ones.
     */
    private static final int BLOCK = 5 * LANES;

    @Override
    public int decimateScratch(int taps, int stride, int maxCount) {
        int perStream = (taps + stride - 1) / stride + roundUp(maxCount, BLOCK);
        return stride * perStream + BLOCK;
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
        int perStream = (taps + stride - 1) / stride + roundUp(count, BLOCK);
        split(x, xOff, stride, (count - 1) * stride + taps, scratch, perStream);
        blocks(scratch, perStream, stride, 0, c, taps, out, outOff, count, scratch, stride * perStream);
    }

    @Override
    public void deal(float[] x, int xOff, int count, int stride, float[] streams, int perStream, int position) {
        int i = 0;
        for (; i < count && (position + i) % stride != 0; i++) {
            int p = position + i;
            streams[p % stride * perStream + p / stride] = x[xOff + i];
        }
        // From a sample of stream 0 on, whole groups of stride samples go in vectors, as the split does.
        i += stride * splitVectors(x, xOff + i, stride, (count - i) / stride, streams, perStream, (position + i) / stride);
        for (; i < count; i++) {
            int p = position + i;
            streams[p % stride * perStream + p / stride] = x[xOff + i];
        }
    }

    @Override
    public void decimateSplit(float[] streams, int perStream, int stride, int first, float[] c, int taps, float[] out,
                              int outOff, int count, float[] scratch) {
        if (count > 0) {
            blocks(streams, perStream, stride, first, c, taps, out, outOff, count, scratch, 0);
        }
    }

    @Override
    public int decimateSplitScratch(int taps, int stride, int maxCount) {
        return BLOCK;
    }

    /**
     * The outputs of {@link #decimate} from split streams (window of output 0 from position {@code first}), in
     * blocks of ten and five vectors; a partial last block goes through {@code partial[partialOff]}, then only its
     * real outputs are copied.
     */
    private static void blocks(float[] streams, int perStream, int stride, int first, float[] c, int taps,
                               float[] out, int outOff, int count, float[] partial, int partialOff) {
        int j = 0;
        // Columns of five or six taps (every hq bank: 84 to 91 taps a stream) take the long block, columns of two
        // or three (telephony: 39 to 45) the short one. One method with every group did not compile with C2.
        boolean longColumns = (taps + stride - 1) / stride > 4 * LANES;
        for (; count - j >= 2 * BLOCK; j += 2 * BLOCK) {
            if (longColumns) {
                block10Long(streams, stride, c, taps, perStream, first, j, out, outOff + j);
            } else {
                block10(streams, stride, c, taps, perStream, first, j, out, outOff + j);
            }
        }
        for (; j < count; j += BLOCK) {
            boolean whole = count - j >= BLOCK;
            block5(streams, stride, c, taps, perStream, first, j, whole ? out : partial,
                    whole ? outOff + j : partialOff);
            if (!whole) {
                System.arraycopy(partial, partialOff, out, outOff + j, count - j);
            }
        }
    }

    /**
     * Where block j's window of relative stream r starts: stream r holds samples {@code first + r + i stride}, which
     * are elements {@code (first + r) / stride + i} of the split stream {@code (first + r) % stride}.
     */
    private static int streamBase(int stride, int perStream, int first, int r, int j) {
        int p = first + r;
        return p % stride * perStream + p / stride + j;
    }

    /**
     * Outputs j .. j + 10 LANES - 1 of {@link #decimate}, stored at {@code to[toOff]}: ten output vectors, so each
     * column's loads serve ten vectors (three taps: twelve loads for thirty FMAs, where five vectors need seven for
     * fifteen) and ten FMA chains are in flight. {@link #block5} is the same loop with five vectors, for the outputs
     * left after the last whole block of ten; both run each lane through the same FMAs in the same order, so an
     * output does not depend on which of them computed it. The accumulators are written out by hand: a vector in an
     * array, or passed to a helper C2 does not inline, is boxed.
     */
    private static void block10(float[] scratch, int stride, float[] c, int taps, int perStream, int first, int j,
                                 float[] to, int toOff) {
        FloatVector acc0 = FloatVector.zero(FLOATS);
        FloatVector acc1 = FloatVector.zero(FLOATS);
        FloatVector acc2 = FloatVector.zero(FLOATS);
        FloatVector acc3 = FloatVector.zero(FLOATS);
        FloatVector acc4 = FloatVector.zero(FLOATS);
        FloatVector acc5 = FloatVector.zero(FLOATS);
        FloatVector acc6 = FloatVector.zero(FLOATS);
        FloatVector acc7 = FloatVector.zero(FLOATS);
        FloatVector acc8 = FloatVector.zero(FLOATS);
        FloatVector acc9 = FloatVector.zero(FLOATS);
        for (int r = 0; r < stride; r++) {
            int streamTaps = (taps - r + stride - 1) / stride;
            int base = streamBase(stride, perStream, first, r, j);
            // Taps q, q + LANES and q + 2 LANES of one stream read the block at offsets LANES apart: the vector tap
            // q + LANES reads for output vector v is the one tap q reads for v + 1. So taps are taken in threes
            // down each column q = g (mod LANES), then a pair or a single at the column's end.
            for (int g = 0, columns = Math.min(LANES, streamTaps); g < columns; g++) {
                int q = g;
                for (; q + 2 * LANES < streamTaps; q += 3 * LANES) {
                    FloatVector c0 = FloatVector.broadcast(FLOATS, c[r + q * stride]);
                    FloatVector c1 = FloatVector.broadcast(FLOATS, c[r + (q + LANES) * stride]);
                    FloatVector c2 = FloatVector.broadcast(FLOATS, c[r + (q + 2 * LANES) * stride]);
                    int at = base + q;
                    FloatVector l0 = FloatVector.fromArray(FLOATS, scratch, at);
                    FloatVector l1 = FloatVector.fromArray(FLOATS, scratch, at + LANES);
                    FloatVector l2 = FloatVector.fromArray(FLOATS, scratch, at + 2 * LANES);
                    acc0 = l2.fma(c2, l1.fma(c1, l0.fma(c0, acc0)));
                    FloatVector l3 = FloatVector.fromArray(FLOATS, scratch, at + 3 * LANES);
                    acc1 = l3.fma(c2, l2.fma(c1, l1.fma(c0, acc1)));
                    FloatVector l4 = FloatVector.fromArray(FLOATS, scratch, at + 4 * LANES);
                    acc2 = l4.fma(c2, l3.fma(c1, l2.fma(c0, acc2)));
                    FloatVector l5 = FloatVector.fromArray(FLOATS, scratch, at + 5 * LANES);
                    acc3 = l5.fma(c2, l4.fma(c1, l3.fma(c0, acc3)));
                    FloatVector l6 = FloatVector.fromArray(FLOATS, scratch, at + 6 * LANES);
                    acc4 = l6.fma(c2, l5.fma(c1, l4.fma(c0, acc4)));
                    FloatVector l7 = FloatVector.fromArray(FLOATS, scratch, at + 7 * LANES);
                    acc5 = l7.fma(c2, l6.fma(c1, l5.fma(c0, acc5)));
                    FloatVector l8 = FloatVector.fromArray(FLOATS, scratch, at + 8 * LANES);
                    acc6 = l8.fma(c2, l7.fma(c1, l6.fma(c0, acc6)));
                    FloatVector l9 = FloatVector.fromArray(FLOATS, scratch, at + 9 * LANES);
                    acc7 = l9.fma(c2, l8.fma(c1, l7.fma(c0, acc7)));
                    FloatVector l10 = FloatVector.fromArray(FLOATS, scratch, at + 10 * LANES);
                    acc8 = l10.fma(c2, l9.fma(c1, l8.fma(c0, acc8)));
                    FloatVector l11 = FloatVector.fromArray(FLOATS, scratch, at + 11 * LANES);
                    acc9 = l11.fma(c2, l10.fma(c1, l9.fma(c0, acc9)));
                }
                if (q + LANES < streamTaps) {
                    FloatVector c0 = FloatVector.broadcast(FLOATS, c[r + q * stride]);
                    FloatVector c1 = FloatVector.broadcast(FLOATS, c[r + (q + LANES) * stride]);
                    int at = base + q;
                    FloatVector l0 = FloatVector.fromArray(FLOATS, scratch, at);
                    FloatVector l1 = FloatVector.fromArray(FLOATS, scratch, at + LANES);
                    acc0 = l1.fma(c1, l0.fma(c0, acc0));
                    FloatVector l2 = FloatVector.fromArray(FLOATS, scratch, at + 2 * LANES);
                    acc1 = l2.fma(c1, l1.fma(c0, acc1));
                    FloatVector l3 = FloatVector.fromArray(FLOATS, scratch, at + 3 * LANES);
                    acc2 = l3.fma(c1, l2.fma(c0, acc2));
                    FloatVector l4 = FloatVector.fromArray(FLOATS, scratch, at + 4 * LANES);
                    acc3 = l4.fma(c1, l3.fma(c0, acc3));
                    FloatVector l5 = FloatVector.fromArray(FLOATS, scratch, at + 5 * LANES);
                    acc4 = l5.fma(c1, l4.fma(c0, acc4));
                    FloatVector l6 = FloatVector.fromArray(FLOATS, scratch, at + 6 * LANES);
                    acc5 = l6.fma(c1, l5.fma(c0, acc5));
                    FloatVector l7 = FloatVector.fromArray(FLOATS, scratch, at + 7 * LANES);
                    acc6 = l7.fma(c1, l6.fma(c0, acc6));
                    FloatVector l8 = FloatVector.fromArray(FLOATS, scratch, at + 8 * LANES);
                    acc7 = l8.fma(c1, l7.fma(c0, acc7));
                    FloatVector l9 = FloatVector.fromArray(FLOATS, scratch, at + 9 * LANES);
                    acc8 = l9.fma(c1, l8.fma(c0, acc8));
                    FloatVector l10 = FloatVector.fromArray(FLOATS, scratch, at + 10 * LANES);
                    acc9 = l10.fma(c1, l9.fma(c0, acc9));
                } else if (q < streamTaps) {
                    FloatVector c0 = FloatVector.broadcast(FLOATS, c[r + q * stride]);
                    int at = base + q;
                    FloatVector l0 = FloatVector.fromArray(FLOATS, scratch, at);
                    acc0 = l0.fma(c0, acc0);
                    FloatVector l1 = FloatVector.fromArray(FLOATS, scratch, at + LANES);
                    acc1 = l1.fma(c0, acc1);
                    FloatVector l2 = FloatVector.fromArray(FLOATS, scratch, at + 2 * LANES);
                    acc2 = l2.fma(c0, acc2);
                    FloatVector l3 = FloatVector.fromArray(FLOATS, scratch, at + 3 * LANES);
                    acc3 = l3.fma(c0, acc3);
                    FloatVector l4 = FloatVector.fromArray(FLOATS, scratch, at + 4 * LANES);
                    acc4 = l4.fma(c0, acc4);
                    FloatVector l5 = FloatVector.fromArray(FLOATS, scratch, at + 5 * LANES);
                    acc5 = l5.fma(c0, acc5);
                    FloatVector l6 = FloatVector.fromArray(FLOATS, scratch, at + 6 * LANES);
                    acc6 = l6.fma(c0, acc6);
                    FloatVector l7 = FloatVector.fromArray(FLOATS, scratch, at + 7 * LANES);
                    acc7 = l7.fma(c0, acc7);
                    FloatVector l8 = FloatVector.fromArray(FLOATS, scratch, at + 8 * LANES);
                    acc8 = l8.fma(c0, acc8);
                    FloatVector l9 = FloatVector.fromArray(FLOATS, scratch, at + 9 * LANES);
                    acc9 = l9.fma(c0, acc9);
                }
            }
        }
        acc0.intoArray(to, toOff);
        acc1.intoArray(to, toOff + LANES);
        acc2.intoArray(to, toOff + 2 * LANES);
        acc3.intoArray(to, toOff + 3 * LANES);
        acc4.intoArray(to, toOff + 4 * LANES);
        acc5.intoArray(to, toOff + 5 * LANES);
        acc6.intoArray(to, toOff + 6 * LANES);
        acc7.intoArray(to, toOff + 7 * LANES);
        acc8.intoArray(to, toOff + 8 * LANES);
        acc9.intoArray(to, toOff + 9 * LANES);
    }

    /**
     * {@link #block10} for columns of five taps or more (hq): sixes, then fives, then single taps down each column,
     * the same FMAs per lane in the same order as {@link #block10} and {@link #block5}.
     */
    private static void block10Long(float[] scratch, int stride, float[] c, int taps, int perStream, int first, int j,
                                    float[] to, int toOff) {
        FloatVector acc0 = FloatVector.zero(FLOATS);
        FloatVector acc1 = FloatVector.zero(FLOATS);
        FloatVector acc2 = FloatVector.zero(FLOATS);
        FloatVector acc3 = FloatVector.zero(FLOATS);
        FloatVector acc4 = FloatVector.zero(FLOATS);
        FloatVector acc5 = FloatVector.zero(FLOATS);
        FloatVector acc6 = FloatVector.zero(FLOATS);
        FloatVector acc7 = FloatVector.zero(FLOATS);
        FloatVector acc8 = FloatVector.zero(FLOATS);
        FloatVector acc9 = FloatVector.zero(FLOATS);
        for (int r = 0; r < stride; r++) {
            int streamTaps = (taps - r + stride - 1) / stride;
            int base = streamBase(stride, perStream, first, r, j);
            for (int g = 0, columns = Math.min(LANES, streamTaps); g < columns; g++) {
                int q = g;
                // Six taps: fifteen loads for sixty FMAs (a five and a single: twenty-four).
                for (; q + 5 * LANES < streamTaps; q += 6 * LANES) {
                    FloatVector s0 = FloatVector.broadcast(FLOATS, c[r + (q + 0 * LANES) * stride]);
                    FloatVector s1 = FloatVector.broadcast(FLOATS, c[r + (q + 1 * LANES) * stride]);
                    FloatVector s2 = FloatVector.broadcast(FLOATS, c[r + (q + 2 * LANES) * stride]);
                    FloatVector s3 = FloatVector.broadcast(FLOATS, c[r + (q + 3 * LANES) * stride]);
                    FloatVector s4 = FloatVector.broadcast(FLOATS, c[r + (q + 4 * LANES) * stride]);
                    FloatVector s5 = FloatVector.broadcast(FLOATS, c[r + (q + 5 * LANES) * stride]);
                    int at = base + q;
                    FloatVector n0 = FloatVector.fromArray(FLOATS, scratch, at + 0 * LANES);
                    FloatVector n1 = FloatVector.fromArray(FLOATS, scratch, at + 1 * LANES);
                    FloatVector n2 = FloatVector.fromArray(FLOATS, scratch, at + 2 * LANES);
                    FloatVector n3 = FloatVector.fromArray(FLOATS, scratch, at + 3 * LANES);
                    FloatVector n4 = FloatVector.fromArray(FLOATS, scratch, at + 4 * LANES);
                    FloatVector n5 = FloatVector.fromArray(FLOATS, scratch, at + 5 * LANES);
                    acc0 = n2.fma(s2, n1.fma(s1, n0.fma(s0, acc0)));
                    acc0 = n5.fma(s5, n4.fma(s4, n3.fma(s3, acc0)));
                    FloatVector n6 = FloatVector.fromArray(FLOATS, scratch, at + 6 * LANES);
                    acc1 = n3.fma(s2, n2.fma(s1, n1.fma(s0, acc1)));
                    acc1 = n6.fma(s5, n5.fma(s4, n4.fma(s3, acc1)));
                    FloatVector n7 = FloatVector.fromArray(FLOATS, scratch, at + 7 * LANES);
                    acc2 = n4.fma(s2, n3.fma(s1, n2.fma(s0, acc2)));
                    acc2 = n7.fma(s5, n6.fma(s4, n5.fma(s3, acc2)));
                    FloatVector n8 = FloatVector.fromArray(FLOATS, scratch, at + 8 * LANES);
                    acc3 = n5.fma(s2, n4.fma(s1, n3.fma(s0, acc3)));
                    acc3 = n8.fma(s5, n7.fma(s4, n6.fma(s3, acc3)));
                    FloatVector n9 = FloatVector.fromArray(FLOATS, scratch, at + 9 * LANES);
                    acc4 = n6.fma(s2, n5.fma(s1, n4.fma(s0, acc4)));
                    acc4 = n9.fma(s5, n8.fma(s4, n7.fma(s3, acc4)));
                    FloatVector n10 = FloatVector.fromArray(FLOATS, scratch, at + 10 * LANES);
                    acc5 = n7.fma(s2, n6.fma(s1, n5.fma(s0, acc5)));
                    acc5 = n10.fma(s5, n9.fma(s4, n8.fma(s3, acc5)));
                    FloatVector n11 = FloatVector.fromArray(FLOATS, scratch, at + 11 * LANES);
                    acc6 = n8.fma(s2, n7.fma(s1, n6.fma(s0, acc6)));
                    acc6 = n11.fma(s5, n10.fma(s4, n9.fma(s3, acc6)));
                    FloatVector n12 = FloatVector.fromArray(FLOATS, scratch, at + 12 * LANES);
                    acc7 = n9.fma(s2, n8.fma(s1, n7.fma(s0, acc7)));
                    acc7 = n12.fma(s5, n11.fma(s4, n10.fma(s3, acc7)));
                    FloatVector n13 = FloatVector.fromArray(FLOATS, scratch, at + 13 * LANES);
                    acc8 = n10.fma(s2, n9.fma(s1, n8.fma(s0, acc8)));
                    acc8 = n13.fma(s5, n12.fma(s4, n11.fma(s3, acc8)));
                    FloatVector n14 = FloatVector.fromArray(FLOATS, scratch, at + 14 * LANES);
                    acc9 = n11.fma(s2, n10.fma(s1, n9.fma(s0, acc9)));
                    acc9 = n14.fma(s5, n13.fma(s4, n12.fma(s3, acc9)));
                }
                // Five taps: fourteen loads for fifty FMAs.
                for (; q + 4 * LANES < streamTaps; q += 5 * LANES) {
                    FloatVector f0 = FloatVector.broadcast(FLOATS, c[r + (q + 0 * LANES) * stride]);
                    FloatVector f1 = FloatVector.broadcast(FLOATS, c[r + (q + 1 * LANES) * stride]);
                    FloatVector f2 = FloatVector.broadcast(FLOATS, c[r + (q + 2 * LANES) * stride]);
                    FloatVector f3 = FloatVector.broadcast(FLOATS, c[r + (q + 3 * LANES) * stride]);
                    FloatVector f4 = FloatVector.broadcast(FLOATS, c[r + (q + 4 * LANES) * stride]);
                    int at = base + q;
                    FloatVector m0 = FloatVector.fromArray(FLOATS, scratch, at + 0 * LANES);
                    FloatVector m1 = FloatVector.fromArray(FLOATS, scratch, at + 1 * LANES);
                    FloatVector m2 = FloatVector.fromArray(FLOATS, scratch, at + 2 * LANES);
                    FloatVector m3 = FloatVector.fromArray(FLOATS, scratch, at + 3 * LANES);
                    FloatVector m4 = FloatVector.fromArray(FLOATS, scratch, at + 4 * LANES);
                    acc0 = m2.fma(f2, m1.fma(f1, m0.fma(f0, acc0)));
                    acc0 = m4.fma(f4, m3.fma(f3, acc0));
                    FloatVector m5 = FloatVector.fromArray(FLOATS, scratch, at + 5 * LANES);
                    acc1 = m3.fma(f2, m2.fma(f1, m1.fma(f0, acc1)));
                    acc1 = m5.fma(f4, m4.fma(f3, acc1));
                    FloatVector m6 = FloatVector.fromArray(FLOATS, scratch, at + 6 * LANES);
                    acc2 = m4.fma(f2, m3.fma(f1, m2.fma(f0, acc2)));
                    acc2 = m6.fma(f4, m5.fma(f3, acc2));
                    FloatVector m7 = FloatVector.fromArray(FLOATS, scratch, at + 7 * LANES);
                    acc3 = m5.fma(f2, m4.fma(f1, m3.fma(f0, acc3)));
                    acc3 = m7.fma(f4, m6.fma(f3, acc3));
                    FloatVector m8 = FloatVector.fromArray(FLOATS, scratch, at + 8 * LANES);
                    acc4 = m6.fma(f2, m5.fma(f1, m4.fma(f0, acc4)));
                    acc4 = m8.fma(f4, m7.fma(f3, acc4));
                    FloatVector m9 = FloatVector.fromArray(FLOATS, scratch, at + 9 * LANES);
                    acc5 = m7.fma(f2, m6.fma(f1, m5.fma(f0, acc5)));
                    acc5 = m9.fma(f4, m8.fma(f3, acc5));
                    FloatVector m10 = FloatVector.fromArray(FLOATS, scratch, at + 10 * LANES);
                    acc6 = m8.fma(f2, m7.fma(f1, m6.fma(f0, acc6)));
                    acc6 = m10.fma(f4, m9.fma(f3, acc6));
                    FloatVector m11 = FloatVector.fromArray(FLOATS, scratch, at + 11 * LANES);
                    acc7 = m9.fma(f2, m8.fma(f1, m7.fma(f0, acc7)));
                    acc7 = m11.fma(f4, m10.fma(f3, acc7));
                    FloatVector m12 = FloatVector.fromArray(FLOATS, scratch, at + 12 * LANES);
                    acc8 = m10.fma(f2, m9.fma(f1, m8.fma(f0, acc8)));
                    acc8 = m12.fma(f4, m11.fma(f3, acc8));
                    FloatVector m13 = FloatVector.fromArray(FLOATS, scratch, at + 13 * LANES);
                    acc9 = m11.fma(f2, m10.fma(f1, m9.fma(f0, acc9)));
                    acc9 = m13.fma(f4, m12.fma(f3, acc9));
                }
                for (; q < streamTaps; q += LANES) {
                    FloatVector c0 = FloatVector.broadcast(FLOATS, c[r + q * stride]);
                    int at = base + q;
                    acc0 = FloatVector.fromArray(FLOATS, scratch, at + 0 * LANES).fma(c0, acc0);
                    acc1 = FloatVector.fromArray(FLOATS, scratch, at + 1 * LANES).fma(c0, acc1);
                    acc2 = FloatVector.fromArray(FLOATS, scratch, at + 2 * LANES).fma(c0, acc2);
                    acc3 = FloatVector.fromArray(FLOATS, scratch, at + 3 * LANES).fma(c0, acc3);
                    acc4 = FloatVector.fromArray(FLOATS, scratch, at + 4 * LANES).fma(c0, acc4);
                    acc5 = FloatVector.fromArray(FLOATS, scratch, at + 5 * LANES).fma(c0, acc5);
                    acc6 = FloatVector.fromArray(FLOATS, scratch, at + 6 * LANES).fma(c0, acc6);
                    acc7 = FloatVector.fromArray(FLOATS, scratch, at + 7 * LANES).fma(c0, acc7);
                    acc8 = FloatVector.fromArray(FLOATS, scratch, at + 8 * LANES).fma(c0, acc8);
                    acc9 = FloatVector.fromArray(FLOATS, scratch, at + 9 * LANES).fma(c0, acc9);
                }
            }
        }
        acc0.intoArray(to, toOff);
        acc1.intoArray(to, toOff + 1 * LANES);
        acc2.intoArray(to, toOff + 2 * LANES);
        acc3.intoArray(to, toOff + 3 * LANES);
        acc4.intoArray(to, toOff + 4 * LANES);
        acc5.intoArray(to, toOff + 5 * LANES);
        acc6.intoArray(to, toOff + 6 * LANES);
        acc7.intoArray(to, toOff + 7 * LANES);
        acc8.intoArray(to, toOff + 8 * LANES);
        acc9.intoArray(to, toOff + 9 * LANES);
    }

    /** Outputs j .. j + 5 LANES - 1 of {@link #decimate}: {@link #block10} with five output vectors. */
    private static void block5(float[] scratch, int stride, float[] c, int taps, int perStream, int first, int j,
                                 float[] to, int toOff) {
        FloatVector acc0 = FloatVector.zero(FLOATS);
        FloatVector acc1 = FloatVector.zero(FLOATS);
        FloatVector acc2 = FloatVector.zero(FLOATS);
        FloatVector acc3 = FloatVector.zero(FLOATS);
        FloatVector acc4 = FloatVector.zero(FLOATS);
        for (int r = 0; r < stride; r++) {
            int streamTaps = (taps - r + stride - 1) / stride;
            int base = streamBase(stride, perStream, first, r, j);
            for (int g = 0, columns = Math.min(LANES, streamTaps); g < columns; g++) {
                int q = g;
                for (; q + 2 * LANES < streamTaps; q += 3 * LANES) {
                    FloatVector c0 = FloatVector.broadcast(FLOATS, c[r + q * stride]);
                    FloatVector c1 = FloatVector.broadcast(FLOATS, c[r + (q + LANES) * stride]);
                    FloatVector c2 = FloatVector.broadcast(FLOATS, c[r + (q + 2 * LANES) * stride]);
                    int at = base + q;
                    FloatVector l0 = FloatVector.fromArray(FLOATS, scratch, at);
                    FloatVector l1 = FloatVector.fromArray(FLOATS, scratch, at + LANES);
                    FloatVector l2 = FloatVector.fromArray(FLOATS, scratch, at + 2 * LANES);
                    acc0 = l2.fma(c2, l1.fma(c1, l0.fma(c0, acc0)));
                    FloatVector l3 = FloatVector.fromArray(FLOATS, scratch, at + 3 * LANES);
                    acc1 = l3.fma(c2, l2.fma(c1, l1.fma(c0, acc1)));
                    FloatVector l4 = FloatVector.fromArray(FLOATS, scratch, at + 4 * LANES);
                    acc2 = l4.fma(c2, l3.fma(c1, l2.fma(c0, acc2)));
                    FloatVector l5 = FloatVector.fromArray(FLOATS, scratch, at + 5 * LANES);
                    acc3 = l5.fma(c2, l4.fma(c1, l3.fma(c0, acc3)));
                    FloatVector l6 = FloatVector.fromArray(FLOATS, scratch, at + 6 * LANES);
                    acc4 = l6.fma(c2, l5.fma(c1, l4.fma(c0, acc4)));
                }
                if (q + LANES < streamTaps) {
                    FloatVector c0 = FloatVector.broadcast(FLOATS, c[r + q * stride]);
                    FloatVector c1 = FloatVector.broadcast(FLOATS, c[r + (q + LANES) * stride]);
                    int at = base + q;
                    FloatVector l0 = FloatVector.fromArray(FLOATS, scratch, at);
                    FloatVector l1 = FloatVector.fromArray(FLOATS, scratch, at + LANES);
                    acc0 = l1.fma(c1, l0.fma(c0, acc0));
                    FloatVector l2 = FloatVector.fromArray(FLOATS, scratch, at + 2 * LANES);
                    acc1 = l2.fma(c1, l1.fma(c0, acc1));
                    FloatVector l3 = FloatVector.fromArray(FLOATS, scratch, at + 3 * LANES);
                    acc2 = l3.fma(c1, l2.fma(c0, acc2));
                    FloatVector l4 = FloatVector.fromArray(FLOATS, scratch, at + 4 * LANES);
                    acc3 = l4.fma(c1, l3.fma(c0, acc3));
                    FloatVector l5 = FloatVector.fromArray(FLOATS, scratch, at + 5 * LANES);
                    acc4 = l5.fma(c1, l4.fma(c0, acc4));
                } else if (q < streamTaps) {
                    FloatVector c0 = FloatVector.broadcast(FLOATS, c[r + q * stride]);
                    int at = base + q;
                    FloatVector l0 = FloatVector.fromArray(FLOATS, scratch, at);
                    acc0 = l0.fma(c0, acc0);
                    FloatVector l1 = FloatVector.fromArray(FLOATS, scratch, at + LANES);
                    acc1 = l1.fma(c0, acc1);
                    FloatVector l2 = FloatVector.fromArray(FLOATS, scratch, at + 2 * LANES);
                    acc2 = l2.fma(c0, acc2);
                    FloatVector l3 = FloatVector.fromArray(FLOATS, scratch, at + 3 * LANES);
                    acc3 = l3.fma(c0, acc3);
                    FloatVector l4 = FloatVector.fromArray(FLOATS, scratch, at + 4 * LANES);
                    acc4 = l4.fma(c0, acc4);
                }
            }
        }
        acc0.intoArray(to, toOff);
        acc1.intoArray(to, toOff + LANES);
        acc2.intoArray(to, toOff + 2 * LANES);
        acc3.intoArray(to, toOff + 3 * LANES);
        acc4.intoArray(to, toOff + 4 * LANES);
    }

    /** Largest decimation factor whose streams are split with vector permutes; larger ones are copied. */
    private static final int MAX_PERMUTE_STRIDE = 8;
    /** Lane l of the first (second) half of two sequences zipped: element l / 2 (LANES / 2 + l / 2) of one. */
    private static final VectorShuffle<Float> ZIP_FIRST = VectorShuffle.fromOp(FLOATS, l -> l / 2);
    private static final VectorShuffle<Float> ZIP_SECOND = VectorShuffle.fromOp(FLOATS, l -> LANES / 2 + l / 2);
    private static final VectorMask<Float> ODD_LANES = lanesWhere(l -> (l & 1) != 0);

    /**
     * Output vector k (0, 1, 2) of three rows zipped, lane l: element {@code (k LANES + l) / 3} of row {@code (k LANES
     * + l) % 3}; the element index is the same whichever row, so one permute serves the three rows' vectors.
     */
    private static final VectorShuffle<Float> ZIP3_0 = VectorShuffle.fromOp(FLOATS, l -> l / 3);
    private static final VectorShuffle<Float> ZIP3_1 = VectorShuffle.fromOp(FLOATS, l -> (LANES + l) / 3);
    private static final VectorShuffle<Float> ZIP3_2 = VectorShuffle.fromOp(FLOATS, l -> (2 * LANES + l) / 3);
    private static final VectorMask<Float> ZIP3_0_ROW1 = lanesWhere(l -> l % 3 == 1);
    private static final VectorMask<Float> ZIP3_0_ROW2 = lanesWhere(l -> l % 3 == 2);
    private static final VectorMask<Float> ZIP3_1_ROW1 = lanesWhere(l -> (LANES + l) % 3 == 1);
    private static final VectorMask<Float> ZIP3_1_ROW2 = lanesWhere(l -> (LANES + l) % 3 == 2);
    private static final VectorMask<Float> ZIP3_2_ROW1 = lanesWhere(l -> (2 * LANES + l) % 3 == 1);
    private static final VectorMask<Float> ZIP3_2_ROW2 = lanesWhere(l -> (2 * LANES + l) % 3 == 2);

    /**
     * Two rows (upsampling by 2: 8 -> 16 kHz) zipped a pair of vectors at a time, four permutes and two blends for
     * 2 LANES outputs, and three rows (8 -> 24 kHz) three vectors at a time, nine permutes and six blends for 3 LANES
     * outputs, where element by element it is a load and a store each (8 -> 16 kHz telephony, 320 outputs a chunk:
     * the element loop was about a fifth of the chunk's time); other row counts element by element.
     */
    @Override
    public void interleave(float[] in, int rowStride, int rows, float[] out, int outOff, int count) {
        int j = 0;
        if (rows == 2) {
            for (int a = 0; j + 2 * LANES <= count; j += 2 * LANES, a += LANES) {
                FloatVector even = FloatVector.fromArray(FLOATS, in, a);
                FloatVector odd = FloatVector.fromArray(FLOATS, in, rowStride + a);
                even.rearrange(ZIP_FIRST).blend(odd.rearrange(ZIP_FIRST), ODD_LANES).intoArray(out, outOff + j);
                even.rearrange(ZIP_SECOND).blend(odd.rearrange(ZIP_SECOND), ODD_LANES)
                        .intoArray(out, outOff + j + LANES);
            }
        } else if (rows == 3) {
            for (int a = 0; j + 3 * LANES <= count; j += 3 * LANES, a += LANES) {
                FloatVector r0 = FloatVector.fromArray(FLOATS, in, a);
                FloatVector r1 = FloatVector.fromArray(FLOATS, in, rowStride + a);
                FloatVector r2 = FloatVector.fromArray(FLOATS, in, 2 * rowStride + a);
                r0.rearrange(ZIP3_0).blend(r1.rearrange(ZIP3_0), ZIP3_0_ROW1).blend(r2.rearrange(ZIP3_0), ZIP3_0_ROW2)
                        .intoArray(out, outOff + j);
                r0.rearrange(ZIP3_1).blend(r1.rearrange(ZIP3_1), ZIP3_1_ROW1).blend(r2.rearrange(ZIP3_1), ZIP3_1_ROW2)
                        .intoArray(out, outOff + j + LANES);
                r0.rearrange(ZIP3_2).blend(r1.rearrange(ZIP3_2), ZIP3_2_ROW1).blend(r2.rearrange(ZIP3_2), ZIP3_2_ROW2)
                        .intoArray(out, outOff + j + 2 * LANES);
            }
        }
        ScalarResampleKernels.interleaveScalar(in, rowStride, rows, out, outOff, j, count);
    }

    /*
     * The permutes and masks of the common strides (2: 16 kHz -> 8 kHz and every chain's final stage; 3: 24 kHz and
     * 48 kHz's front; 4: 32 kHz) as constants, each stride in its own straight-line loop (splitBy2Joint ...). From
     * the SPLIT_* tables, with a loop over the source vectors, the same split took three to four times as long: 138
     * against 38 ns per 20 ms chunk at 16 kHz -> 8 kHz hq (28 % of the whole decimation; 145 ns of 24 kHz -> 8 kHz
     * telephony's 521), on a 2-core Intel Xeon with AVX-512, Temurin 25, 2026-12-04. Strides 2 and 3 then take
     * all their streams from one set of loads (24 kHz telephony 544 / 535 -> 506 / 505 ns, same machine, host
     * slower, alternating builds): on that machine the split's unaligned loads, not its permutes, set its time.
     */
    private static final VectorShuffle<Float> BY_2 = VectorShuffle.fromOp(FLOATS, l -> 2 * l % LANES);
    private static final VectorMask<Float> BY_2_FROM_1 = lanesWhere(l -> 2 * l >= LANES);
    private static final VectorShuffle<Float> BY_2_R1 = VectorShuffle.fromOp(FLOATS, l -> (1 + 2 * l) % LANES);
    private static final VectorMask<Float> BY_2_R1_FROM_1 = lanesWhere(l -> 1 + 2 * l >= LANES);
    private static final VectorShuffle<Float> BY_3 = VectorShuffle.fromOp(FLOATS, l -> 3 * l % LANES);
    private static final VectorMask<Float> BY_3_FROM_1 = lanesWhere(l -> 3 * l >= LANES);
    private static final VectorMask<Float> BY_3_FROM_2 = lanesWhere(l -> 3 * l >= 2 * LANES);
    private static final VectorShuffle<Float> BY_3_R1 = VectorShuffle.fromOp(FLOATS, l -> (1 + 3 * l) % LANES);
    private static final VectorMask<Float> BY_3_R1_FROM_1 = lanesWhere(l -> 1 + 3 * l >= LANES);
    private static final VectorMask<Float> BY_3_R1_FROM_2 = lanesWhere(l -> 1 + 3 * l >= 2 * LANES);
    private static final VectorShuffle<Float> BY_3_R2 = VectorShuffle.fromOp(FLOATS, l -> (2 + 3 * l) % LANES);
    private static final VectorMask<Float> BY_3_R2_FROM_1 = lanesWhere(l -> 2 + 3 * l >= LANES);
    private static final VectorMask<Float> BY_3_R2_FROM_2 = lanesWhere(l -> 2 + 3 * l >= 2 * LANES);
    private static final VectorShuffle<Float> BY_4 = VectorShuffle.fromOp(FLOATS, l -> 4 * l % LANES);
    private static final VectorMask<Float> BY_4_FROM_1 = lanesWhere(l -> 4 * l >= LANES);
    private static final VectorMask<Float> BY_4_FROM_2 = lanesWhere(l -> 4 * l >= 2 * LANES);
    private static final VectorMask<Float> BY_4_FROM_3 = lanesWhere(l -> 4 * l >= 3 * LANES);
    /** {@code SPLIT_SHUFFLES[m]}: lane l takes lane {@code (m l) mod LANES} of its source vector. */
    private static final VectorShuffle<Float>[] SPLIT_SHUFFLES = newShuffles(MAX_PERMUTE_STRIDE + 1);
    /** {@code SPLIT_MASKS[m][t]}: the lanes l whose sample {@code m l} lies in source vector t or later. */
    private static final VectorMask<Float>[][] SPLIT_MASKS = newMasks(MAX_PERMUTE_STRIDE + 1);

    static {
        IntVector iota = (IntVector) IntVector.zero(INTS).addIndex(1);
        for (int m = 1; m <= MAX_PERMUTE_STRIDE; m++) {
            IntVector source = iota.mul(m);
            SPLIT_SHUFFLES[m] = source.and(LANES - 1).toShuffle().cast(FLOATS);
            SPLIT_MASKS[m] = newMaskRow(m);
            for (int t = 0; t < m; t++) {
                SPLIT_MASKS[m][t] = source.compare(VectorOperators.GE, t * LANES).cast(FLOATS);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] newShuffles(int n) {
        return (VectorShuffle<Float>[]) new VectorShuffle<?>[n];
    }

    @SuppressWarnings("unchecked")
    private static VectorMask<Float>[][] newMasks(int n) {
        return (VectorMask<Float>[][]) new VectorMask<?>[n][];
    }

    @SuppressWarnings("unchecked")
    private static VectorMask<Float>[] newMaskRow(int n) {
        return (VectorMask<Float>[]) new VectorMask<?>[n];
    }

    /**
     * Splits {@code x[xOff, xOff + available)} into its polyphase streams, stream r at {@code scratch[r * perStream]}
     * holding {@code x[xOff + r + i * stride]}; positions past the input are zero so that lanes of a partial block
     * compute harmless values (they are never stored). For small strides a vector of a stream is assembled from
     * the {@code stride} consecutive vectors it spans, one permute and blend each (about twice as fast as a copy
     * loop and three times as fast as a gather here).
     */
    private static void split(float[] x, int xOff, int stride, int available, float[] scratch, int perStream) {
        if (stride == 1) {
            // Upsampling (each row of L > 1 reads consecutive inputs): one stream, a copy instead of the permute
            // loop below (8 kHz -> 16 kHz telephony, a row of 40 taps, 160 outputs: 115 and 128 ns per kernel call
            // against 125 and 139, Intel Xeon, 2026-12-04).
            System.arraycopy(x, xOff, scratch, 0, available);
            java.util.Arrays.fill(scratch, available, perStream, 0f);
            return;
        }
        int whole = available / stride;
        int done = splitVectors(x, xOff, stride, whole, scratch, perStream, 0);
        for (int r = 0; r < stride; r++) {
            int base = r * perStream;
            int from = xOff + r;
            for (int i = done; i < whole; i++) {
                scratch[base + i] = x[from + i * stride];
            }
            int valid = whole;
            if (r < available - whole * stride) {
                scratch[base + whole] = x[from + whole * stride];
                valid++;
            }
            java.util.Arrays.fill(scratch, base + valid, base + perStream, 0f);
        }
    }

    /**
     * The vector part of a split: for {@code i} below the returned count (a multiple of LANES, at most
     * {@code groups}), {@code x[xOff + r + i * stride]} to {@code streams[r * perStream + to + i]}, every stream
     * r the same count; the caller copies the rest. Only inputs below {@code xOff + groups * stride} are used.
     */
    private static int splitVectors(float[] x, int xOff, int stride, int groups, float[] streams, int perStream,
                                    int to) {
        if (stride > MAX_PERMUTE_STRIDE) {
            return 0;
        }
        if (stride == 1) {
            System.arraycopy(x, xOff, streams, to, groups);
            return groups;
        }
        // Whole vectors while the stride * LANES samples each load window spans lie inside x (stream stride - 1's
        // window reaches stride - 1 samples further than stream 0's).
        int vectors = Math.min(groups, (x.length - xOff - (stride - 1)) / stride - LANES + 1);
        // Strides 2 and 3 (16 and 24 kHz -> 8 kHz, and the halving stages): every stream from the same loads of
        // each stride * LANES inputs, where stream by stream each load is made once per stream.
        if (stride == 2) {
            return splitBy2Joint(x, xOff, streams, perStream, to, Math.min(groups, (x.length - xOff) / 2 - LANES + 1));
        } else if (stride == 3) {
            return splitBy3Joint(x, xOff, streams, perStream, to, Math.min(groups, (x.length - xOff) / 3 - LANES + 1));
        }
        VectorShuffle<Float> shuffle = SPLIT_SHUFFLES[stride];
        VectorMask<Float>[] masks = SPLIT_MASKS[stride];
        int done = 0;
        for (int r = 0; r < stride; r++) {
            int base = r * perStream + to;
            int from = xOff + r;
            int i = stride == 4 ? splitBy4(x, from, streams, base, vectors) : 0;
            for (; i + LANES <= vectors; i += LANES) {
                int at = from + i * stride;
                FloatVector v = FloatVector.fromArray(FLOATS, x, at).rearrange(shuffle);
                for (int t = 1; t < stride; t++) {
                    v = v.blend(FloatVector.fromArray(FLOATS, x, at + t * LANES).rearrange(shuffle), masks[t]);
                }
                v.intoArray(streams, base + i);
            }
            done = i;
        }
        return done;
    }
    /**
     * The two streams of stride 2 at once: stream r's vector i is elements r, r + 2, ... r + 2 (LANES - 1) of the 2
     * LANES inputs from {@code x[xOff + 2 i]} (two loads for both streams, where stream by stream each takes two).
     * Whole vectors for {@code i < vectors}; returns how far it got.
     */
    private static int splitBy2Joint(float[] x, int xOff, float[] scratch, int perStream, int to, int vectors) {
        int i = 0;
        for (; i + LANES <= vectors; i += LANES) {
            int at = xOff + 2 * i;
            FloatVector w0 = FloatVector.fromArray(FLOATS, x, at);
            FloatVector w1 = FloatVector.fromArray(FLOATS, x, at + LANES);
            w0.rearrange(BY_2).blend(w1.rearrange(BY_2), BY_2_FROM_1).intoArray(scratch, to + i);
            w0.rearrange(BY_2_R1).blend(w1.rearrange(BY_2_R1), BY_2_R1_FROM_1).intoArray(scratch, perStream + to + i);
        }
        return i;
    }

    /**
     * The three streams of stride 3 at once: stream r's vector i is elements r, r + 3, ... r + 3 (LANES - 1) of the 3
     * LANES inputs from {@code x[xOff + 3 i]}, so one window of three loads serves all three (nine loads where stream
     * by stream takes nine for each stream's three). Whole vectors for {@code i < vectors}; returns how far it got.
     */
    private static int splitBy3Joint(float[] x, int xOff, float[] scratch, int perStream, int to, int vectors) {
        int i = 0;
        for (; i + LANES <= vectors; i += LANES) {
            int at = xOff + 3 * i;
            FloatVector w0 = FloatVector.fromArray(FLOATS, x, at);
            FloatVector w1 = FloatVector.fromArray(FLOATS, x, at + LANES);
            FloatVector w2 = FloatVector.fromArray(FLOATS, x, at + 2 * LANES);
            w0.rearrange(BY_3).blend(w1.rearrange(BY_3), BY_3_FROM_1).blend(w2.rearrange(BY_3), BY_3_FROM_2)
                    .intoArray(scratch, to + i);
            w0.rearrange(BY_3_R1).blend(w1.rearrange(BY_3_R1), BY_3_R1_FROM_1)
                    .blend(w2.rearrange(BY_3_R1), BY_3_R1_FROM_2).intoArray(scratch, perStream + to + i);
            w0.rearrange(BY_3_R2).blend(w1.rearrange(BY_3_R2), BY_3_R2_FROM_1)
                    .blend(w2.rearrange(BY_3_R2), BY_3_R2_FROM_2).intoArray(scratch, 2 * perStream + to + i);
        }
        return i;
    }

    /** Stream {@code x[from + 4 i]} into {@code scratch[base + i]}, whole vectors for {@code i < vectors}. */
    private static int splitBy4(float[] x, int from, float[] scratch, int base, int vectors) {
        int i = 0;
        for (; i + LANES <= vectors; i += LANES) {
            int at = from + 4 * i;
            FloatVector.fromArray(FLOATS, x, at).rearrange(BY_4)
                    .blend(FloatVector.fromArray(FLOATS, x, at + LANES).rearrange(BY_4), BY_4_FROM_1)
                    .blend(FloatVector.fromArray(FLOATS, x, at + 2 * LANES).rearrange(BY_4), BY_4_FROM_2)
                    .blend(FloatVector.fromArray(FLOATS, x, at + 3 * LANES).rearrange(BY_4), BY_4_FROM_3)
                    .intoArray(scratch, base + i);
        }
        return i;
    }
}
