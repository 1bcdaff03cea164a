package io.github.voxbridge.twilio.protocol;

import static io.github.voxbridge.twilio.protocol.TwilioCodecTest.MEDIA;
import static io.github.voxbridge.twilio.protocol.TwilioCodecTest.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The exact text of {@link TwilioCodec}'s errors, at the edges: the size limit, the characters around the decimal
 * digits, values of the wrong JSON type, and Jackson's own detail for text that is not JSON.
 */
class TwilioCodecErrorMessageTest {

    private final TwilioCodec codec = new TwilioCodec();

    private TwilioProtocolException parseError(TwilioCodec codec, String json) {
        TwilioProtocolException e = catchThrowableOfType(TwilioProtocolException.class, () -> codec.parse(json));
        assertThat(e).as("parse(%s) must fail", TwilioProtocolException.excerpt(json)).isNotNull();
        return e;
    }

    @Test
    void theLimitMustBePositive() {
        assertThatThrownBy(() -> new TwilioCodec(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxMessageChars must be positive, got 0");
        assertThatThrownBy(() -> new TwilioCodec(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxMessageChars must be positive, got -1");
        assertThat(parseError(new TwilioCodec(1), "{}").getMessage())
                .isEqualTo("message of 2 characters is longer than the limit of 1 in \"{}\"");
    }

    @Test
    void aMessageOfExactlyTheLimitIsRead() {
        TwilioCodec exact = new TwilioCodec(MEDIA.length());
        assertThat(exact.parse(MEDIA)).isEqualTo(codec.parse(MEDIA));
        assertThat(parseError(exact, MEDIA + " ").getMessage()).startsWith("message of " + (MEDIA.length() + 1)
                + " characters is longer than the limit of " + MEDIA.length() + " in ");
    }

    @Test
    void aCharacterNextToTheDigitsIsNamedWithItsPosition() {
        for (char c : new char[] {'/', ':', 'a', '-', ' '}) {
            String chunk = "1" + c + "2";
            TwilioProtocolException e = parseError(codec, MEDIA.replace("\"chunk\":\"1\"", "\"chunk\":\"" + chunk + "\""));
            assertThat(e.getMessage()).isEqualTo("media.chunk: expected decimal digits, found '" + c + "' at 1 in \""
                    + chunk + "\"");
        }
        assertThat(parseError(codec, MEDIA.replace("\"timestamp\":\"5\"", "\"timestamp\":\"09x\"")).getMessage())
                .isEqualTo("media.timestamp: expected decimal digits, found 'x' at 2 in \"09x\"");
    }

    @Test
    void customParametersThatAreNotAnObjectAreRefused() {
        String params = "\"customParameters\":{\"FirstName\":\"Jane\",\"LastName\":\"Doe\",\"RemoteParty\":\"Bob\"}";
        assertThat(START).contains(params);
        assertThat(parseError(codec, START.replace(params, "\"customParameters\":[\"Jane\"]")).getMessage())
                .isEqualTo("start.customParameters: expected an object of strings, found array in \"[\\\"Jane\\\"]\"");
        assertThat(parseError(codec, START.replace(params, "\"customParameters\":\"Jane\"")).getMessage())
                .isEqualTo("start.customParameters: expected an object of strings, found string in \"Jane\"");
        assertThat(parseError(codec, START.replace(params, "\"customParameters\":null")).getMessage())
                .isEqualTo("start.customParameters: expected an object of strings, found null in \"null\"");
    }

    @Test
    void aValueOfTheWrongTypeIsQuotedAsSent() {
        assertThat(parseError(codec, START.replace("\"sampleRate\":8000", "\"sampleRate\":\"8000\"")).getMessage())
                .as("a string is quoted by its content")
                .isEqualTo("start.mediaFormat.sampleRate: expected a positive JSON integer, found string in \"8000\"");
        assertThat(parseError(codec, MEDIA.replace("\"chunk\":\"1\"", "\"chunk\":1")).getMessage())
                .isEqualTo("media.chunk: expected a string of decimal digits, found number in \"1\"");
        assertThat(parseError(codec, MEDIA.replace("\"chunk\":\"1\"", "\"chunk\":{\"n\":\"1\"}")).getMessage())
                .as("other values as JSON text")
                .isEqualTo("media.chunk: expected a string of decimal digits, found object in \"{\\\"n\\\":\\\"1\\\"}\"");
        assertThat(parseError(codec, MEDIA.replace("\"track\":\"outbound\"", "\"track\":null")).getMessage())
                .isEqualTo("media.track: expected a string, found null in \"null\"");
        assertThat(parseError(codec, MEDIA.replace("\"track\":\"outbound\"", "\"track\":false")).getMessage())
                .isEqualTo("media.track: expected a string, found boolean in \"false\"");
    }

    @Test
    void notJsonNamesTheCharacterWhereItBroke() {
        TwilioProtocolException e = parseError(codec, "}");
        assertThat(e.getMessage()).startsWith("malformed JSON at character 0 (").endsWith(") in \"}\"");
        assertThat(parseError(codec, "{\"event\" \"media\"}").getMessage()).startsWith("malformed JSON at character 9 (");
    }

    /** Jackson's detail is quoted up to 160 characters, then cut with an ellipsis. */
    @Test
    void jacksonsDetailIsCutAfterOneHundredSixtyCharacters() throws Exception {
        String at160 = tokenWhoseDetailHasLength(160);
        String detail160 = jacksonDetail(at160);
        assertThat(parseError(codec, at160).getMessage())
                .startsWith("malformed JSON at character 0 (" + detail160 + ") in \"");

        String at161 = tokenWhoseDetailHasLength(161);
        String detail161 = jacksonDetail(at161);
        assertThat(parseError(codec, at161).getMessage())
                .startsWith("malformed JSON at character 0 (" + detail161.substring(0, 160) + "…) in \"");
    }

    /** An unknown bare token whose Jackson error detail (which quotes the token) is {@code length} long. */
    private static String tokenWhoseDetailHasLength(int length) throws Exception {
        for (int n = 1; n < 250; n++) {
            String token = "a".repeat(n);
            if (jacksonDetail(token).length() == length) {
                return token;
            }
        }
        throw new AssertionError("Jackson's detail for a bare token never has " + length + " characters");
    }

    private static String jacksonDetail(String json) {
        try {
            new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            return e.getOriginalMessage();
        }
        throw new AssertionError(json + " is JSON");
    }
}
