package io.github.voxbridge.twilio.protocol;

/**
 * A message that does not follow the Twilio Media Streams protocol: not JSON, a required field missing, a field
 * of the wrong type, a number that is not one, a payload that is not base64.
 *
 * <p>The message names the field (a dotted path such as {@code media.payload}) and quotes at most
 * {@value #EXCERPT_CHARS} characters of the offending value or message, control characters escaped, so that a
 * hostile or huge message cannot flood a log.
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
        super((field == null ? "" : field + ": ") + problem + (input == null ? "" : " in " + excerpt(input)), cause);
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

    /**
     * {@code s} quoted, at most {@value #EXCERPT_CHARS} characters of it, then {@code "…"} and the full length if
     * there was more; control characters, quotes and backslashes escaped as in JSON.
     */
    static String excerpt(CharSequence s) {
        int n = Math.min(s.length(), EXCERPT_CHARS);
        StringBuilder b = new StringBuilder(n + 32).append('"');
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7F) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('"');
        if (s.length() > n) {
            b.append("… (").append(s.length()).append(" chars)");
        }
        return b.toString();
    }
}
