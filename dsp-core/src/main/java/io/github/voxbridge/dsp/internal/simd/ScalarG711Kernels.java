package io.github.voxbridge.dsp.internal.simd;

/**
 * The portable G.711 kernels: table lookups, 64 KiB per law for encoding and 256 entries for decoding.
 *
 * <p>The tables are filled at class initialisation from branch-free arithmetic that is the same
 * computation the Vector API kernels do lane by lane (see {@link #muLawEncode(int)} and
 * {@link #aLawEncode(int)}), so the two implementations cannot drift apart. Both are held to
 * ITU-T G.711 as coded in the ITU-T G.191 Software Tool Library ({@code g711.c}: {@code ulaw_compress},
 * {@code ulaw_expand}, {@code alaw_compress}, {@code alaw_expand}) by the tests, for every input.
 */
public final class ScalarG711Kernels implements G711Kernels {

    /** The one instance; stateless. */
    public static final ScalarG711Kernels INSTANCE = new ScalarG711Kernels();

    /*
     * mu-law (G.191 ulaw_compress): the magnitude is taken in 14 bits (16-bit input >> 2, one's complement
     * for negative inputs), biased by 33 and clipped to 0x1FFF. With a bias of 33 the biased magnitude is
     * always in [33, 8191], i.e. its highest set bit is bit 5..12, and the segment is that bit position
     * minus 4 (1..8); the four bits below the highest set bit are the mantissa. Converting the magnitude to
     * float puts exactly those two things side by side: the IEEE 754 exponent field and the top four
     * mantissa bits, so (floatBits >>> 19) = (bitPosition + 127) << 4 | mantissa, with no branch, loop or
     * leading-zero count. The code is the one's complement of segment-1|mantissa with the sign bit set for
     * non-negative inputs.
     */
    static final int MULAW_BIAS = 33;
    static final int MULAW_CLIP = 0x1FFF;
    /** {@code 0x7F + 0x80 + ((5 + 127) << 4)}: complements segment|mantissa and sets the sign bit. */
    static final int MULAW_CODE_BASE = 0x7F + 0x80 + ((5 + 127) << 4);

    /*
     * A-law (G.191 alaw_compress): 12-bit magnitude (16-bit input >> 4, one's complement for negative inputs),
     * no bias. Magnitudes 0..31 are coded as themselves (segments 0 and 1 share the step); from 32 up the code
     * is (bitPosition - 3) << 4 | mantissa, which the float trick gives as (floatBits >>> 19) - ((3 + 127) << 4).
     * For magnitudes below 16 that expression is smaller than the magnitude itself and for 16..31 it equals
     * it, so max(expression, min(magnitude, 15)) is the code in every case. Even bits are inverted (XOR 0x55).
     */
    static final int ALAW_SEGMENT_OFFSET = (3 + 127) << 4;
    static final int ALAW_EVEN_BITS = 0x55;

    private static final int SIGN_BIT = 0x80;

    private static final byte[] MULAW_ENCODE = new byte[1 << 16];
    private static final byte[] ALAW_ENCODE = new byte[1 << 16];
    private static final short[] MULAW_DECODE = new short[256];
    private static final short[] ALAW_DECODE = new short[256];
    private static final float[] MULAW_DECODE_FLOAT = new float[256];
    private static final float[] ALAW_DECODE_FLOAT = new float[256];

    static {
        for (int i = 0; i < 1 << 16; i++) {
            MULAW_ENCODE[i] = (byte) muLawEncode((short) i);
            ALAW_ENCODE[i] = (byte) aLawEncode((short) i);
        }
        for (int code = 0; code < 256; code++) {
            MULAW_DECODE[code] = (short) muLawDecode(code);
            ALAW_DECODE[code] = (short) aLawDecode(code);
            MULAW_DECODE_FLOAT[code] = Pcm16Conversion.toFloat(MULAW_DECODE[code]);
            ALAW_DECODE_FLOAT[code] = Pcm16Conversion.toFloat(ALAW_DECODE[code]);
        }
    }

    private ScalarG711Kernels() {
    }

    /**
     * mu-law code of one 16-bit sample, computed branch-free (no table).
     *
     * @param sample a sign-extended 16-bit sample
     * @return the code, 0..255
     */
    public static int muLawEncode(int sample) {
        int sign = sample >> 31;                                   // -1 for negative, 0 otherwise
        int biased = Math.min(((sample ^ sign) >> 2) + MULAW_BIAS, MULAW_CLIP);
        int exponentAndMantissa = Float.floatToRawIntBits((float) biased) >>> 19;
        return MULAW_CODE_BASE + (sign << 7) - exponentAndMantissa;
    }

    /**
     * A-law code of one 16-bit sample, computed branch-free (no table).
     *
     * @param sample a sign-extended 16-bit sample
     * @return the code, 0..255
     */
    public static int aLawEncode(int sample) {
        int sign = sample >> 31;
        int magnitude = (sample ^ sign) >> 4;
        int segmented = (Float.floatToRawIntBits((float) magnitude) >>> 19) - ALAW_SEGMENT_OFFSET;
        int code = Math.max(segmented, Math.min(magnitude, 15));
        return (code + SIGN_BIT + (sign << 7)) ^ ALAW_EVEN_BITS;
    }

    /** G.191 {@code ulaw_expand} of one code (low 8 bits used); result in [-32124, 32124]. */
    static int muLawDecode(int code) {
        int complement = ~code & 0xFF;
        int exponent = (complement >> 4) & 7;
        int mantissa = complement & 0x0F;
        int magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
        return (code & SIGN_BIT) != 0 ? magnitude : -magnitude;
    }

    /** G.191 {@code alaw_expand} of one code (low 8 bits used); result in [-32256, 32256], never 0. */
    static int aLawDecode(int code) {
        int ix = (code ^ ALAW_EVEN_BITS) & 0x7F;
        int exponent = ix >> 4;
        int mantissa = ix & 0x0F;
        if (exponent > 0) {
            mantissa += 16;
        }
        mantissa = (mantissa << 4) + 8;
        if (exponent > 1) {
            mantissa <<= exponent - 1;
        }
        return (code & SIGN_BIT) != 0 ? mantissa : -mantissa;
    }

    /** Table lookup of one mu-law code. */
    public static byte muLawEncodeByTable(short sample) {
        return MULAW_ENCODE[sample & 0xFFFF];
    }

    /** Table lookup of one A-law code. */
    public static byte aLawEncodeByTable(short sample) {
        return ALAW_ENCODE[sample & 0xFFFF];
    }

    /** Table lookup of one mu-law decoded sample. */
    public static short muLawDecodeByTable(byte code) {
        return MULAW_DECODE[code & 0xFF];
    }

    /** Table lookup of one A-law decoded sample. */
    public static short aLawDecodeByTable(byte code) {
        return ALAW_DECODE[code & 0xFF];
    }

    @Override
    public void muLawEncode(short[] src, int srcOff, byte[] dst, int dstOff, int len) {
        encode(MULAW_ENCODE, src, srcOff, dst, dstOff, len);
    }

    @Override
    public void muLawEncode(float[] src, int srcOff, byte[] dst, int dstOff, int len) {
        encode(MULAW_ENCODE, src, srcOff, dst, dstOff, len);
    }

    @Override
    public void muLawDecode(byte[] src, int srcOff, short[] dst, int dstOff, int len) {
        decode(MULAW_DECODE, src, srcOff, dst, dstOff, len);
    }

    @Override
    public void muLawDecode(byte[] src, int srcOff, float[] dst, int dstOff, int len) {
        decode(MULAW_DECODE_FLOAT, src, srcOff, dst, dstOff, len);
    }

    @Override
    public void aLawEncode(short[] src, int srcOff, byte[] dst, int dstOff, int len) {
        encode(ALAW_ENCODE, src, srcOff, dst, dstOff, len);
    }

    @Override
    public void aLawEncode(float[] src, int srcOff, byte[] dst, int dstOff, int len) {
        encode(ALAW_ENCODE, src, srcOff, dst, dstOff, len);
    }

    @Override
    public void aLawDecode(byte[] src, int srcOff, short[] dst, int dstOff, int len) {
        decode(ALAW_DECODE, src, srcOff, dst, dstOff, len);
    }

    @Override
    public void aLawDecode(byte[] src, int srcOff, float[] dst, int dstOff, int len) {
        decode(ALAW_DECODE_FLOAT, src, srcOff, dst, dstOff, len);
    }

    private static void encode(byte[] table, short[] src, int srcOff, byte[] dst, int dstOff, int len) {
        for (int i = 0; i < len; i++) {
            dst[dstOff + i] = table[src[srcOff + i] & 0xFFFF];
        }
    }

    private static void encode(byte[] table, float[] src, int srcOff, byte[] dst, int dstOff, int len) {
        for (int i = 0; i < len; i++) {
            dst[dstOff + i] = table[Pcm16Conversion.fromFloat(src[srcOff + i]) & 0xFFFF];
        }
    }

    private static void decode(short[] table, byte[] src, int srcOff, short[] dst, int dstOff, int len) {
        for (int i = 0; i < len; i++) {
            dst[dstOff + i] = table[src[srcOff + i] & 0xFF];
        }
    }

    private static void decode(float[] table, byte[] src, int srcOff, float[] dst, int dstOff, int len) {
        for (int i = 0; i < len; i++) {
            dst[dstOff + i] = table[src[srcOff + i] & 0xFF];
        }
    }
}
