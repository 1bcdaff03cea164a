package io.github.voxbridge.tts.transport.json;

import io.github.voxbridge.tts.transport.internal.simd.JsonTextKernels;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Decodes base64 text held in a {@code char[]} (a JSON string value, in place) into a caller's reusable
 * {@code byte[]}, accepting exactly what {@link java.util.Base64#getDecoder()} accepts: the standard alphabet of
 * RFC 4648 section 4, four characters to three bytes, a final unit of two or three characters either padded with
 * {@code '='} to four or not padded at all, and nothing after the padding. Whitespace, line breaks and the URL-safe
 * alphabet ({@code -_}) are rejected; like the JDK's decoder, the unused low bits of a final unit are not checked.
 *
 * <p>Allocation-free unless the text is rejected: a rejection throws an {@link IllegalArgumentException} (as the
 * JDK's decoder does) whose message names the problem and its position, counted in characters from {@code from}.
 */
public final class Base64Chars {

    /** Sextet of each ASCII character, -1 for characters outside the alphabet (including {@code '='}). */
    private static final int[] SEXTET = new int[128];

    /** The sextet shifted to its place in a unit's 24 bits, by position in the unit; -1 outside the alphabet. */
    private static final int[] SHIFTED_18 = new int[256];
    private static final int[] SHIFTED_12 = new int[256];
    private static final int[] SHIFTED_6 = new int[256];
    private static final int[] SHIFTED_0 = new int[256];

    /**
     * The same for eight characters (two units, 48 bits) decoded into bits 15..62 of a {@code long} (bit 63 stays
     * clear, so that only -1, a character outside the alphabet, makes the OR negative), by position 0..7 of the
     * character. 16 KiB in all: L1-resident while decoding. Eight static final arrays, not a {@code long[8][]}: C2
     * knows their length is 256, so an index {@code c & 0xFF} needs no bounds check (with the rows of a 2-D array
     * it does).
     */
    private static final long[] PAIR_0 = new long[256];
    private static final long[] PAIR_1 = new long[256];
    private static final long[] PAIR_2 = new long[256];
    private static final long[] PAIR_3 = new long[256];
    private static final long[] PAIR_4 = new long[256];
    private static final long[] PAIR_5 = new long[256];
    private static final long[] PAIR_6 = new long[256];
    private static final long[] PAIR_7 = new long[256];

    /** Stores the six bytes of two units with one eight-byte write (its last two bytes are overwritten next). */
    private static final VarHandle LONG_BIG_ENDIAN =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    static {
        java.util.Arrays.fill(SEXTET, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            SEXTET[alphabet.charAt(i)] = i;
        }
        for (int c = 0; c < 256; c++) {
            int sextet = c < 128 ? SEXTET[c] : -1;
            SHIFTED_18[c] = sextet < 0 ? -1 : sextet << 18;
            SHIFTED_12[c] = sextet < 0 ? -1 : sextet << 12;
            SHIFTED_6[c] = sextet < 0 ? -1 : sextet << 6;
            SHIFTED_0[c] = sextet;
            long[][] pair = {PAIR_0, PAIR_1, PAIR_2, PAIR_3, PAIR_4, PAIR_5, PAIR_6, PAIR_7};
            for (int position = 0; position < 8; position++) {
                pair[position][c] = sextet < 0 ? -1 : (long) sextet << (57 - 6 * position);
            }
        }
    }

    /** Whole blocks first, with the Vector API when the JVM has it. */
    private static final JsonTextKernels KERNELS = JsonTextKernels.get();

    private Base64Chars() {
    }

    /**
     * The number of bytes {@code src[from .. to)} decodes to if it is valid base64: three per four characters, one
     * for a final unit of two characters, two for a final unit of three (padding not counted). An upper bound of
     * what {@link #decode} writes, also for invalid text, so a buffer of this size never overflows.
     *
     * @param src the characters
     * @param from the first character, inclusive
     * @param to the end, exclusive; {@code from <= to}
     * @return the decoded length in bytes, {@code >= 0}
     */
    public static int decodedLength(char[] src, int from, int to) {
        int n = to - from;
        if (n > 0 && src[to - 1] == '=') {
            n--;
            if (n > 0 && src[to - 2] == '=') {
                n--;
            }
        }
        int rest = n & 3;
        return (n >>> 2) * 3 + (rest == 0 ? 0 : rest - 1);
    }

    /**
     * Decodes {@code src[from .. to)} into {@code out} from {@code outOff}.
     *
     * @param src the base64 characters
     * @param from the first character, inclusive
     * @param to the end, exclusive; {@code from <= to <= src.length}
     * @param out where the bytes go; needs {@link #decodedLength} bytes from {@code outOff}
     * @param outOff the first byte written
     * @return the number of bytes written, {@code >= 0}
     * @throws IllegalArgumentException if the text is not what {@code Base64.getDecoder()} accepts, or {@code out}
     *     has fewer than {@link #decodedLength} bytes from {@code outOff}
     */
    public static int decode(char[] src, int from, int to, byte[] out, int outOff) {
        int needed = decodedLength(src, from, to);
        if (outOff < 0 || out.length - outOff < needed) {
            throw new IllegalArgumentException("base64 of " + (to - from) + " characters decodes to " + needed
                    + " bytes, but the output has room for " + Math.max(0, out.length - outOff) + " from " + outOff);
        }
        // Two units at a time: eight characters, all in the alphabet, give six bytes written as one long (its two
        // spare bytes land where the next six go, so only while at least eight bytes of output remain). One counter
        // drives every array so that C2 can hoist the bounds checks; the tables hold each sextet already shifted to
        // its place and -1 for a character outside the alphabet, which makes the OR negative.
        int vectored = KERNELS.decodeBase64Blocks(src, from, to, out, outOff, outOff + needed);
        int start = from + vectored;
        int startOut = outOff + vectored / 4 * 3;
        int rest = needed - vectored / 4 * 3;
        int pairs = Math.min((to - start) >>> 3, rest < 8 ? 0 : (rest - 8) / 6 + 1);
        long[] p0 = PAIR_0;
        long[] p1 = PAIR_1;
        long[] p2 = PAIR_2;
        long[] p3 = PAIR_3;
        long[] p4 = PAIR_4;
        long[] p5 = PAIR_5;
        long[] p6 = PAIR_6;
        long[] p7 = PAIR_7;
        int pair = 0;
        for (; pair < pairs; pair++) {
            int sp = start + 8 * pair;
            char c0 = src[sp];
            char c1 = src[sp + 1];
            char c2 = src[sp + 2];
            char c3 = src[sp + 3];
            char c4 = src[sp + 4];
            char c5 = src[sp + 5];
            char c6 = src[sp + 6];
            char c7 = src[sp + 7];
            if ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7) > 0xFF) {
                break;
            }
            long bits = p0[c0 & 0xFF] | p1[c1 & 0xFF] | p2[c2 & 0xFF] | p3[c3 & 0xFF]
                    | p4[c4 & 0xFF] | p5[c5 & 0xFF] | p6[c6 & 0xFF] | p7[c7 & 0xFF];
            if (bits < 0) {
                break;
            }
            LONG_BIG_ENDIAN.set(out, startOut + 6 * pair, bits << 1);
        }
        // Then single units (the last ones, or from a pair that held a character outside the alphabet).
        int first = start + 8 * pair;
        int firstOut = startOut + 6 * pair;
        int units = (to - first) >>> 2;
        int[] s0 = SHIFTED_18;
        int[] s1 = SHIFTED_12;
        int[] s2 = SHIFTED_6;
        int[] s3 = SHIFTED_0;
        int unit = 0;
        for (; unit < units; unit++) {
            int sp = first + 4 * unit;
            char c0 = src[sp];
            char c1 = src[sp + 1];
            char c2 = src[sp + 2];
            char c3 = src[sp + 3];
            if ((c0 | c1 | c2 | c3) > 0xFF) {
                break;
            }
            int bits = s0[c0 & 0xFF] | s1[c1 & 0xFF] | s2[c2 & 0xFF] | s3[c3 & 0xFF];
            if (bits < 0) {
                break;
            }
            int dp = firstOut + 3 * unit;
            out[dp] = (byte) (bits >> 16);
            out[dp + 1] = (byte) (bits >> 8);
            out[dp + 2] = (byte) bits;
        }
        int sp = first + 4 * unit;
        int dp = firstOut + 3 * unit;
        return finish(src, from, sp, to, out, dp) - outOff;
    }

    /**
     * The last unit, padding, and every error, one character at a time, by the rules of the JDK's decoder: padding
     * only after two ({@code "=="}) or three ({@code "="}) characters of a unit, a single character left over is an
     * error, nothing may follow the padding.
     */
    private static int finish(char[] src, int from, int sp, int to, byte[] out, int dp) {
        int bits = 0;
        int shift = 18; // 18, 12, 6, 0: where the next sextet goes; 18 = at the start of a unit
        while (sp < to) {
            char c = src[sp++];
            int s = c < 128 ? SEXTET[c] : -1;
            if (s < 0) {
                if (c != '=') {
                    throw new IllegalArgumentException("bad base64 character " + describe(c) + " at " + (sp - 1 - from)
                            + " of " + (to - from) + " (standard alphabet A-Z a-z 0-9 + /, padding =)");
                }
                if (shift == 18 || shift == 12) {
                    throw new IllegalArgumentException("base64 padding '=' at " + (sp - 1 - from) + " of "
                            + (to - from) + " after " + (shift == 18 ? "no" : "one") + " character of its unit");
                }
                if (shift == 6 && (sp == to || src[sp++] != '=')) {
                    throw new IllegalArgumentException("base64 unit of two characters ends in one '=' at "
                            + (sp - 1 - from) + " of " + (to - from) + " (needs \"==\")");
                }
                break;
            }
            bits |= s << shift;
            shift -= 6;
            if (shift < 0) {
                out[dp++] = (byte) (bits >> 16);
                out[dp++] = (byte) (bits >> 8);
                out[dp++] = (byte) bits;
                bits = 0;
                shift = 18;
            }
        }
        if (shift == 6) {
            out[dp++] = (byte) (bits >> 16);
        } else if (shift == 0) {
            out[dp++] = (byte) (bits >> 16);
            out[dp++] = (byte) (bits >> 8);
        } else if (shift == 12) {
            throw new IllegalArgumentException("base64 ends with one character left over in its unit at "
                    + (sp - 1 - from) + " of " + (to - from) + " (a unit needs at least two)");
        }
        if (sp < to) {
            throw new IllegalArgumentException("base64 continues after its padding at " + (sp - from) + " of "
                    + (to - from));
        }
        return dp;
    }

    private static String describe(char c) {
        return (c >= 0x21 && c < 0x7F ? "'" + c + "' " : "") + String.format("(U+%04X)", (int) c);
    }
}
