package io.github.voxbridge.tts.transport.internal.simd;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link JsonTextKernels} with the Vector API: loaded by name only when {@code jdk.incubator.vector} is there.
 *
 * <p>{@link #plainRun} tests {@code L} chars a step (the preferred species' 16-bit lanes: 32 with AVX-512) for a
 * quote, a backslash or a control char and answers the first one's place.
 *
 * <p>Base64: one step takes {@code L} chars (the preferred species' 16-bit lanes: 32 with AVX-512) and writes {@code 3L/4}
 * bytes. Each char is classified by range ({@code A-Z}, {@code a-z}, {@code 0-9}, {@code +}, {@code /}: RFC 4648
 * table 1) and turned into its sextet by adding the range's offset; a block with any other char (padding, a char
 * above U+00FF, anything) stops the loop, and {@code json.Base64Chars} takes over from there with its exact rules. The
 * sextets are then packed in the lanes themselves, little-endian as the Vector API reinterprets: two 16-bit lanes
 * into 12 bits of an int lane ({@code s0 << 6 | s1}), two of those into 24 bits of a long lane, and a constant byte
 * shuffle ({@code vpermb} with AVX-512 VBMI) puts the three bytes of each long, most significant first, one after
 * the other (the approach of Muła and Lemire, "Faster Base64 Encoding and Decoding using AVX2 Instructions", ACM
 * TOW 2018, with shifts instead of {@code pmaddubsw}, which the Vector API lacks).
 */
final class PanamaJsonTextKernels extends JsonTextKernels {

    private static final VectorSpecies<Short> CHARS = ShortVector.SPECIES_PREFERRED;
    private static final int LANES = CHARS.length();
    private static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class, CHARS.vectorShape());
    /** Bytes written per step: three per four chars. */
    private static final int STEP_BYTES = 3 * LANES / 4;
    /** Byte {@code 3j + k} of the output is byte {@code 8j + 2 - k} of the vector of 24-bit longs. */
    private static final VectorShuffle<Byte> PACK;
    private static final VectorMask<Byte> STEP_MASK = BYTES.indexInRange(0, STEP_BYTES);

    static {
        int[] lanes = new int[BYTES.length()];
        for (int j = 0; j < LANES / 4; j++) {
            for (int k = 0; k < 3; k++) {
                lanes[3 * j + k] = 8 * j + 2 - k;
            }
        }
        PACK = VectorShuffle.fromArray(BYTES, lanes, 0);
    }

    PanamaJsonTextKernels() {
        super("module " + VECTOR_MODULE + " present, " + 16 * LANES + "-bit vectors");
    }

    /** The 16-bit lanes of the preferred species, asked before the kernels are chosen. */
    static int preferredCharLanes() {
        return ShortVector.SPECIES_PREFERRED.length();
    }

    @Override
    public String name() {
        return "panama";
    }

    @Override
    public int plainRun(char[] text, int from, int to) {
        int i = from;
        for (; i + LANES <= to; i += LANES) {
            ShortVector c = ShortVector.fromCharArray(CHARS, text, i);
            // Below U+0020 exactly when no bit above the lowest five is set (whatever the sign of the short).
            VectorMask<Short> end = c.and((short) 0xFFE0).eq((short) 0).or(c.eq((short) '"'))
                    .or(c.eq((short) '\\'));
            if (end.anyTrue()) {
                return i + end.firstTrue();
            }
        }
        for (; i < to; i++) {
            char c = text[i];
            if (c == '"' || c == '\\' || c < 0x20) {
                return i;
            }
        }
        return to;
    }

    @Override
    public int decodeBase64Blocks(char[] src, int from, int to, byte[] out, int outOff, int outLimit) {
        int sp = from;
        int dp = outOff;
        while (sp + LANES <= to && dp + STEP_BYTES <= outLimit) {
            if (!step(src, sp, out, dp, outLimit)) {
                return sp - from;
            }
            sp += LANES;
            dp += STEP_BYTES;
        }
        // The whole units left (fewer than a step; the last unit, if padded, stays for the scalar rules): one more
        // step over the block that ends with them, overlapping what is done, which rewrites the same bytes.
        int end = to;
        if (end > sp && src[end - 1] == '=') {
            end--;
            if (end > sp && src[end - 1] == '=') {
                end--;
            }
        }
        end = from + (end - from) / 4 * 4;
        int back = end - LANES;
        if (end > sp && back >= from) {
            int backOut = outOff + (back - from) / 4 * 3;
            if (backOut + STEP_BYTES <= outLimit && step(src, back, out, backOut, outLimit)) {
                return end - from;
            }
        }
        return sp - from;
    }

    /** Decodes the {@link #LANES} chars at {@code sp} to {@code dp} if they are all in the alphabet. */
    private static boolean step(char[] src, int sp, byte[] out, int dp, int outLimit) {
        ShortVector c = ShortVector.fromCharArray(CHARS, src, sp);
        ShortVector upper = c.sub((short) 'A');
        ShortVector lower = c.sub((short) 'a');
        ShortVector digit = c.sub((short) '0');
        // Signed compares (JDK 21's API has no unsigned ones): a char from U+8000 is a negative short, below every
        // range, so it is rejected like any other char outside them.
        VectorMask<Short> isUpper = c.compare(VectorOperators.GE, (short) 'A')
                .and(c.compare(VectorOperators.LE, (short) 'Z'));
        VectorMask<Short> isLower = c.compare(VectorOperators.GE, (short) 'a')
                .and(c.compare(VectorOperators.LE, (short) 'z'));
        VectorMask<Short> isDigit = c.compare(VectorOperators.GE, (short) '0')
                .and(c.compare(VectorOperators.LE, (short) '9'));
        VectorMask<Short> isPlus = c.eq((short) '+');
        VectorMask<Short> isSlash = c.eq((short) '/');
        if (!isUpper.or(isLower).or(isDigit).or(isPlus).or(isSlash).allTrue()) {
            return false;
        }
        ShortVector sextets = upper.blend(lower.add((short) 26), isLower).blend(digit.add((short) 52), isDigit)
                .blend((short) 62, isPlus).blend((short) 63, isSlash);
        IntVector pairs = sextets.reinterpretAsInts();
        IntVector twelve = pairs.and(0x3F).lanewise(VectorOperators.LSHL, 6)
                .or(pairs.lanewise(VectorOperators.LSHR, 16));
        LongVector quads = twelve.reinterpretAsLongs();
        LongVector units = quads.and(0xFFFL).lanewise(VectorOperators.LSHL, 12)
                .or(quads.lanewise(VectorOperators.LSHR, 32));
        ByteVector packed = units.reinterpretAsBytes().rearrange(PACK);
        if (dp + BYTES.length() <= outLimit) {
            packed.intoArray(out, dp); // the bytes past this step's are rewritten by the next step or the scalar loops
        } else {
            packed.intoArray(out, dp, STEP_MASK);
        }
        return true;
    }
}
