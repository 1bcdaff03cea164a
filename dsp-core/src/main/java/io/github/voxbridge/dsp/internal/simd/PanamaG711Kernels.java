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
 */
final class PanamaG711Kernels implements G711Kernels {

    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Short> SHORTS =
            VectorSpecies.of(short.class, VectorShape.forBitSize(INTS.vectorBitSize() / 2));
    private static final VectorSpecies<Byte> BYTES =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(INTS.vectorBitSize() / 4));
    private static final int LANES = INTS.length();

    /** 1.5 * 2^23: adding and subtracting it rounds a float of magnitude below 2^22 to nearest, ties to even. */
    private static final float ROUNDING_MAGIC = 12582912f;
    private static final float SCALE_DOWN = 1f / 32768f;

    private static final ScalarG711Kernels TAIL = ScalarG711Kernels.INSTANCE;

    // ---------------------------------------------------------------- mu-law

    @Override
    public void muLawEncode(short[] src, int srcOff, byte[] dst, int dstOff, int len) {
        int i = 0;
        for (int bound = len - LANES; i <= bound; i += LANES) {
            storeCodes(muLaw(widen(src, srcOff + i)), dst, dstOff + i);
        }
        TAIL.muLawEncode(src, srcOff + i, dst, dstOff + i, len - i);
    }

    @Override
    public void muLawEncode(float[] src, int srcOff, byte[] dst, int dstOff, int len) {
        int i = 0;
        for (int bound = len - LANES; i <= bound; i += LANES) {
            storeCodes(muLaw(toPcm16(src, srcOff + i)), dst, dstOff + i);
        }
        TAIL.muLawEncode(src, srcOff + i, dst, dstOff + i, len - i);
    }

    @Override
    public void muLawDecode(byte[] src, int srcOff, short[] dst, int dstOff, int len) {
        int i = 0;
        for (int bound = len - LANES; i <= bound; i += LANES) {
            storeSamples(muLawExpand(widen(src, srcOff + i)), dst, dstOff + i);
        }
        TAIL.muLawDecode(src, srcOff + i, dst, dstOff + i, len - i);
    }

    @Override
    public void muLawDecode(byte[] src, int srcOff, float[] dst, int dstOff, int len) {
        int i = 0;
        for (int bound = len - LANES; i <= bound; i += LANES) {
            storeSamples(muLawExpand(widen(src, srcOff + i)), dst, dstOff + i);
        }
        TAIL.muLawDecode(src, srcOff + i, dst, dstOff + i, len - i);
    }

    private static IntVector muLaw(IntVector x) {
        IntVector sign = x.lanewise(VectorOperators.ASHR, 31);
        IntVector biased = x.lanewise(VectorOperators.XOR, sign)
                .lanewise(VectorOperators.ASHR, 2)
                .add(MULAW_BIAS)
                .min(MULAW_CLIP);
        IntVector exponentAndMantissa = exponentAndMantissa(biased);
        return sign.lanewise(VectorOperators.LSHL, 7).add(MULAW_CODE_BASE).sub(exponentAndMantissa);
    }

    /** G.191 ulaw_expand; codes are sign-extended bytes. */
    private static IntVector muLawExpand(IntVector code) {
        IntVector complement = code.lanewise(VectorOperators.NOT).and(0xFF);
        IntVector exponent = complement.lanewise(VectorOperators.LSHR, 4).and(7);
        IntVector magnitude = complement.and(0x0F).lanewise(VectorOperators.LSHL, 3).add(0x84)
                .lanewise(VectorOperators.LSHL, exponent)
                .sub(0x84);
        return applySign(magnitude, code);
    }

    // ---------------------------------------------------------------- A-law

    @Override
    public void aLawEncode(short[] src, int srcOff, byte[] dst, int dstOff, int len) {
        int i = 0;
        for (int bound = len - LANES; i <= bound; i += LANES) {
            storeCodes(aLaw(widen(src, srcOff + i)), dst, dstOff + i);
        }
        TAIL.aLawEncode(src, srcOff + i, dst, dstOff + i, len - i);
    }

    @Override
    public void aLawEncode(float[] src, int srcOff, byte[] dst, int dstOff, int len) {
        int i = 0;
        for (int bound = len - LANES; i <= bound; i += LANES) {
            storeCodes(aLaw(toPcm16(src, srcOff + i)), dst, dstOff + i);
        }
        TAIL.aLawEncode(src, srcOff + i, dst, dstOff + i, len - i);
    }

    @Override
    public void aLawDecode(byte[] src, int srcOff, short[] dst, int dstOff, int len) {
        int i = 0;
        for (int bound = len - LANES; i <= bound; i += LANES) {
            storeSamples(aLawExpand(widen(src, srcOff + i)), dst, dstOff + i);
        }
        TAIL.aLawDecode(src, srcOff + i, dst, dstOff + i, len - i);
    }

    @Override
    public void aLawDecode(byte[] src, int srcOff, float[] dst, int dstOff, int len) {
        int i = 0;
        for (int bound = len - LANES; i <= bound; i += LANES) {
            storeSamples(aLawExpand(widen(src, srcOff + i)), dst, dstOff + i);
        }
        TAIL.aLawDecode(src, srcOff + i, dst, dstOff + i, len - i);
    }

    private static IntVector aLaw(IntVector x) {
        IntVector sign = x.lanewise(VectorOperators.ASHR, 31);
        IntVector magnitude = x.lanewise(VectorOperators.XOR, sign).lanewise(VectorOperators.ASHR, 4);
        IntVector segmented = exponentAndMantissa(magnitude).sub(ALAW_SEGMENT_OFFSET);
        IntVector code = segmented.max(magnitude.min(15));
        return code.add(0x80).add(sign.lanewise(VectorOperators.LSHL, 7)).lanewise(VectorOperators.XOR, ALAW_EVEN_BITS);
    }

    /** G.191 alaw_expand without branches; codes are sign-extended bytes. */
    private static IntVector aLawExpand(IntVector code) {
        IntVector ix = code.lanewise(VectorOperators.XOR, ALAW_EVEN_BITS).and(0x7F);
        IntVector exponent = ix.lanewise(VectorOperators.LSHR, 4);
        // Segments above 0 carry an implicit leading one (16) and are shifted by exponent - 1.
        IntVector leadingOne = exponent.min(1).lanewise(VectorOperators.LSHL, 4);
        IntVector shift = exponent.sub(1).max(0);
        IntVector magnitude = ix.and(0x0F).add(leadingOne).lanewise(VectorOperators.LSHL, 4).add(8)
                .lanewise(VectorOperators.LSHL, shift);
        return applySign(magnitude, code);
    }

    // ---------------------------------------------------------------- shared lane arithmetic

    /** (IEEE 754 exponent << 4 | top four mantissa bits) of each lane converted to float. */
    private static IntVector exponentAndMantissa(IntVector positive) {
        return ((IntVector) positive.convert(VectorOperators.I2F, 0).reinterpretAsInts())
                .lanewise(VectorOperators.LSHR, 19);
    }

    /** Negates lanes whose code has bit 7 clear (G.711: bit 7 set means a non-negative sample). */
    private static IntVector applySign(IntVector magnitude, IntVector signExtendedCode) {
        IntVector negate = signExtendedCode.lanewise(VectorOperators.NOT).lanewise(VectorOperators.ASHR, 31);
        return magnitude.lanewise(VectorOperators.XOR, negate).sub(negate);
    }

    private static IntVector widen(short[] src, int off) {
        return (IntVector) ShortVector.fromArray(SHORTS, src, off).convertShape(VectorOperators.S2I, INTS, 0);
    }

    private static IntVector widen(byte[] src, int off) {
        return (IntVector) ByteVector.fromArray(BYTES, src, off).convertShape(VectorOperators.B2I, INTS, 0);
    }

    /** Same as {@code Pcm16.fromFloat} per lane: scale, clip, round half to even, NaN to 0. */
    private static IntVector toPcm16(float[] src, int off) {
        FloatVector scaled = FloatVector.fromArray(FLOATS, src, off).mul(32768f);
        FloatVector clipped = scaled.min(32767f).max(-32768f);
        FloatVector rounded = clipped.add(ROUNDING_MAGIC).sub(ROUNDING_MAGIC);
        FloatVector finite = rounded.blend(0f, rounded.test(VectorOperators.IS_NAN));
        return (IntVector) finite.convert(VectorOperators.F2I, 0).reinterpretAsInts();
    }

    private static void storeCodes(IntVector codes, byte[] dst, int off) {
        ((ByteVector) codes.convertShape(VectorOperators.I2B, BYTES, 0)).intoArray(dst, off);
    }

    private static void storeSamples(IntVector samples, short[] dst, int off) {
        ((ShortVector) samples.convertShape(VectorOperators.I2S, SHORTS, 0)).intoArray(dst, off);
    }

    private static void storeSamples(IntVector samples, float[] dst, int off) {
        ((FloatVector) samples.convert(VectorOperators.I2F, 0)).mul(SCALE_DOWN).intoArray(dst, off);
    }
}
