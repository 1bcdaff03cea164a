package io.github.voxbridge.twilio.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link MediaMessageReader} against {@link TwilioCodec#parse}, the oracle: whatever the reader takes, the codec
 * parses to an equal {@link InboundMessage.Media}; what the codec refuses or reads as another message, the reader
 * declines; and the messages Twilio actually sends (printable ASCII, no escapes, padded base64) the reader takes,
 * in any field order and spacing, so that the fast path is the path. The same oracle runs over any bytes in
 * {@link TwilioCodecPropertiesTest#anyTextGivesAMessageOrTheTypedError} (Jazzer).
 */
class MediaMessageReaderTest {

    private final TwilioCodec codec = new TwilioCodec();
    private final MediaMessageReader reader = MediaMessageReader.inbound();

    /**
     * The property, for one input: the reader takes {@code utf8} only if the codec parses it (as UTF-8) to the
     * same media message; returns whether it took it.
     */
    static boolean agreesWithTheCodec(TwilioCodec codec, MediaMessageReader reader, byte[] utf8) {
        boolean taken = reader.read(utf8, 0, utf8.length);
        InboundMessage parsed;
        try {
            parsed = codec.parse(new String(utf8, StandardCharsets.UTF_8));
        } catch (TwilioProtocolException refused) {
            assertThat(taken).as("taken though the codec refuses it (%s): %s", refused.getMessage(),
                    new String(utf8, StandardCharsets.UTF_8)).isFalse();
            return false;
        }
        if (taken) {
            assertThat(reader.toInbound()).as("read in place: %s", new String(utf8, StandardCharsets.UTF_8))
                    .isEqualTo(parsed);
            InboundMessage.Media media = (InboundMessage.Media) parsed;
            assertThat(reader.trackIs(media.track())).isTrue();
            assertThat(reader.trackIs(media.track() + "x")).isFalse();
        }
        return taken;
    }

    /**
     * The same property for an outbound reader, with {@link TwilioCodec#parseOutbound} as the oracle: taken only
     * if the codec reads {@code utf8} as the same server media message.
     */
    static boolean agreesWithTheCodecOutbound(TwilioCodec codec, MediaMessageReader reader, byte[] utf8) {
        boolean taken = reader.read(utf8, 0, utf8.length);
        OutboundMessage parsed;
        try {
            parsed = codec.parseOutbound(new String(utf8, StandardCharsets.UTF_8));
        } catch (TwilioProtocolException refused) {
            assertThat(taken).as("taken though the codec refuses it (%s): %s", refused.getMessage(),
                    new String(utf8, StandardCharsets.UTF_8)).isFalse();
            return false;
        }
        if (taken) {
            assertThat(reader.toOutbound()).as("read in place: %s", new String(utf8, StandardCharsets.UTF_8))
                    .isEqualTo(parsed);
            assertThat(reader.streamSidIs(parsed.streamSid())).isTrue();
            assertThat(reader.streamSidIs(parsed.streamSid() + "x")).isFalse();
        }
        return taken;
    }

    private final MediaMessageReader outboundReader = MediaMessageReader.outbound();

    private boolean agreesOutbound(String json) {
        return agreesWithTheCodecOutbound(codec, outboundReader, json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * What the server's own writer sends ({@link OutboundMessageWriter}: payloads of 1 to 400 bytes, every
     * padding, SIDs of printable ASCII), and the same message with its fields in the other order and spaced: an
     * outbound reader takes each as {@code parseOutbound} reads it; an inbound reader declines them all, as an
     * outbound reader declines every inbound media message; and the mutations of the inbound test's kind keep the
     * property.
     */
    @Test
    void aSimulatorsReaderTakesTheServersMediaAsParseOutboundReadsIt() {
        SplittableRandom random = new SplittableRandom(0x0B7B_0000L);
        int taken = 0;
        for (int i = 0; i < 2000; i++) {
            byte[] payload = new byte[i < 4 ? i + 1 : random.nextInt(4) == 0 ? 160 : 1 + random.nextInt(400)];
            random.nextBytes(payload);
            String sid = i < 4 ? "MZ" + i : "MZ" + plainAscii(random, 40); // the writer refuses an empty SID
            String base64 = Base64.getEncoder().encodeToString(payload);
            OutboundMessageWriter writer = new OutboundMessageWriter(sid);
            String written = writer.mediaMessage(payload);
            String reordered = "{" + space(random, true) + "\"media\":{\"payload\":\"" + base64 + "\"}"
                    + space(random, true) + ",\"streamSid\":" + space(random, true) + quote(sid)
                    + ",\"event\":\"media\"}";
            for (String json : List.of(written, reordered)) {
                assertThat(agreesOutbound(json)).as(json).isTrue();
                assertThat(agrees(json)).as("an inbound reader: %s", json).isFalse();
            }
            StringBuilder mutated = new StringBuilder(written);
            for (int k = 1 + random.nextInt(3); k > 0 && !mutated.isEmpty(); k--) {
                int at = random.nextInt(mutated.length());
                switch (random.nextInt(3)) {
                    case 0 -> mutated.setCharAt(at, MUTATION_CHARS.charAt(random.nextInt(MUTATION_CHARS.length())));
                    case 1 -> mutated.insert(at, MUTATION_CHARS.charAt(random.nextInt(MUTATION_CHARS.length())));
                    default -> mutated.deleteCharAt(at);
                }
            }
            if (agreesOutbound(mutated.toString())) {
                taken++;
            }
        }
        assertThat(taken).isBetween(100, 1900);
        for (Case c : twilioShapedMedia().limit(50).toList()) {
            assertThat(agreesOutbound(c.json())).as(c.json()).isFalse();
        }
        for (String json : List.of("{\"event\":\"mark\",\"streamSid\":\"MZ1\",\"mark\":{\"name\":\"m\"}}",
                "{\"event\":\"clear\",\"streamSid\":\"MZ1\"}",
                "{\"event\":\"media\",\"streamSid\":\"MZ1\",\"media\":{\"payload\":\"\"}}",
                "{\"event\":\"media\",\"streamSid\":\"MZ1\",\"media\":{\"payload\":\"AQ==\",\"x\":1}}")) {
            assertThat(agreesOutbound(json)).as(json).isFalse();
        }
        assertThat(agreesOutbound("{\"event\":\"media\",\"streamSid\":\"MZ1\",\"media\":{\"payload\":\"AQ==\"}}"))
                .isTrue();
        assertThatThrownBy(outboundReader::chunk).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("an outbound media message has no media.chunk");
        assertThatThrownBy(reader::toOutbound).isInstanceOf(IllegalStateException.class);
    }

    private boolean agrees(String json) {
        return agreesWithTheCodec(codec, reader, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void twiliosDocumentedMediaMessageIsReadInPlace() {
        assertThat(agrees(TwilioCodecTest.MEDIA)).isTrue();
        assertThat(reader.sequenceNumber()).isEqualTo(3);
        assertThat(reader.chunk()).isEqualTo(1);
        assertThat(reader.timestamp()).isEqualTo(5);
        assertThat(reader.track()).isEqualTo("outbound");
        assertThat(reader.streamSid()).isEqualTo(TwilioCodecTest.SID);
        assertThat(java.util.Arrays.copyOf(reader.payload(), reader.payloadLength()))
                .isEqualTo(TwilioCodecTest.PAYLOAD);
    }

    @Test
    void aPayloadOfWholeGroupsAndWhitespaceAfterTheMessageAreRead() {
        String ok = "{\"event\":\"media\",\"sequenceNumber\":\"3\",\"streamSid\":\"MZ1\",\"media\":{\"track\":"
                + "\"inbound\",\"chunk\":\"2\",\"timestamp\":\"40\",\"payload\":\"AQIDBA==\"}}";
        assertThat(agrees(ok)).isTrue();
        assertThat(reader.payloadLength()).isEqualTo(4);
        assertThat(agrees(ok.replace("AQIDBA==", "AQIDBAU=") + " \r\n\t")).isTrue();
        assertThat(reader.payloadLength()).isEqualTo(5);
    }

    @Test
    void everyOtherDocumentedMessageIsLeftToTheCodec() {
        for (String json : List.of(TwilioCodecTest.CONNECTED, TwilioCodecTest.START, TwilioCodecTest.DTMF,
                TwilioCodecTest.MARK, TwilioCodecTest.STOP)) {
            assertThat(agrees(json)).as(json).isFalse();
        }
    }

    /** The six message parts, in an order and with spacing; the payload as given (it may be unpadded). */
    private static String media(SplittableRandom random, long sequence, String sid, String track, long chunk,
                                long timestamp, String base64, boolean shuffle, boolean spaces) {
        List<String> inner = new ArrayList<>(List.of(field("track", quote(track), random, spaces),
                field("chunk", quote(Long.toString(chunk)), random, spaces),
                field("timestamp", quote(Long.toString(timestamp)), random, spaces),
                field("payload", quote(base64), random, spaces)));
        if (shuffle) {
            Collections.shuffle(inner, new java.util.Random(random.nextLong()));
        }
        List<String> outer = new ArrayList<>(List.of(field("event", quote("media"), random, spaces),
                field("sequenceNumber", quote(Long.toString(sequence)), random, spaces),
                field("streamSid", quote(sid), random, spaces),
                field("media", "{" + String.join(",", inner) + space(random, spaces) + "}", random, spaces)));
        if (shuffle) {
            Collections.shuffle(outer, new java.util.Random(random.nextLong()));
        }
        return space(random, spaces) + "{" + String.join(",", outer) + space(random, spaces) + "}"
                + space(random, spaces);
    }

    private static String field(String name, String value, SplittableRandom random, boolean spaces) {
        return space(random, spaces) + quote(name) + space(random, spaces) + ":" + space(random, spaces) + value
                + space(random, spaces);
    }

    private static final String[] SPACES = {"", " ", "\t", "\n", "\r\n", "  "};

    private static String space(SplittableRandom random, boolean spaces) {
        return spaces ? SPACES[random.nextInt(SPACES.length)] : "";
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    /** Printable ASCII without the quote and backslash: what Twilio's SIDs and track names are made of. */
    private static String plainAscii(SplittableRandom random, int max) {
        StringBuilder b = new StringBuilder();
        for (int n = random.nextInt(max + 1); n > 0; n--) {
            char c = (char) (0x20 + random.nextInt(0x5F));
            b.append(c == '"' || c == '\\' ? 'q' : c);
        }
        return b.toString();
    }

    private static final long[] EDGE_COUNTERS =
            {0, 1, 9, 10, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L, Long.MAX_VALUE};

    /** A generated message and how it was made. */
    record Case(String json, String description) {
        @Override
        public String toString() {
            return description;
        }
    }

    /**
     * Media messages as Twilio could send them: edge counters (0, 9, 10, 18 and 19 digits, {@code Long.MAX_VALUE})
     * and payloads of 1 to 4 bytes (every padding) first, then 2,000 drawn: any counters, payloads of 1 to 400
     * bytes (160 one time in four), SIDs and tracks of printable ASCII, fields shuffled half the time, spaced a
     * third of the time.
     */
    static Stream<Case> twilioShapedMedia() {
        List<Case> cases = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(0x3ED1_A000L);
        for (int i = 0; i < 2000 + EDGE_COUNTERS.length; i++) {
            boolean edge = i < EDGE_COUNTERS.length;
            long sequence = edge ? EDGE_COUNTERS[i] : random.nextLong(Long.MAX_VALUE);
            long chunk = edge ? EDGE_COUNTERS[(i + 3) % EDGE_COUNTERS.length] : random.nextLong(1_000_000);
            long timestamp = edge ? EDGE_COUNTERS[(i + 5) % EDGE_COUNTERS.length] : random.nextLong(100_000_000);
            byte[] payload = new byte[edge ? 1 + i % 4 : random.nextInt(4) == 0 ? 160 : 1 + random.nextInt(400)];
            random.nextBytes(payload);
            String sid = edge ? "MZ" + i : plainAscii(random, 40);
            String track = edge ? "inbound" : plainAscii(random, 12);
            boolean shuffle = !edge && random.nextBoolean();
            boolean spaces = !edge && random.nextInt(3) == 0;
            String json = media(random, sequence, sid, track, chunk, timestamp,
                    Base64.getEncoder().encodeToString(payload), shuffle, spaces);
            cases.add(new Case(json, "media #" + i + " (" + payload.length + " bytes"
                    + (shuffle ? ", shuffled" : "") + (spaces ? ", spaced" : "") + ")"));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("twilioShapedMedia")
    void whatTwilioSendsIsReadInPlaceAsTheCodecReadsIt(Case c) {
        assertThat(agrees(c.json())).as(c.json()).isTrue();
    }

    /** What the reader leaves to the codec, each with the codec's verdict checked by the property. */
    static Stream<Case> declined() {
        String payload = Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5});
        String ok = "{\"event\":\"media\",\"sequenceNumber\":\"3\",\"streamSid\":\"MZ1\",\"media\":{\"track\":"
                + "\"inbound\",\"chunk\":\"2\",\"timestamp\":\"40\",\"payload\":\"" + payload + "\"}}";
        List<Case> cases = new ArrayList<>();
        cases.add(new Case(ok.replace("\"MZ1\"", "\"MZ\\u0031\""), "an escape in a value (parsed: MZ1)"));
        cases.add(new Case(ok.replace("\"track\"", "\"tr\\u0061ck\""), "an escape in a name"));
        cases.add(new Case(ok.replace("\"MZ1\"", "\"MZé\""), "a non-ASCII character"));
        cases.add(new Case(ok.replace("\"MZ1\"", "\"MZ\u007F\""), "DEL"));
        cases.add(new Case(ok.replace("\"MZ1\"", "\"MZ\t\""), "a raw tab in a string (refused)"));
        cases.add(new Case(ok.replace("}}", ",\"extra\":1}}"), "an unknown media field (logged, parsed)"));
        cases.add(new Case(ok.replace("{\"event\"", "{\"x\":[1,{}],\"event\""), "an unknown field (parsed)"));
        cases.add(new Case(ok.replace("\"chunk\":\"2\"", "\"chunk\":\"2\",\"chunk\":\"2\""), "a repeated field"));
        cases.add(new Case(ok.replace("\"chunk\":\"2\",", ""), "no chunk"));
        cases.add(new Case(ok.replace("\"streamSid\":\"MZ1\",", ""), "no streamSid"));
        cases.add(new Case(ok.replace("\"chunk\":\"2\"", "\"chunk\":2"), "a number for chunk"));
        cases.add(new Case(ok.replace("\"chunk\":\"2\"", "\"chunk\":\"\""), "an empty chunk"));
        cases.add(new Case(ok.replace("\"chunk\":\"2\"", "\"chunk\":\"-2\""), "a negative chunk"));
        cases.add(new Case(ok.replace("\"chunk\":\"2\"", "\"chunk\":\"9223372036854775808\""),
                "Long.MAX_VALUE + 1"));
        cases.add(new Case(ok.replace("\"chunk\":\"2\"", "\"chunk\":\"00000000000000000001\""), "20 digits"));
        cases.add(new Case(ok.replace("\"3\"", "null"), "null sequenceNumber"));
        cases.add(new Case(ok.replace(payload, payload.replace("=", "")), "unpadded base64 (parsed)"));
        cases.add(new Case(ok.replace(payload, ""), "an empty payload (parsed)"));
        cases.add(new Case(ok.replace(payload, "AQID BAU="), "a space in base64"));
        cases.add(new Case(ok.replace(payload, "AQIDB==="), "three pads"));
        cases.add(new Case(ok.replace(payload, "AQ==BAU="), "padding inside"));
        cases.add(new Case(ok.replace(payload, "AQID-_U="), "base64url"));
        cases.add(new Case(ok.replace("\"media\",", "\"mark\","), "another event"));
        cases.add(new Case(ok.replace("\"event\":\"media\"", "\"event\":\"Media\""), "Media"));
        cases.add(new Case(ok + "{}", "trailing tokens"));
        cases.add(new Case("\uFEFF" + ok, "a byte order mark"));
        cases.add(new Case(ok.replace(",\"media\"", ",\"media\":{},\"media\""), "media twice"));
        cases.add(new Case(ok.replace("\"media\":{", "\"media\":[{").replace("}}", "}]}"), "media an array"));
        cases.add(new Case(ok.replace("\"inbound\"", "\"in\"bound\""), "a quote inside"));
        cases.add(new Case(ok.replace(",", ",,"), "double commas"));
        cases.add(new Case(ok.replace("}}", "},}"), "a trailing comma"));
        cases.add(new Case(ok.replace(":", " :\f"), "form feed (not JSON whitespace)"));
        for (int n = 0; n < ok.length(); n++) {
            cases.add(new Case(ok.substring(0, n), "cut to " + n));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("declined")
    void whatTheReaderCannotReadExactlyIsLeftToTheCodec(Case c) {
        assertThat(agrees(c.json())).as(c.json()).isFalse();
    }

    private static final String MUTATION_CHARS = "{}[]\":, \t\n0123456789-+/=AQazé\\\u007F";

    /**
     * 20,000 mutations of Twilio-shaped messages (characters replaced, inserted or deleted, one to four places, or
     * a field duplicated or dropped): the property holds for each, and both verdicts occur.
     */
    @Test
    void mutatedMessagesAreTakenOnlyWhenTheCodecReadsTheSameMedia() {
        SplittableRandom random = new SplittableRandom(0x3ED1_A001L);
        List<Case> bases = twilioShapedMedia().limit(200).toList();
        int taken = 0;
        int cases = 20_000;
        for (int i = 0; i < cases; i++) {
            StringBuilder json = new StringBuilder(bases.get(random.nextInt(bases.size())).json());
            for (int k = 1 + random.nextInt(4); k > 0 && !json.isEmpty(); k--) {
                int at = random.nextInt(json.length());
                switch (random.nextInt(3)) {
                    case 0 -> json.setCharAt(at, MUTATION_CHARS.charAt(random.nextInt(MUTATION_CHARS.length())));
                    case 1 -> json.insert(at, MUTATION_CHARS.charAt(random.nextInt(MUTATION_CHARS.length())));
                    default -> json.deleteCharAt(at);
                }
            }
            if (agrees(json.toString())) {
                taken++;
            }
        }
        // Many mutations land inside a SID, a track or a number and leave a message both read; many break it.
        assertThat(taken).isBetween(cases / 20, cases - cases / 20);
    }

    /**
     * Every payload of one and two groups over characters that matter to base64 (letters at both ends of the
     * alphabet and of a sextet's low bits, digits, {@code + /}, padding, and characters that are not base64):
     * 28,000 payloads, each taken only when {@code java.util.Base64} decodes it to the same bytes.
     */
    @Test
    void paddedBase64IsDecodedAsTheJdkDecodesIt() {
        char[] chars = "AQgwB/+9z=-! ".toCharArray();
        int taken = 0;
        int total = 0;
        for (String prefix : List.of("", "AAAA", "/+z9")) {
            for (char a : chars) {
                for (char b : chars) {
                    for (char c : chars) {
                        for (char d : chars) {
                            String json = "{\"event\":\"media\",\"sequenceNumber\":\"1\",\"streamSid\":\"MZ\","
                                    + "\"media\":{\"track\":\"inbound\",\"chunk\":\"1\",\"timestamp\":\"0\","
                                    + "\"payload\":\"" + prefix + a + b + c + d + "\"}}";
                            total++;
                            if (agrees(json)) {
                                taken++;
                            }
                        }
                    }
                }
            }
        }
        // Of 13^4 groups, 9^4 are all base64, 9^3 end in one pad and 9^2 in two: 7,371 per prefix.
        assertThat(total).isEqualTo(3 * 28_561);
        assertThat(taken).isEqualTo(3 * (9 * 9 * 9 * 9 + 9 * 9 * 9 + 9 * 9));
    }

    @Test
    void aMessageLongerThanTheCodecsLimitIsLeftToIt() {
        TwilioCodec small = new TwilioCodec(100);
        MediaMessageReader limited = MediaMessageReader.inbound(100);
        byte[] json = TwilioCodecTest.MEDIA.getBytes(StandardCharsets.US_ASCII);
        assertThat(json.length).isGreaterThan(100);
        assertThat(agreesWithTheCodec(small, limited, json)).isFalse();
        assertThat(agreesWithTheCodec(codec, MediaMessageReader.inbound(json.length), json)).isTrue();
    }

    @Test
    void aMessageInsideALargerBufferIsReadFromItsRange() {
        byte[] json = TwilioCodecTest.MEDIA.getBytes(StandardCharsets.US_ASCII);
        byte[] buffer = new byte[json.length + 20];
        java.util.Arrays.fill(buffer, (byte) '}');
        System.arraycopy(json, 0, buffer, 7, json.length);
        assertThat(reader.read(buffer, 7, json.length)).isTrue();
        assertThat(reader.toInbound()).isEqualTo(codec.parse(TwilioCodecTest.MEDIA));
        assertThat(reader.read(buffer, 7, json.length + 1)).as("one byte more: trailing }").isFalse();
        assertThatThrownBy(() -> reader.read(buffer, 7, buffer.length))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void nothingIsReadableAfterADeclineAndTheSettingIsChecked() {
        assertThatThrownBy(reader::chunk).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no media message read");
        assertThat(reader.read(TwilioCodecTest.MEDIA.getBytes(StandardCharsets.US_ASCII), 0,
                TwilioCodecTest.MEDIA.length())).isTrue();
        assertThat(reader.read(new byte[] {'{', '}'}, 0, 2)).isFalse();
        assertThatThrownBy(reader::payload).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> MediaMessageReader.inbound(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
    }

    /**
     * The point of the class: reading a media message allocates nothing once the payload array has its size.
     * Counted by the JVM for this thread ({@code com.sun.management.ThreadMXBean}); the JMH figure is
     * {@code InboundBench.readInPlace} ({@code -prof gc}).
     */
    @Test
    void readingAMediaMessageAllocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] json = TwilioCodecTest.MEDIA.getBytes(StandardCharsets.US_ASCII);
        long sum = 0;
        for (int i = 0; i < 20_000; i++) { // warm up: the interpreter's and C1's frames may allocate nothing either
            reader.read(json, 0, json.length);
            sum += reader.chunk() + reader.payload()[i % reader.payloadLength()];
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            reader.read(json, 0, json.length);
            sum += reader.chunk() + reader.payload()[i % reader.payloadLength()];
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(sum).isNotZero();
        assertThat(allocated).as("bytes allocated by 10,000 reads").isLessThan(1_000);
    }
}
