package io.github.voxbridge.dsp.internal.simd;

import static io.github.voxbridge.dsp.internal.simd.ScalarG711Kernels.ALAW_EVEN_BITS;
import static io.github.voxbridge.dsp.internal.simd.ScalarG711Kernels.ALAW_SEGMENT_OFFSET;
import static io.github.voxbridge.dsp.internal.simd.ScalarG711Kernels.MULAW_BIAS;
import static io.github.voxbridge.dsp.internal.simd.ScalarG711Kernels.MULAW_CLIP;
import static io.github.voxbridge.dsp.internal.simd.ScalarG711Kernels.MULAW_CODE_BASE;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * G.711 kernels on the Vector API. Each lane runs the same branch-free arithmetic as
 * {@link ScalarG711Kernels#muLawEncode(int)} / {@link ScalarG711Kernels#aLawEncode(int)} (the segment comes from
 * the float exponent of the magnitude, i.e. from the position of its highest set bit), in 32-bit lanes of the
 * preferred width; samples are widened from 16-bit (or bytes) on load and narrowed to bytes on store. The tail
 * shorter than one vector goes through the scalar tables, which are bit-identical by construction.
 *
 * <p>Two rules keep C2 (checked on JDK 25) from falling back to boxed vectors, which allocate 96 bytes or more
 * per 16 samples and run tens of times slower; both fallbacks were seen in the JMH benchmarks:
 * <ul>
 *   <li>No vector crosses a call to a method of ours: each loop body is written out in full. When the kernel is
 *       inlined into a large caller, C2 stops inlining ordinary methods once the caller's graph is big
 *       ({@code NodeCountInliningCutoff}) but keeps inlining the Vector API's {@code @ForceInline} methods, so a
 *       helper taking or returning a vector would be called with a boxed one.</li>
 *   <li>Only operations that stay intrinsified in a deep caller are used: shifts by a constant (a per-lane
 *       shift masks its count with a broadcast several inlining levels further down, which was the first thing
 *       to hit {@code MaxInlineLevel} and fall back), and no {@code reinterpretAsInts()} of a vector that
 *       already is an {@code IntVector} (that identity reinterpretation fell back too).
 *       Float-to-int conversion of values known to be integers is done by adding 2^23 (or 1.5 * 2^23) and
 *       reading the low bits, which is also cheaper than {@code F2I} and its NaN and overflow fix-ups; float
 *       input is clipped on those bits with integer min/max, not with float min/max (about 1.6 times faster
 *       on the float encoders).</li>
 * </ul>
 * The decoders build the power of two of a segment as a float exponent, the inverse of the encoders' trick:
 * for x = exponent << 4 | mantissa (exponent 0..7, mantissa 0..15) the float with bits
 * {@code (x << 19) + EXPAND_FLOAT_BASE} is (2 * mantissa + 33) << (exponent + 2), which is G.191's mu-law
 * {@code ((mantissa << 3) + 0x84) << exponent} and, for exponent 1..7, its A-law
 * {@code (((mantissa + 16) << 4) + 8) << (exponent - 1)}.
 */
final class PanamaG711Kernels implements G711Kernels {

    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Short> SHORTS =
            VectorSpecies.of(short.class, VectorShape.forBitSize(INTS.vectorBitSize() / 2));
    private static final VectorSpecies<Byte> BYTES =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(INTS.vectorBitSize() / 4));
    private static final int LANES = INTS.length();

    /**
     * 1.5 * 2^23: adding it to a float of magnitude below 2^22 rounds it to an integer (to nearest, ties to even)
     * held in the low bits of the sum, whose bits are then {@code ROUNDING_MAGIC_BITS} + that integer.
     */
    private static final float ROUNDING_MAGIC = 12582912f;
    private static final int ROUNDING_MAGIC_BITS = Float.floatToRawIntBits(ROUNDING_MAGIC);
    /**
     * Bits of {@code ROUNDING_MAGIC - 32768} and {@code ROUNDING_MAGIC + 32767}. Clipping is done on the bits of
     * {@code sample * 32768 + ROUNDING_MAGIC} as integers, which is cheaper than float min/max with Java's NaN
     * and signed-zero rules: positive floats order like their bits, and a sum at or below zero (scaled input at
     * or below -1.5 * 2^23, or -Inf) has negative bits or, for +0.0, bits 0, so integer max/min clip exactly as
     * {@code Pcm16.fromFloat} does (rounding and clipping to integer bounds commute). NaN lanes are replaced by
     * {@code ROUNDING_MAGIC}, i.e. 0, before that. Checked against the scalar kernel for all 2^32 floats.
     */
    private static final int PCM16_MIN_BITS = ROUNDING_MAGIC_BITS - 32768;
    private static final int PCM16_MAX_BITS = ROUNDING_MAGIC_BITS + 32767;
    /** 2^23: adding it to a non-negative integer-valued float below 2^23 leaves the integer in the low bits. */
    private static final float INTEGER_MAGIC = 8388608f;
    private static final int INTEGER_MAGIC_BITS = Float.floatToRawIntBits(INTEGER_MAGIC);
    /** Float bits of 2^7 * 1.03125 (biased exponent 134, fraction 1 << 18); see the class comment. */
    private static final int EXPAND_FLOAT_BASE = (134 << 23) | (1 << 18);
    private static final float SCALE_DOWN = 1f / Pcm16Conversion.SCALE;

    private static final ScalarG711Kernels TAIL = ScalarG711Kernels.INSTANCE;

    // ---------------------------------------------------------------- mu-law

    @Override
    public void muLawEncode(short[] src, int srcOff, byte[] dst, int dstOff, int len) {
        int i = 0;
        for (int bound = len - LANES; i <= bound; i += LANES) {
            IntVector x = (IntVector) ShortVector.fromArray(SHORTS, src, srcOff + i)
                    .convertShape(VectorOperators.S2I, INTS, 0);
            // Same steps as ScalarG711Kernels.muLawEncode(int).
            IntVector sign = x.lanewise(VectorOperators.ASHR, 31);
            IntVector biased = x.lanewise(VectorOperators.XOR, sign).lanewise(VectorOperators.ASHR, 2)
                    .add(MULAW_BIAS).min(MULAW_CLIP);
            IntVector exponentAndMantissa = ((IntVector) biased.convert(VectorOperators.I2F, 0).reinterpretAsInts())
                    .lanewise(VectorOperators.LSHR, 19);
            IntVector codes = sign.lanewise(VectorOperators.LSHL, 7).add(MULAW_CODE_BASE).sub(exponentAndMantissa);
            ((ByteVector) codes.convertShape(VectorOperators.I2B, BYTES, 0)).intoArray(dst, dstOff + i);
        }
        TAIL.muLawEncode(src, srcOff + i, dst, dstOff + i, len - i);
    }

    @Override
    public void muLawEncode(float[] src, int srcOff, byte[] dst, int dstOff, int len) {
        int i = 0;
        for (int bound = len - LANES; i <= bound; i += LANES) {
            // Pcm16.fromFloat: scale, round half to even, clip (see PCM16_MIN_BITS), NaN lanes to 0.
            FloatVector rounded = FloatVector.fromArray(FLOATS, src, srcOff + i).mul(Pcm16Conversion.SCALE)
                    .add(ROUNDING_MAGIC);
            IntVector x = rounded.blend(ROUNDING_MAGIC, rounded.test(VectorOperators.IS_NAN)).reinterpretAsInts()
                    .max(PCM16_MIN_BITS).min(PCM16_MAX_BITS).sub(ROUNDING_MAGIC_BITS);
            // Same steps as ScalarG711Kernels.muLawEncode(int).
            IntVector sign = x.lanewise(VectorOperators.ASHR, 31);
            IntVector biased = x.lanewise(VectorOperators.XOR, sign).lanewise(VectorOperators.ASHR, 2)
                    .add(MULAW_BIAS).min(MULAW_CLIP);
            IntVector exponentAndMantissa = ((IntVector) biased.convert(VectorOperators.I2F, 0).reinterpretAsInts())
                    .lanewise(VectorOperators.LSHR, 19);
            IntVector codes = sign.lanewise(VectorOperators.LSHL, 7).add(MULAW_CODE_BASE).sub(exponentAndMantissa);
            ((ByteVector) codes.convertShape(VectorOperators.I2B, BYTES, 0)).intoArray(dst, dstOff + i);
        }
        TAIL.muLawEncode(src, srcOff + i, dst, dstOff + i, len - i);
    }

    @Override
    public void muLawDecode(byte[] src, int srcOff, short[] dst, int dstOff, int len) {
        int i = 0;
        for (int bound = len - LANES; i <= bound; i += LANES) {
            IntVector code = (IntVector) ByteVector.fromArray(BYTES, src, srcOff + i)
                    .convertShape(VectorOperators.B2I, INTS, 0);
            // G.191 ulaw_expand. The complement of a sign-extended code is negative where code bit 7 is clear.
            IntVector complement = code.lanewise(VectorOperators.NOT);
            IntVector magnitude = complement.and(0x7F).lanewise(VectorOperators.LSHL, 19).add(EXPAND_FLOAT_BASE)
                    .reinterpretAsFloats().add(INTEGER_MAGIC).reinterpretAsInts().sub(INTEGER_MAGIC_BITS + 0x84);
            IntVector negative = complement.lanewise(VectorOperators.ASHR, 31);
            IntVector samples = magnitude.lanewise(VectorOperators.XOR, negative).sub(negative);
            ((ShortVector) samples.convertShape(VectorOperators.I2S, SHORTS, 0)).intoArray(dst, dstOff + i);
        }
        TAIL.muLawDecode(src, srcOff + i, dst, dstOff + i, len - i);
    }

    @Override
    public void muLawDecode(byte[] src, int srcOff, float[] dst, int dstOff, int len) {
        int i = 0;
        for (int bound = len - LANES; i <= bound; i += LANES) {
            IntVector code = (IntVector) ByteVector.fromArray(BYTES, src, srcOff + i)
                    .convertShape(VectorOperators.B2I, INTS, 0);
            // As in muLawDecode(byte[], int, short[], int, int).
            IntVector complement = code.lanewise(VectorOperators.NOT);
            IntVector magnitude = complement.and(0x7F).lanewise(VectorOperators.LSHL, 19).add(EXPAND_FLOAT_BASE)
                    .reinterpretAsFloats().add(INTEGER_MAGIC).reinterpretAsInts().sub(INTEGER_MAGIC_BITS + 0x84);
            IntVector negative = complement.lanewise(VectorOperators.ASHR, 31);
            IntVector samples = magnitude.lanewise(VectorOperators.XOR, negative).sub(negative);
            ((FloatVector) samples.convert(VectorOperators.I2F, 0)).mul(SCALE_DOWN).intoArray(dst, dstOff + i);
        }
        TAIL.muLawDecode(src, srcOff + i, dst, dstOff + i, len - i);
    }

    // ---------------------------------------------------------------- A-law

    @Override
    public void aLawEncode(short[] src, int srcOff, byte[] dst, int dstOff, int len) {
        int i = 0;
        for (int bound = len - LANES; i <= bound; i += LANES) {
            IntVector x = (IntVector) ShortVector.fromArray(SHORTS, src, srcOff + i)
                    .convertShape(VectorOperators.S2I, INTS, 0);
            // Same steps as ScalarG711Kernels.aLawEncode(int).
            IntVector sign = x.lanewise(VectorOperators.ASHR, 31);
            IntVector magnitude = x.lanewise(VectorOperators.XOR, sign).lanewise(VectorOperators.ASHR, 4);
            IntVector segmented = ((IntVector) magnitude.convert(VectorOperators.I2F, 0).reinterpretAsInts())
                    .lanewise(VectorOperators.LSHR, 19).sub(ALAW_SEGMENT_OFFSET);
            IntVector codes = segmented.max(magnitude.min(15)).add(0x80).add(sign.lanewise(VectorOperators.LSHL, 7))
                    .lanewise(VectorOperators.XOR, ALAW_EVEN_BITS);
            ((ByteVector) codes.convertShape(VectorOperators.I2B, BYTES, 0)).intoArray(dst, dstOff + i);
        }
        TAIL.aLawEncode(src, srcOff + i, dst, dstOff + i, len - i);
    }

    @Override
    public void aLawEncode(float[] src, int srcOff, byte[] dst, int dstOff, int len) {
        int i = 0;
        for (int bound = len - LANES; i <= bound; i += LANES) {
            // Pcm16.fromFloat, as in muLawEncode(float[], int, byte[], int, int).
            FloatVector rounded = FloatVector.fromArray(FLOATS, src, srcOff + i).mul(Pcm16Conversion.SCALE)
                    .add(ROUNDING_MAGIC);
            IntVector x = rounded.blend(ROUNDING_MAGIC, rounded.test(VectorOperators.IS_NAN)).reinterpretAsInts()
                    .max(PCM16_MIN_BITS).min(PCM16_MAX_BITS).sub(ROUNDING_MAGIC_BITS);
            // Same steps as ScalarG711Kernels.aLawEncode(int).
            IntVector sign = x.lanewise(VectorOperators.ASHR, 31);
            IntVector magnitude = x.lanewise(VectorOperators.XOR, sign).lanewise(VectorOperators.ASHR, 4);
            IntVector segmented = ((IntVector) magnitude.convert(VectorOperators.I2F, 0).reinterpretAsInts())
                    .lanewise(VectorOperators.LSHR, 19).sub(ALAW_SEGMENT_OFFSET);
            IntVector codes = segmented.max(magnitude.min(15)).add(0x80).add(sign.lanewise(VectorOperators.LSHL, 7))
                    .lanewise(VectorOperators.XOR, ALAW_EVEN_BITS);
            ((ByteVector) codes.convertShape(VectorOperators.I2B, BYTES, 0)).intoArray(dst, dstOff + i);
        }
        TAIL.aLawEncode(src, srcOff + i, dst, dstOff + i, len - i);
    }

    @Override
    public void aLawDecode(byte[] src, int srcOff, short[] dst, int dstOff, int len) {
        int i = 0;
        for (int bound = len - LANES; i <= bound; i += LANES) {
            IntVector code = (IntVector) ByteVector.fromArray(BYTES, src, srcOff + i)
                    .convertShape(VectorOperators.B2I, INTS, 0);
            // G.191 alaw_expand. Segment 0 has segment 1's step without its leading one: its codes are lifted
            // into segment 1 (max with mantissa | 0x10) and the 256 that adds is taken off again.
            IntVector ix = code.lanewise(VectorOperators.XOR, ALAW_EVEN_BITS).and(0x7F);
            IntVector lifted = ix.max(ix.and(0x0F).or(0x10));
            IntVector magnitude = lifted.lanewise(VectorOperators.LSHL, 19).add(EXPAND_FLOAT_BASE)
                    .reinterpretAsFloats().add(INTEGER_MAGIC).reinterpretAsInts().sub(INTEGER_MAGIC_BITS)
                    .sub(lifted.sub(ix).lanewise(VectorOperators.LSHL, 4));
            IntVector negative = code.lanewise(VectorOperators.NOT).lanewise(VectorOperators.ASHR, 31);
            IntVector samples = magnitude.lanewise(VectorOperators.XOR, negative).sub(negative);
            ((ShortVector) samples.convertShape(VectorOperators.I2S, SHORTS, 0)).intoArray(dst, dstOff + i);
        }
        TAIL.aLawDecode(src, srcOff + i, dst, dstOff + i, len - i);
    }

    @Override
    public void aLawDecode(byte[] src, int srcOff, float[] dst, int dstOff, int len) {
        int i = 0;
        for (int bound = len - LANES; i <= bound; i += LANES) {
            IntVector code = (IntVector) ByteVector.fromArray(BYTES, src, srcOff + i)
                    .convertShape(VectorOperators.B2I, INTS, 0);
            // As in aLawDecode(byte[], int, short[], int, int).
            IntVector ix = code.lanewise(VectorOperators.XOR, ALAW_EVEN_BITS).and(0x7F);
            IntVector lifted = ix.max(ix.and(0x0F).or(0x10));
            IntVector magnitude = lifted.lanewise(VectorOperators.LSHL, 19).add(EXPAND_FLOAT_BASE)
                    .reinterpretAsFloats().add(INTEGER_MAGIC).reinterpretAsInts().sub(INTEGER_MAGIC_BITS)
                    .sub(lifted.sub(ix).lanewise(VectorOperators.LSHL, 4));
            IntVector negative = code.lanewise(VectorOperators.NOT).lanewise(VectorOperators.ASHR, 31);
            IntVector samples = magnitude.lanewise(VectorOperators.XOR, negative).sub(negative);
            ((FloatVector) samples.convert(VectorOperators.I2F, 0)).mul(SCALE_DOWN).intoArray(dst, dstOff + i);
        }
        TAIL.aLawDecode(src, srcOff + i, dst, dstOff + i, len - i);
    }
}
