package io.github.voxbridge.dsp;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The edge values every generated property case list starts with (the project's convention for property tests:
 * edge values first, then cases drawn from a fixed-seed {@link SplittableRandom}), kept in one place so that
 * each test names the same edges.
 */
public final class EdgeValues {

    /** The vector lane counts the kernels use: 8 and 16 floats (256 and 512 bits), 32 and 64 bytes or shorts. */
    public static final int[] LANE_MULTIPLES = {8, 16, 32, 64};

    /**
     * Floats that break naive code: NaN (quiet and with a payload), the infinities, both zeros, ±1 (full scale),
     * the smallest and largest subnormals, the smallest normal, the largest finite values, values just past full
     * scale, and 16-bit rounding ties (0.5, 1.5 and 32767.5 units of 2^-15).
     */
    public static final float[] SPECIAL_FLOATS = {
        Float.NaN, Float.intBitsToFloat(0x7FC0_1234), Float.intBitsToFloat(0xFF80_0001),
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 1f, -1f,
        Float.MIN_VALUE, -Float.MIN_VALUE, Math.nextDown(Float.MIN_NORMAL), -Math.nextDown(Float.MIN_NORMAL),
        Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 1.0001f, -1.5f,
        0.5f / 32768f, 1.5f / 32768f, -2.5f / 32768f, 32767.5f / 32768f, -32768.5f / 32768f,
    };

    private EdgeValues() {
    }

    /**
     * Lengths from 0 to {@code max} that matter to a vector loop: 0 to 3, every lane multiple m of
     * {@link #LANE_MULTIPLES} and its powers of two up to {@code max} with m - 1 and m + 1, and {@code max}.
     */
    public static int[] lengthsAroundLanes(int max) {
        IntStream.Builder lengths = IntStream.builder();
        for (int n = 0; n <= Math.min(3, max); n++) {
            lengths.add(n);
        }
        for (int m = LANE_MULTIPLES[0]; m <= max + 1; m *= 2) {
            for (int n = m - 1; n <= Math.min(m + 1, max); n++) {
                lengths.add(n);
            }
        }
        lengths.add(max);
        return lengths.build().distinct().sorted().toArray();
    }

    /**
     * The 16-bit edges of G.711: 0, ±1, the ends of the range, and both sides of every mu-law and A-law segment
     * boundary (mu-law: biased magnitude {@code |x| + 132} reaching {@code 2^(e+8)}, i.e. |x| = 124, 380, 892,
     * ... 32636 at the clip; A-law: |x| = 256, 512, ... 16384; negatives mirrored, mu-law's one's complement
     * shifting them by one).
     */
    public static short[] g711EdgeShorts() {
        IntStream.Builder values = IntStream.builder();
        values.add(0).add(1).add(-1).add(Short.MAX_VALUE).add(Short.MIN_VALUE).add(Short.MAX_VALUE - 1)
                .add(Short.MIN_VALUE + 1);
        for (int e = 0; e < 8; e++) {
            int muEdge = (1 << (e + 8)) - 132;
            int aEdge = 256 << Math.max(0, e - 1);
            for (int edge : new int[] {muEdge, aEdge}) {
                for (int d = -1; d <= 1; d++) {
                    values.add(edge + d).add(-(edge + d)).add(-(edge + d) - 1);
                }
            }
        }
        values.add(32635).add(32636).add(-32636).add(-32637);
        return toShorts(values.build().filter(v -> v >= Short.MIN_VALUE && v <= Short.MAX_VALUE).distinct()
                .sorted().toArray());
    }

    private static short[] toShorts(int[] values) {
        short[] shorts = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            shorts[i] = (short) values[i];
        }
        return shorts;
    }
}
