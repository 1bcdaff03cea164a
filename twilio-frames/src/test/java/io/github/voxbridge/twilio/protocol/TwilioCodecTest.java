package io.github.voxbridge.twilio.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Messages as Twilio's "WebSocket Messages" documentation shows them, and malformed variations. */
class TwilioCodecTest {

    static final String SID = "MZ18ad3ab5a668481ce02b83e7395059f0";
    static final String ACCOUNT = "AC123f5d9e2e0e4fc3a0a5b4d3e2f1a0b9";
    static final String CALL = "CA0123456789abcdef0123456789abcdef";

    static final String CONNECTED = "{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}";
    static final String START = "{\"event\":\"start\",\"sequenceNumber\":\"1\",\"start\":{\"accountSid\":\"" + ACCOUNT
            + "\",\"streamSid\":\"" + SID + "\",\"callSid\":\"" + CALL + "\",\"tracks\":[\"inbound\",\"outbound\"],"
            + "\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1},"
            + "\"customParameters\":{\"FirstName\":\"Jane\",\"LastName\":\"Doe\",\"RemoteParty\":\"Bob\"}},"
            + "\"streamSid\":\"" + SID + "\"}";
    static final byte[] PAYLOAD = {(byte) 0xFF, 0x7F, 0x00, (byte) 0x80, 0x12};
    static final String MEDIA = "{\"event\":\"media\",\"sequenceNumber\":\"3\",\"media\":{\"track\":\"outbound\","
            + "\"chunk\":\"1\",\"timestamp\":\"5\",\"payload\":\"" + Base64.getEncoder().encodeToString(PAYLOAD)
            + "\"},\"streamSid\":\"" + SID + "\"}";
    static final String DTMF = "{\"event\":\"dtmf\",\"streamSid\":\"" + SID + "\",\"sequenceNumber\":\"5\","
            + "\"dtmf\":{\"track\":\"inbound_track\",\"digit\":\"1\"}}";
    static final String MARK = "{\"event\":\"mark\",\"sequenceNumber\":\"4\",\"streamSid\":\"" + SID
            + "\",\"mark\":{\"name\":\"my label\"}}";
    static final String STOP = "{\"event\":\"stop\",\"sequenceNumber\":\"5\",\"streamSid\":\"" + SID
            + "\",\"stop\":{\"accountSid\":\"" + ACCOUNT + "\",\"callSid\":\"" + CALL + "\"}}";

    final TwilioCodec codec = new TwilioCodec();
    final ObjectMapper jackson = new ObjectMapper();

    @Test
    void readsEveryDocumentedInboundMessage() {
        assertThat(codec.parse(CONNECTED)).isEqualTo(new InboundMessage.Connected("Call", "1.0.0"));
        assertThat(codec.parse(START)).isEqualTo(new InboundMessage.Start(1, SID, ACCOUNT, CALL,
                List.of("inbound", "outbound"), Map.of("FirstName", "Jane", "LastName", "Doe", "RemoteParty", "Bob"),
                new InboundMessage.MediaFormat("audio/x-mulaw", 8000, 1)));
        assertThat(((InboundMessage.Start) codec.parse(START)).customParameters().keySet())
                .containsExactly("FirstName", "LastName", "RemoteParty");
        assertThat(codec.parse(MEDIA)).isEqualTo(new InboundMessage.Media(3, SID, "outbound", 1, 5, PAYLOAD));
        assertThat(codec.parse(DTMF)).isEqualTo(new InboundMessage.Dtmf(5, SID, "inbound_track", "1"));
        assertThat(codec.parse(MARK)).isEqualTo(new InboundMessage.Mark(4, SID, "my label"));
        assertThat(codec.parse(STOP)).isEqualTo(new InboundMessage.Stop(5, SID, ACCOUNT, CALL));
    }

    @Test
    void readsEveryOutboundMessage() {
        String media = "{\"event\":\"media\",\"streamSid\":\"" + SID + "\",\"media\":{\"payload\":\"/38AgBI=\"}}";
        assertThat(codec.parseOutbound(media)).isEqualTo(new OutboundMessage.Media(SID, PAYLOAD));
        assertThat(codec.parseOutbound("{\"event\":\"mark\",\"streamSid\":\"" + SID
                + "\",\"mark\":{\"name\":\"utterance-7\"}}")).isEqualTo(new OutboundMessage.Mark(SID, "utterance-7"));
        assertThat(codec.parseOutbound("{\"event\":\"clear\",\"streamSid\":\"" + SID + "\"}"))
                .isEqualTo(new OutboundMessage.Clear(SID));
    }

    @Test
    void writesWhatItReads() throws Exception {
        for (String json : List.of(CONNECTED, START, MEDIA, DTMF, MARK, STOP)) {
            InboundMessage m = codec.parse(json);
            String written = codec.write(m);
            assertThat(codec.parse(written)).isEqualTo(m);
            assertThat(jackson.readTree(written)).isEqualTo(jackson.readTree(json));
        }
    }

    @Test
    void writesNumbersAsStringsWhereTwilioDoes() throws Exception {
        var tree = jackson.readTree(codec.write(new InboundMessage.Media(7, SID, "inbound", 12, 240, PAYLOAD)));
        assertThat(tree.get("sequenceNumber").isTextual()).isTrue();
        assertThat(tree.get("media").get("chunk").textValue()).isEqualTo("12");
        assertThat(tree.get("media").get("timestamp").textValue()).isEqualTo("240");
        var start = jackson.readTree(codec.write(codec.parse(START))).get("start").get("mediaFormat");
        assertThat(start.get("sampleRate").isInt()).isTrue();
    }

    @Test
    void toleratesUnknownFieldsAndStartWithoutCustomParameters() {
        String media = MEDIA.replace("\"track\":", "\"newField\":{\"x\":[1,2]},\"track\":")
                .replace("{\"event\"", "{\"extra\":true,\"event\"");
        assertThat(codec.parse(media)).isEqualTo(codec.parse(MEDIA));
        String start = START.replaceAll(",\"customParameters\":\\{[^}]*}", "")
                .replace("\"streamSid\":\"" + SID + "\",\"callSid\"", "\"callSid\"");
        InboundMessage.Start s = (InboundMessage.Start) codec.parse(start);
        assertThat(s.customParameters()).isEmpty();
        assertThat(s.streamSid()).isEqualTo(SID);
    }

    @Test
    void unknownEventIsPassedOnNotFatal() {
        String json = "{\"event\":\"transcription\",\"sequenceNumber\":\"9\",\"what\":{\"ever\":1}}";
        assertThat(codec.parse(json)).isEqualTo(new InboundMessage.Unknown("transcription", json));
    }

    static Stream<Arguments> malformed() {
        String big = "A".repeat(5_000_000);
        return Stream.of(
                Arguments.of("", null),
                Arguments.of("   ", null),
                Arguments.of("null", null),
                Arguments.of("[]", null),
                Arguments.of("\"media\"", null),
                Arguments.of("42", null),
                Arguments.of("{", null),
                Arguments.of("{\"event\":\"media\"", null),
                Arguments.of(MEDIA.substring(0, MEDIA.length() - 1), null),
                Arguments.of(MEDIA + "{}", null),
                Arguments.of(MEDIA + " trailing", null),
                Arguments.of("{\"event\":\"media\",\"event\":\"stop\"}", null),
                Arguments.of("{'event':'media'}", null),
                Arguments.of("{\"event\":\"media\u0000\"}", null),
                Arguments.of("[".repeat(10_000), null),
                Arguments.of("{\"sequenceNumber\":\"1\"}", "event"),
                Arguments.of("{\"event\":7}", "event"),
                Arguments.of("{\"event\":null}", "event"),
                Arguments.of(MEDIA.replace("\"chunk\":\"1\"", "\"chunk\":1"), "media.chunk"),
                Arguments.of(MEDIA.replace("\"chunk\":\"1\"", "\"chunk\":\"-1\""), "media.chunk"),
                Arguments.of(MEDIA.replace("\"chunk\":\"1\"", "\"chunk\":\"1.5\""), "media.chunk"),
                Arguments.of(MEDIA.replace("\"chunk\":\"1\"", "\"chunk\":\"\""), "media.chunk"),
                Arguments.of(MEDIA.replace("\"chunk\":\"1\"", "\"chunk\":\" 1\""), "media.chunk"),
                Arguments.of(MEDIA.replace("\"chunk\":\"1\"", "\"chunk\":\"99999999999999999999\""), "media.chunk"),
                Arguments.of(MEDIA.replace("\"chunk\":\"1\"", "\"chunk\":\"9999999999999999999\""), "media.chunk"),
                Arguments.of(MEDIA.replace("\"timestamp\":\"5\"", "\"timestamp\":null"), "media.timestamp"),
                Arguments.of(MEDIA.replace("\"timestamp\":\"5\",", ""), "media.timestamp"),
                Arguments.of(MEDIA.replace("\"sequenceNumber\":\"3\"", "\"sequenceNumber\":3"), "sequenceNumber"),
                Arguments.of(MEDIA.replace("\"streamSid\":\"" + SID + "\"", "\"streamSid\":[]"), "streamSid"),
                Arguments.of(MEDIA.replace("\"track\":\"outbound\"", "\"track\":true"), "media.track"),
                Arguments.of(MEDIA.replace("/38AgBI=", "/38AgBI=="), "media.payload"),
                Arguments.of(MEDIA.replace("/38AgBI=", "/38A gBI="), "media.payload"),
                Arguments.of(MEDIA.replace("/38AgBI=", "_-8AgBI="), "media.payload"),
                Arguments.of(MEDIA.replace("/38AgBI=", "A"), "media.payload"),
                Arguments.of(MEDIA.replace("/38AgBI=", "€€€€"), "media.payload"),
                Arguments.of(MEDIA.replace("/38AgBI=", big + "!"), null),
                Arguments.of(MEDIA.replace("\"payload\":\"/38AgBI=\"", "\"payload\":12345"), "media.payload"),
                Arguments.of("{\"event\":\"media\",\"sequenceNumber\":\"3\",\"streamSid\":\"x\",\"media\":\"abc\"}",
                        "media"),
                Arguments.of("{\"event\":\"media\",\"sequenceNumber\":\"3\",\"streamSid\":\"x\"}", "media"),
                Arguments.of(START.replace("\"sampleRate\":8000", "\"sampleRate\":\"8000\""),
                        "start.mediaFormat.sampleRate"),
                Arguments.of(START.replace("\"sampleRate\":8000", "\"sampleRate\":8000.5"),
                        "start.mediaFormat.sampleRate"),
                Arguments.of(START.replace("\"sampleRate\":8000", "\"sampleRate\":99999999999"),
                        "start.mediaFormat.sampleRate"),
                Arguments.of(START.replace("\"channels\":1", "\"channels\":0"), "start.mediaFormat.channels"),
                Arguments.of(START.replace("[\"inbound\",\"outbound\"]", "\"inbound\""), "start.tracks"),
                Arguments.of(START.replace("[\"inbound\",\"outbound\"]", "[\"inbound\",2]"), "start.tracks[1]"),
                Arguments.of(START.replace("\"Jane\"", "{\"a\":1}"), "start.customParameters.FirstName"),
                Arguments.of(START.replace("\"streamSid\":\"" + SID + "\",\"callSid\"",
                        "\"streamSid\":\"MZother\",\"callSid\""), "start.streamSid"),
                Arguments.of(START.replace("\"accountSid\":\"" + ACCOUNT + "\",", ""), "start.accountSid"),
                Arguments.of(DTMF.replace("\"digit\":\"1\"", "\"digit\":1"), "dtmf.digit"),
                Arguments.of(MARK.replace("\"name\":\"my label\"", "\"label\":\"x\""), "mark.name"),
                Arguments.of(STOP.replace("\"stop\":{", "\"stop\":[{").replace("}}", "}]}"), "stop"),
                Arguments.of(CONNECTED.replace("\"version\":\"1.0.0\"", "\"version\":1.0"), "version"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedInputRaisesTheTypedErrorNamingTheField(String json, String field) {
        TwilioProtocolException e = catchThrowableOfType(TwilioProtocolException.class, () -> codec.parse(json));
        assertThat(e).as("parse(%s)", TwilioProtocolException.excerpt(json)).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        if (field != null) {
            assertThat(e.getMessage()).startsWith(field + ": ");
        }
        assertThat(e.getMessage().length()).as(e.getMessage()).isLessThan(500);
    }

    @Test
    void everyTruncationOfAValidMessageIsTheTypedError() {
        for (String json : List.of(START, MEDIA, DTMF, MARK, STOP, CONNECTED)) {
            for (int n = 0; n < json.length(); n++) {
                String cut = json.substring(0, n);
                assertThatThrownBy(() -> codec.parse(cut)).as(cut).isInstanceOf(TwilioProtocolException.class);
            }
        }
    }

    @Test
    void errorQuotesABoundedExcerpt() {
        String huge = "x".repeat(100_000);
        TwilioProtocolException e = catchThrowableOfType(TwilioProtocolException.class,
                () -> codec.parse(MEDIA.replace("\"chunk\":\"1\"", "\"chunk\":\"" + huge + "\"")));
        assertThat(e.getMessage()).isEqualTo("media.chunk: expected 1 to 19 decimal digits in \""
                + "x".repeat(TwilioProtocolException.EXCERPT_CHARS) + "\"… (100000 chars)");
        TwilioProtocolException bad = catchThrowableOfType(TwilioProtocolException.class,
                () -> codec.parse(MEDIA.replace("\"chunk\":\"1\"", "\"chunk\":\"1\\n2\"")));
        assertThat(bad.getMessage()).contains("\"1\\u000a2\"");
    }

    /**
     * Found by fuzzing ({@code TwilioCodecPropertiesTestInputs}): a field name of control characters escaped to six
     * characters each made a 557-character message; and a custom parameter's name went into the message whole.
     * Both are bounded now, and the name cannot forge a log line.
     */
    @Test
    void namesFromTheMessageAreQuotedBoundedInTheError() {
        String nulName = "\u0000".repeat(100);
        TwilioProtocolException missing = catchThrowableOfType(TwilioProtocolException.class,
                () -> codec.parse("{\"eve" + nulName + "nt\":\"stop\"}"));
        assertThat(missing.getMessage().length()).as(missing.getMessage()).isLessThan(500);

        String key = "k\n" + "y".repeat(10_000);
        TwilioProtocolException e = catchThrowableOfType(TwilioProtocolException.class,
                () -> codec.parse(START.replace("\"FirstName\":\"Jane\"", "\"k\\n" + "y".repeat(10_000) + "\":7")));
        assertThat(e.field()).isEqualTo("start.customParameters." + key);
        // 80 characters of quoted text: the 24 of the path up to the name's "k", the 6 of the escaped line feed, 50 "y".
        assertThat(e.getMessage())
                .isEqualTo("\"start.customParameters.k\\u000a" + "y".repeat(50) + "\"… (10025 chars): expected a string,"
                        + " found number in \"7\"");
        assertThat(e.getMessage().length()).as(e.getMessage()).isLessThan(200);
    }

    @Test
    void longerThanTheLimitIsRefusedBeforeParsing() {
        TwilioCodec small = new TwilioCodec(100);
        assertThatThrownBy(() -> small.parse(MEDIA + " ".repeat(100)))
                .isInstanceOf(TwilioProtocolException.class).hasMessageContaining("longer than the limit of 100");
        assertThatThrownBy(() -> codec.parse(null)).isInstanceOf(TwilioProtocolException.class);
    }

    @Test
    void outboundReaderRefusesWhatTwilioWouldNot() {
        assertThatThrownBy(() -> codec.parseOutbound("{\"event\":\"media\",\"streamSid\":\"MZ1\","
                + "\"media\":{\"payload\":\"\"}}")).isInstanceOf(TwilioProtocolException.class)
                .hasMessageStartingWith("media.payload: empty payload");
        assertThatThrownBy(() -> codec.parseOutbound("{\"event\":\"play\",\"streamSid\":\"MZ1\"}"))
                .isInstanceOf(TwilioProtocolException.class).hasMessageStartingWith("event: unknown outbound event");
        assertThatThrownBy(() -> codec.parseOutbound("{\"event\":\"clear\"}"))
                .isInstanceOf(TwilioProtocolException.class).hasMessageStartingWith("streamSid: missing");
    }

    @Test
    void unknownCannotBeWritten() {
        assertThatThrownBy(() -> codec.write(new InboundMessage.Unknown("x", "{}")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
