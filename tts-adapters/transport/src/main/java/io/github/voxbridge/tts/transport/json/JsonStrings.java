package io.github.voxbridge.tts.transport.json;

/**
 * Unescaping of the inside of a JSON string (RFC 8259 section 7) already validated by {@link JsonSyntax}: every
 * backslash starts one of the eight one-letter escapes or {@code u} with four hex digits. A {@code \}{@code uXXXX}
 * escape is one UTF-16 char, so a surrogate pair written as two escapes becomes the same two chars.
 */
final class JsonStrings {

    private JsonStrings() {
    }

    /** The char an escape letter stands for ({@code u} excluded). */
    private static char escaped(char letter) {
        return switch (letter) {
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            default -> letter; // '"', '\\', '/'
        };
    }

    private static char unicode(char[] t, int i) {
        return (char) (JsonSyntax.hex(t[i]) << 12 | JsonSyntax.hex(t[i + 1]) << 8 | JsonSyntax.hex(t[i + 2]) << 4
                | JsonSyntax.hex(t[i + 3]));
    }

    /** Unescapes {@code t[from .. to)} into {@code out} from 0 (room for {@code to - from}); returns the count. */
    static int unescapeInto(char[] t, int from, int to, char[] out) {
        int n = 0;
        int i = from;
        while (i < to) {
            char c = t[i];
            if (c != '\\') {
                out[n++] = c;
                i++;
            } else if (t[i + 1] == 'u') {
                out[n++] = unicode(t, i + 2);
                i += 6;
            } else {
                out[n++] = escaped(t[i + 1]);
                i += 2;
            }
        }
        return n;
    }

    static String unescape(char[] t, int from, int to) {
        char[] out = new char[to - from];
        return new String(out, 0, unescapeInto(t, from, to, out));
    }

    /** Whether {@code t[from .. to)}, unescaped, equals {@code expected}; allocation-free. */
    static boolean escapedEquals(char[] t, int from, int to, String expected) {
        int n = expected.length();
        int j = 0;
        int i = from;
        while (i < to) {
            char c = t[i];
            if (c != '\\') {
                i++;
            } else if (t[i + 1] == 'u') {
                c = unicode(t, i + 2);
                i += 6;
            } else {
                c = escaped(t[i + 1]);
                i += 2;
            }
            if (j >= n || expected.charAt(j) != c) {
                return false;
            }
            j++;
        }
        return j == n;
    }
}
