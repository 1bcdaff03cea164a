package io.github.voxbridge.tts.transport.json;

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
        }
    }

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
        // Whole units: four characters, all in the alphabet, give three bytes. One counter (the unit) drives both
        // arrays so that C2 can hoist their bounds checks out of the loop; the tables hold each sextet already
        // shifted to its place and -1 for a character outside the alphabet, which makes the OR negative.
        int units = (to - from) >>> 2;
        int[] s0 = SHIFTED_18;
        int[] s1 = SHIFTED_12;
        int[] s2 = SHIFTED_6;
        int[] s3 = SHIFTED_0;
        int unit = 0;
        for (; unit < units; unit++) {
            int sp = from + 4 * unit;
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
            int dp = outOff + 3 * unit;
            out[dp] = (byte) (bits >> 16);
            out[dp + 1] = (byte) (bits >> 8);
            out[dp + 2] = (byte) bits;
        }
        int sp = from + 4 * unit;
        int dp = outOff + 3 * unit;
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
