package io.github.voxbridge.twilio.protocol;

/**
 * JSON string literals in pure ASCII (RFC 8259, section 7): {@code "} and {@code \} and the control characters
 * escaped, and every character from U+007F up written as {@code \}{@code uXXXX} (a supplementary character as
 * its two UTF-16 escapes). ASCII output lets the writers store one byte per character and build their
 * {@code String}s without an encoder, whatever the stream SID or mark name contains.
 */
final class AsciiJsonString {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private AsciiJsonString() {
    }

    /** {@code s} as a quoted JSON string literal, ASCII only. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2);
        b.append('"');
        appendEscaped(b, s);
        return b.append('"').toString();
    }

    /** Appends the body of the JSON literal of {@code s}, without the surrounding quotes. */
    static void appendEscaped(StringBuilder b, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20 || c >= 0x7F) {
                        b.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF])
                                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        b.append(c);
                    }
                }
            }
        }
    }

    /** The characters of an ASCII string as bytes. */
    static byte[] asciiBytes(String ascii) {
        return ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
