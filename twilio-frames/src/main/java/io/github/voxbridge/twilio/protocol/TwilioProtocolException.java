package io.github.voxbridge.twilio.protocol;

/**
 * A message that does not follow the Twilio Media Streams protocol: not JSON, a required field missing, a field
 * of the wrong type, a number that is not one, a payload that is not base64.
 *
 * <p>The message names the field (a dotted path such as {@code media.payload}) and quotes an excerpt of the
 * offending value or message: control characters escaped, at most {@value #EXCERPT_CHARS} characters of quoted text
 * (escapes included), so that a hostile or huge message can neither flood a log nor forge lines in it. A path
 * holding a name taken from the message (a custom parameter's) is quoted the same way when it is not short plain
 * ASCII; {@link #field()} keeps it whole.
 */
public final class TwilioProtocolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The most characters of the input quoted in a message. */
    public static final int EXCERPT_CHARS = 80;

    private final String field;

    /**
     * @param field   dotted path of the offending field, or {@code null} for the whole message
     * @param problem what is wrong, without the value
     * @param input   the offending value or message, quoted in a bounded excerpt; {@code null} for none
     * @param cause   the underlying error, or {@code null}
     */
    public TwilioProtocolException(String field, String problem, String input, Throwable cause) {
        super((field == null ? "" : shownField(field) + ": ") + problem + (input == null ? "" : " in " + excerpt(input)),
                cause);
        this.field = field;
    }

    /** Without a cause. */
    public TwilioProtocolException(String field, String problem, String input) {
        this(field, problem, input, null);
    }

    /** The dotted path of the offending field ({@code "media.chunk"}), or {@code null} if the whole message is. */
    public String field() {
        return field;
    }

    /** The path as the message shows it: as it is if short plain ASCII, else as an {@link #excerpt}. */
    private static String shownField(String field) {
        boolean plain = field.length() <= EXCERPT_CHARS;
        for (int i = 0; plain && i < field.length(); i++) {
            char c = field.charAt(i);
            plain = c > 0x20 && c < 0x7F && c != '"' && c != '\\';
        }
        return plain ? field : excerpt(field);
    }

    /**
     * {@code s} quoted: as many of its characters as fit in {@value #EXCERPT_CHARS} characters of quoted text
     * (control characters, quotes and backslashes escaped as in JSON, an escape counting for its length), then
     * {@code "…"} and the full length if there was more.
     */
    static String excerpt(CharSequence s) {
        StringBuilder b = new StringBuilder(EXCERPT_CHARS + 32).append('"');
        int i = 0;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            String escaped = c == '"' || c == '\\' ? "\\" + c
                    : c < 0x20 || c == 0x7F ? String.format("\\u%04x", (int) c) : null;
            int length = escaped == null ? 1 : escaped.length();
            if (b.length() - 1 + length > EXCERPT_CHARS) {
                break;
            }
            if (escaped == null) {
                b.append(c);
            } else {
                b.append(escaped);
            }
        }
        b.append('"');
        if (i < s.length()) {
            b.append("… (").append(s.length()).append(" chars)");
        }
        return b.toString();
    }
}
