package io.github.voxbridge.twilio.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The message of a {@link TwilioProtocolException}: the field path shown as it is only when it is short plain
 * ASCII, the input quoted in at most {@value TwilioProtocolException#EXCERPT_CHARS} characters, and both exact at
 * their limits.
 */
class TwilioProtocolExceptionTest {

    private static final int LIMIT = TwilioProtocolException.EXCERPT_CHARS;

    @Test
    void aPlainFieldOfExactlyTheLimitIsShownAsItIsOneMoreIsQuoted() {
        String atLimit = "f".repeat(LIMIT);
        assertThat(new TwilioProtocolException(atLimit, "bad", null).getMessage())
                .isEqualTo(atLimit + ": bad");

        String over = "f".repeat(LIMIT + 1);
        TwilioProtocolException e = new TwilioProtocolException(over, "bad", null);
        assertThat(e.getMessage()).isEqualTo("\"" + atLimit + "\"… (81 chars): bad");
        assertThat(e.field()).as("field() keeps the path whole").isEqualTo(over);
    }

    @Test
    void aFieldWithASpaceDelQuoteBackslashOrControlCharacterIsQuoted() {
        assertThat(new TwilioProtocolException("start.customParameters.First Name", "bad", null).getMessage())
                .isEqualTo("\"start.customParameters.First Name\": bad");
        assertThat(new TwilioProtocolException("a\u007Fb", "bad", null).getMessage())
                .isEqualTo("\"a\\u007fb\": bad");
        assertThat(new TwilioProtocolException("a\"b", "bad", null).getMessage()).isEqualTo("\"a\\\"b\": bad");
        assertThat(new TwilioProtocolException("a\\b", "bad", null).getMessage()).isEqualTo("\"a\\\\b\": bad");
        assertThat(new TwilioProtocolException("a\nb", "bad", null).getMessage()).isEqualTo("\"a\\u000ab\": bad");
        assertThat(new TwilioProtocolException("é", "bad", null).getMessage()).isEqualTo("\"é\": bad");
        assertThat(new TwilioProtocolException("media.payload!~", "bad", null).getMessage())
                .as("printable ASCII from '!' to '~' is plain").isEqualTo("media.payload!~: bad");
    }

    @Test
    void excerptEscapesQuotesBackslashesControlCharactersAndDelButNotSpaces() {
        assertThat(TwilioProtocolException.excerpt("a b")).isEqualTo("\"a b\"");
        assertThat(TwilioProtocolException.excerpt("\"")).isEqualTo("\"\\\"\"");
        assertThat(TwilioProtocolException.excerpt("\\")).isEqualTo("\"\\\\\"");
        assertThat(TwilioProtocolException.excerpt("\u007F")).isEqualTo("\"\\u007f\"");
        assertThat(TwilioProtocolException.excerpt("\u001F\u0000")).isEqualTo("\"\\u001f\\u0000\"");
        assertThat(TwilioProtocolException.excerpt("~é€")).as("printable and non-ASCII as they are")
                .isEqualTo("\"~é€\"");
    }

    @Test
    void excerptKeepsExactlyTheLimitAndCountsAnEscapeWhole() {
        assertThat(TwilioProtocolException.excerpt("x".repeat(LIMIT))).isEqualTo("\"" + "x".repeat(LIMIT) + "\"");
        assertThat(TwilioProtocolException.excerpt("x".repeat(LIMIT + 1)))
                .isEqualTo("\"" + "x".repeat(LIMIT) + "\"… (81 chars)");
        assertThat(TwilioProtocolException.excerpt("x".repeat(LIMIT - 2) + "\\"))
                .as("a two-character escape that just fits")
                .isEqualTo("\"" + "x".repeat(LIMIT - 2) + "\\\\\"");
        assertThat(TwilioProtocolException.excerpt("x".repeat(LIMIT - 1) + "\\"))
                .as("an escape is not split")
                .isEqualTo("\"" + "x".repeat(LIMIT - 1) + "\"… (80 chars)");
    }

    @Test
    void theInputIsQuotedAfterTheProblemAndTheCauseKept() {
        IllegalStateException cause = new IllegalStateException("root");
        TwilioProtocolException e = new TwilioProtocolException("media.chunk", "not a number", "1x", cause);
        assertThat(e.getMessage()).isEqualTo("media.chunk: not a number in \"1x\"");
        assertThat(e.getCause()).isSameAs(cause);
        assertThat(new TwilioProtocolException(null, "null message", null).getMessage()).isEqualTo("null message");
    }
}
