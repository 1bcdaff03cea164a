package io.github.voxbridge.tts.transport.json;

import io.github.voxbridge.tts.transport.internal.simd.JsonTextKernels;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The strict grammar of RFC 8259 over a {@code char[]}: each method takes the index where a token starts and returns
 * the index just after it, or -1 with {@link #problem} and {@link #problemAt} set. Nothing is allocated; problems are
 * constant strings. Nesting is checked against a depth limit before recursing, so the stack stays bounded.
 *
 * <p>Exactly RFC 8259: whitespace is space, tab, LF and CR only (section 2); numbers have no leading zeros, no
 * {@code +}, no bare {@code .5} or {@code 1.} (section 6); strings have no unescaped U+0000..U+001F and only the
 * eight one-letter escapes and {@code u} with four hex digits after a backslash (section 7); literals are lower-case
 * {@code true false null}.
 * Lone surrogates are accepted in values, escaped or raw, as the grammar (and Jackson) do; in member names, as in
 * Jackson 2.23 (which the tests use as the oracle), a {@code \}{@code uXXXX} escape of a high surrogate must be
 * followed by an escape of a low one, and an escaped low surrogate must follow an escaped high one (RFC 8259 section
 * 8.2 leaves such names' meaning "unpredictable"; no vendor sends one).
 */
final class JsonSyntax {

    static final String STRING_NOT_CLOSED = "string not closed";
    static final String CONTROL_CHARACTER = "unescaped control character (below U+0020) in a string";
    static final String BAD_ESCAPE = "bad escape in a string (allowed: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)";
    static final String BAD_NUMBER = "bad number (RFC 8259: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?)";
    static final String BAD_LITERAL = "bad literal (only true, false, null)";
    static final String EXPECTED_VALUE = "expected a value";
    static final String EXPECTED_NAME = "expected a member name (a string)";
    static final String EXPECTED_COLON = "expected ':' after a member name";
    static final String EXPECTED_OBJECT_END = "expected ',' or '}' in an object";
    static final String EXPECTED_ARRAY_END = "expected ',' or ']' in an array";
    static final String TOO_DEEP = "objects and arrays nested deeper than the limit";
    static final String BROKEN_SURROGATE_IN_NAME =
            "surrogate escape not in a pair in a member name (\\uD800-\\uDBFF must precede \\uDC00-\\uDFFF)";

    /** Strings up to this many chars are scanned inline; most names and short values are within it. */
    private static final int SHORT_STRING = 16;
    /** From this many chars left in the text, a string's plain run is found with {@link String#indexOf}. */
    private static final int LONG_STRING = 48;

    private static final JsonTextKernels KERNELS = JsonTextKernels.get();
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final int maxDepth;
    /** Scratch for {@link #controlFree}: the low bytes of a long string's chars; grows to the longest string. */
    private byte[] lowBytes = new byte[256];
    char[] text;
    /** The text as the String it was copied from, for its vectorised {@code indexOf}; null if it was not one. */
    String source;
    int length;
    /** Why the last scan failed; a constant, null after success. */
    String problem;
    /** Where it failed, an index into {@link #text}. */
    int problemAt;
    /** Whether the failure was the depth limit (the text after it was not checked). */
    boolean tooDeep;
    /** Whether the last string scanned held a backslash escape. */
    boolean escaped;

    JsonSyntax(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    void reset(char[] text, int length, String source) {
        this.text = text;
        this.length = length;
        this.source = source;
        problem = null;
        problemAt = -1;
        tooDeep = false;
    }

    int fail(String why, int at) {
        if (problem == null) {
            problem = why;
            problemAt = at;
        }
        return -1;
    }

    /** The first index from {@code i} that is not whitespace; small enough for C2 to inline everywhere. */
    int whitespace(int i) {
        return i < length && text[i] > ' ' ? i : skipWhitespace(i); // vendors send no whitespace between tokens
    }

    private int skipWhitespace(int i) {
        char[] t = text;
        while (i < length) {
            char c = t[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                break;
            }
            i++;
        }
        return i;
    }

    /** A value at {@code i} (no leading whitespace) inside {@code depth} open objects and arrays. */
    int value(int i, int depth) {
        if (i >= length) {
            return fail(EXPECTED_VALUE, i);
        }
        return switch (text[i]) {
            case '"' -> string(i, false);
            case '{' -> object(i, depth + 1);
            case '[' -> array(i, depth + 1);
            case 't' -> literal(i, 'r', 'u', 'e', ' ');
            case 'f' -> literal(i, 'a', 'l', 's', 'e');
            case 'n' -> literal(i, 'u', 'l', 'l', ' ');
            case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> number(i);
            default -> fail(EXPECTED_VALUE, i);
        };
    }

    /**
     * A string whose opening quote is at {@code i}; sets {@link #escaped}. A member {@code name} must not have
     * broken surrogate escapes (see the class comment).
     *
     * <p>Most strings of a vendor message are short (member names, {@code "chunk"}, one-letter alignment chars):
     * they are scanned here, char by char, in a method small enough for C2 to inline into its callers. A longer
     * string, or one with an escape or a control character, continues in {@link #stringRest}.
     */
    int string(int i, boolean name) {
        char[] t = text;
        int start = i + 1;
        int stop = Math.min(start + SHORT_STRING, length);
        for (int k = start; k < stop; k++) {
            char c = t[k];
            if (c <= '"' || c == '\\') {
                if (c == '"') {
                    escaped = false;
                    return k + 1;
                }
                return stringRest(start, k, name);
            }
        }
        return stringRest(start, stop, name);
    }

    /**
     * The rest of the string that starts at {@code start} (after its opening quote), from {@code i}: plain runs are
     * skipped by {@link #plainRun}, escapes checked one by one.
     */
    private int stringRest(int start, int i, boolean name) {
        char[] t = text;
        boolean sawEscape = false;
        while (true) {
            i = plainRun(i);
            if (i >= length) {
                return fail(STRING_NOT_CLOSED, i);
            }
            char c = t[i];
            if (c == '"') {
                escaped = sawEscape;
                return i + 1;
            }
            if (c != '\\') {
                return fail(CONTROL_CHARACTER, i);
            }
            sawEscape = true;
            if (i + 1 >= length) {
                return fail(STRING_NOT_CLOSED, i + 1);
            }
            switch (t[i + 1]) {
                case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> i += 2;
                case 'u' -> {
                    int unit = unicodeEscape(i);
                    if (unit < 0) {
                        return fail(BAD_ESCAPE, i);
                    }
                    if (name && unit >= 0xD800 && unit <= 0xDFFF) {
                        int low = unit <= 0xDBFF && i + 7 < length && t[i + 6] == '\\' && t[i + 7] == 'u'
                                ? unicodeEscape(i + 6) : -1;
                        if (low < 0xDC00 || low > 0xDFFF) {
                            return fail(BROKEN_SURROGATE_IN_NAME, i);
                        }
                        i += 6;
                    }
                    i += 6;
                }
                default -> {
                    return fail(BAD_ESCAPE, i);
                }
            }
        }
    }

    /**
     * The first index from {@code i} (inside a string) that holds a quote, a backslash or a control character, or
     * {@link #length} if there is none.
     *
     * <p>The long strings of a message are its base64 audio (216 of the 465 chars of a 20 ms ElevenLabs message).
     * When the text came from a {@link String}, its {@code indexOf} finds the next quote and backslash with the
     * JDK's vectorised intrinsics, and a branch-free OR over the chars before them (which C2 vectorises) tells
     * whether a control character is there: three passes of a few chars per cycle instead of one branch per char.
     * With the Vector API ({@link JsonTextKernels}) one pass over the chars does all three, for any CharSequence.
     */
    private int plainRun(int i) {
        int scanned = KERNELS.plainRun(text, i, length);
        if (scanned != JsonTextKernels.NOT_SCANNED) {
            return scanned;
        }
        String s = source;
        if (s == null || length - i < LONG_STRING) {
            return plainRunScalar(i, length);
        }
        int quote = s.indexOf('"', i);
        int end = quote < 0 ? length : quote;
        int backslash = s.indexOf('\\', i, end);
        if (backslash >= 0) {
            end = backslash;
        }
        return controlFree(s, i, end) ? end : plainRunScalar(i, end);
    }

    /** {@link #plainRun} one char at a time, up to {@code end}, where the caller knows a non-plain char is. */
    private int plainRunScalar(int i, int end) {
        char[] t = text;
        while (i < end) {
            char c = t[i];
            if (c <= '"' || c == '\\') {
                if (c == ' ' || c == '!') {
                    i++;
                    continue;
                }
                return i;
            }
            i++;
        }
        return i;
    }

    /**
     * Whether {@code source[from .. to)} has no char below U+0020. The chars' low bytes are copied into
     * {@link #lowBytes} (for a Latin-1 string, the JDK's copy is an {@code arraycopy} of its own bytes) and tested
     * eight at a time: a byte below 0x20 has its top bit set after subtracting 0x20 while its own top bit is clear
     * ("haszero"/"hasless" of Hacker's Delight, 2nd ed., section 6-1, and Anderson's Bit Twiddling Hacks). A char
     * above U+00FF may have a low byte below 0x20 and so be reported wrongly as a control character: the caller then
     * looks char by char, so the answer is exact either way (a real control character always has such a low byte).
     */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): exactly the low bytes, no allocation
    private boolean controlFree(String s, int from, int to) {
        int n = to - from;
        if (lowBytes.length < n + Long.BYTES) {
            lowBytes = new byte[Math.max(n + Long.BYTES, 2 * lowBytes.length)];
        }
        byte[] b = lowBytes;
        s.getBytes(from, to, b, 0);
        long below = 0;
        int k = 0;
        for (; k + Long.BYTES <= n; k += Long.BYTES) {
            long x = (long) LONG.get(b, k);
            below |= (x - 0x2020202020202020L) & ~x;
        }
        for (; k < n; k++) {
            below |= (b[k] & 0xFF) < 0x20 ? 0x80 : 0;
        }
        return (below & 0x8080808080808080L) == 0;
    }

    /** The UTF-16 unit of the {@code \}{@code uXXXX} escape whose backslash is at {@code i}, or -1 if malformed. */
    private int unicodeEscape(int i) {
        if (i + 6 > length) {
            return -1;
        }
        int unit = 0;
        for (int k = i + 2; k < i + 6; k++) {
            int digit = hex(text[k]);
            if (digit < 0) {
                return -1;
            }
            unit = unit << 4 | digit;
        }
        return unit;
    }

    static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    int number(int i) {
        char[] t = text;
        int start = i;
        if (t[i] == '-') {
            i++;
        }
        if (i >= length || !digit(t[i])) {
            return fail(BAD_NUMBER, start);
        }
        if (t[i] == '0') {
            i++;
        } else {
            while (i < length && digit(t[i])) {
                i++;
            }
        }
        if (i < length && t[i] == '.') {
            i++;
            if (i >= length || !digit(t[i])) {
                return fail(BAD_NUMBER, start);
            }
            while (i < length && digit(t[i])) {
                i++;
            }
        }
        if (i < length && (t[i] == 'e' || t[i] == 'E')) {
            i++;
            if (i < length && (t[i] == '+' || t[i] == '-')) {
                i++;
            }
            if (i >= length || !digit(t[i])) {
                return fail(BAD_NUMBER, start);
            }
            while (i < length && digit(t[i])) {
                i++;
            }
        }
        // "01", "1a", "-0x1": a number must not run into more digits or letters; what may follow is checked by the
        // caller (',', '}', ']', whitespace, or the end), so only the leading-zero case needs a word here.
        if (i < length && digit(t[i])) {
            return fail(BAD_NUMBER, start);
        }
        return i;
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * The literal at {@code i} whose first letter matched, with its next letters {@code a b c} and {@code d} (a space
     * when the word has four letters: true, null; false has five).
     */
    private int literal(int i, char a, char b, char c, char d) {
        int n = d == ' ' ? 4 : 5;
        char[] t = text;
        if (i + n > length || t[i + 1] != a || t[i + 2] != b || t[i + 3] != c || n == 5 && t[i + 4] != d) {
            return fail(BAD_LITERAL, i);
        }
        return i + n;
    }

    /** An object whose '{' is at {@code i}, itself at nesting level {@code depth} (the top level is 1). */
    int object(int i, int depth) {
        if (depth > maxDepth) {
            tooDeep = true;
            return fail(TOO_DEEP, i);
        }
        i = whitespace(i + 1);
        if (i < length && text[i] == '}') {
            return i + 1;
        }
        while (true) {
            if (i >= length || text[i] != '"') {
                return fail(EXPECTED_NAME, i);
            }
            i = string(i, true);
            if (i < 0) {
                return -1;
            }
            i = whitespace(i);
            if (i >= length || text[i] != ':') {
                return fail(EXPECTED_COLON, i);
            }
            i = value(whitespace(i + 1), depth);
            if (i < 0) {
                return -1;
            }
            i = whitespace(i);
            if (i < length && text[i] == ',') {
                i = whitespace(i + 1);
            } else if (i < length && text[i] == '}') {
                return i + 1;
            } else {
                return fail(EXPECTED_OBJECT_END, i);
            }
        }
    }

    /** An array whose '[' is at {@code i}, itself at nesting level {@code depth}. */
    int array(int i, int depth) {
        if (depth > maxDepth) {
            tooDeep = true;
            return fail(TOO_DEEP, i);
        }
        i = whitespace(i + 1);
        if (i < length && text[i] == ']') {
            return i + 1;
        }
        while (true) {
            i = value(i, depth);
            if (i < 0) {
                return -1;
            }
            i = whitespace(i);
            if (i < length && text[i] == ',') {
                i = whitespace(i + 1);
            } else if (i < length && text[i] == ']') {
                return i + 1;
            } else {
                return fail(EXPECTED_ARRAY_END, i);
            }
        }
    }
}
