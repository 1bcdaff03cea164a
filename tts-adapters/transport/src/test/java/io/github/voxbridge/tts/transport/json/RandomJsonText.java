package io.github.voxbridge.tts.transport.json;

import java.util.Base64;
import java.util.SplittableRandom;

/**
 * Random JSON texts for the differential tests: well-formed ones written from random trees (random whitespace,
 * escapes Jackson itself would never write, numbers at the grammar's edges, base64 strings, vendor member names,
 * duplicates), and those texts damaged (cut short, a char inserted, deleted or replaced by one that matters to the
 * grammar).
 */
final class RandomJsonText {

    private static final String[] NAMES = {"audio", "isFinal", "type", "data", "done", "context_id", "status_code",
        "alignment", "a", "", "é", "\uD83D\uDE00", "\"", "\\", "audio\u0000"};
    private static final String[] NUMBERS = {"0", "-0", "1", "-1", "0.5", "-0.0", "1e5", "1E+5", "1e-5", "2.5E10",
        "123456789012345678901234567890", "9223372036854775808", "1.7976931348623157e308", "4.9e-324", "12.3"};
    /** Chars that matter to the grammar or to base64, for damaging texts. */
    private static final String DAMAGE = "{}[]\",:\\ \t\n\r/0123456789-+.eEtrufalsn=AZaz\u0000\u001F\u007F\u00E9"
            + "\uD800\uFEFF\u2028";

    private final SplittableRandom random;

    RandomJsonText(SplittableRandom random) {
        this.random = random;
    }

    /** A well-formed text, usually an object (sometimes another value), nested at most {@code depth} levels. */
    String wellFormed(int depth) {
        StringBuilder b = new StringBuilder();
        space(b);
        if (random.nextInt(10) == 0) {
            value(b, depth);
        } else {
            object(b, depth, 1 + random.nextInt(8));
        }
        space(b);
        return b.toString();
    }

    /** {@code text} damaged once: cut, or a char inserted, deleted or replaced. */
    String damaged(String text) {
        int at = text.isEmpty() ? 0 : random.nextInt(text.length());
        char c = DAMAGE.charAt(random.nextInt(DAMAGE.length()));
        return switch (random.nextInt(4)) {
            case 0 -> text.substring(0, at);
            case 1 -> text.substring(0, at) + c + text.substring(at);
            case 2 -> text.isEmpty() ? text : text.substring(0, at) + text.substring(at + 1);
            default -> text.isEmpty() ? String.valueOf(c) : text.substring(0, at) + c + text.substring(at + 1);
        };
    }

    private void space(StringBuilder b) {
        if (random.nextInt(3) == 0) {
            int n = 1 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                b.append(" \t\n\r".charAt(random.nextInt(4)));
            }
        }
    }

    private void value(StringBuilder b, int depth) {
        int pick = random.nextInt(depth > 0 ? 9 : 7);
        switch (pick) {
            case 0, 1 -> string(b, text());
            case 2 -> string(b, base64());
            case 3 -> b.append(number());
            case 4 -> b.append("true");
            case 5 -> b.append(random.nextBoolean() ? "false" : "null");
            case 6 -> string(b, "");
            case 7 -> object(b, depth - 1, random.nextInt(4));
            default -> array(b, depth - 1, random.nextInt(5));
        }
    }

    private void object(StringBuilder b, int depth, int members) {
        b.append('{');
        space(b);
        for (int i = 0; i < members; i++) {
            if (i > 0) {
                b.append(',');
                space(b);
            }
            string(b, random.nextInt(3) == 0 ? text() : NAMES[random.nextInt(NAMES.length)]);
            space(b);
            b.append(':');
            space(b);
            value(b, depth);
            space(b);
        }
        b.append('}');
    }

    private void array(StringBuilder b, int depth, int elements) {
        b.append('[');
        space(b);
        for (int i = 0; i < elements; i++) {
            if (i > 0) {
                b.append(',');
                space(b);
            }
            value(b, depth);
            space(b);
        }
        b.append(']');
    }

    private String number() {
        if (random.nextBoolean()) {
            return NUMBERS[random.nextInt(NUMBERS.length)];
        }
        StringBuilder b = new StringBuilder();
        if (random.nextBoolean()) {
            b.append('-');
        }
        b.append(random.nextInt(4) == 0 ? 0 : random.nextLong(1, Long.MAX_VALUE));
        if (random.nextBoolean()) {
            b.append('.').append(random.nextInt(1_000_000));
        }
        if (random.nextBoolean()) {
            String sign = random.nextBoolean() ? "" : random.nextBoolean() ? "+" : "-";
            b.append("eE".charAt(random.nextInt(2))).append(sign).append(random.nextInt(400));
        }
        return b.toString();
    }

    /** Any chars: ASCII, controls, non-ASCII, pairs and lone surrogates. */
    private String text() {
        StringBuilder b = new StringBuilder();
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            switch (random.nextInt(5)) {
                case 0 -> b.append((char) random.nextInt(0x20));
                case 1 -> b.appendCodePoint(0x10000 + random.nextInt(0x100000));
                case 2 -> b.append((char) random.nextInt(0x10000));
                default -> b.append((char) (0x20 + random.nextInt(0x5F)));
            }
        }
        return b.toString();
    }

    /** Base64 of 0..300 random bytes, sometimes without its padding, sometimes slightly wrong. */
    private String base64() {
        byte[] bytes = new byte[random.nextInt(301)];
        random.nextBytes(bytes);
        String s = Base64.getEncoder().encodeToString(bytes);
        return switch (random.nextInt(6)) {
            case 0 -> s.replace("=", "");
            case 1 -> damaged(s);
            default -> s;
        };
    }

    /** Writes {@code s} as a JSON string, escaping at random what may be escaped and always what must be. */
    private void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int style = random.nextInt(8);
            if (c == '"' || c == '\\') {
                b.append(style == 0 ? String.format("\\u%04x", (int) c) : "\\" + c);
            } else if (c < 0x20) {
                String shortForm = switch (c) {
                    case '\b' -> "\\b";
                    case '\f' -> "\\f";
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    case '\t' -> "\\t";
                    default -> null;
                };
                b.append(shortForm != null && style != 0 ? shortForm : String.format("\\u%04X", (int) c));
            } else if (c == '/' && style < 3) {
                b.append("\\/");
            } else if (style == 0) {
                b.append(String.format(random.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('"');
    }
}
