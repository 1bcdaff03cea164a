package io.github.voxbridge.twilio.protocol;

import static io.github.voxbridge.twilio.protocol.OutboundMessageWriterTest.anyString;
import static io.github.voxbridge.twilio.protocol.OutboundMessageWriterTest.quoted;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Messages written and read back, and whatever text arrives: {@code parse} gives a message or a
 * {@link TwilioProtocolException}, nothing else. The parsing property runs twice: as a Jazzer fuzz target over any
 * bytes (read as UTF-8; {@code mvn verify} replays its committed corpus under
 * {@code src/test/resources/.../TwilioCodecPropertiesTestInputs/}), and over generated mangled messages, so that
 * every build checks thousands of cases.
 */
class TwilioCodecPropertiesTest {

    final TwilioCodec codec = new TwilioCodec();

    /** Strings every text field should survive: empty, escapes, non-ASCII, a pair, lone surrogates, U+2028. */
    static final List<String> EDGE_TEXTS = List.of("", "MZ0", "\"", "\\", "\u0000", "\u001F\u007F", "é€",
            "😀", "\u2028", "\uD800", "\uDC00", "a\uDBFF\uDFFFb", "{\"event\":\"x\"}", " \t\n");

    /**
     * Well-formed Unicode, for custom parameter names: Jackson refuses a lone surrogate in a field name it writes,
     * and TwiML (XML) cannot carry one.
     */
    static String wellFormedText(SplittableRandom random, int max) {
        StringBuilder b = new StringBuilder();
        int n = random.nextInt(max + 1);
        while (b.length() < n) {
            int cp = random.nextInt(4) == 0 ? 0x10000 + random.nextInt(0x100000) : random.nextInt(0xD800);
            b.appendCodePoint(cp);
        }
        return b.toString();
    }

    /** Counters and times at the edges of 1 to 19 decimal digits. */
    private static final long[] EDGE_COUNTERS =
            {0, 1, 9, 10, 999_999_999_999_999_999L, 1_000_000_000_000_000_000L, Long.MAX_VALUE};

    /** Case {@code i}'s counter: the edges in turn for the edge cases, else small or any non-negative value. */
    static long counter(SplittableRandom random, boolean edge, int i) {
        if (edge) {
            return EDGE_COUNTERS[i % EDGE_COUNTERS.length];
        }
        return random.nextInt(4) == 0 ? random.nextLong(100) : random.nextLong(Long.MAX_VALUE);
    }

    /** Whether {@code s} has no unpaired surrogate. */
    static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** A message and how it was made, for the case name. */
    record Message<M extends TwilioMessage>(M message, String description) {
        @Override
        public String toString() {
            return description;
        }
    }

    static <M extends TwilioMessage> Message<M> described(M message, Object... fields) {
        StringBuilder b = new StringBuilder(message.getClass().getSimpleName());
        for (Object f : fields) {
            b.append(' ').append(f instanceof String s ? quoted(s) : f instanceof byte[] bytes
                    ? bytes.length + " bytes" : String.valueOf(f));
        }
        return new Message<>(message, b.toString());
    }

    /** Edge strings as SID and track (with edge counters), then 1,000 drawn media messages. */
    static Stream<Message<InboundMessage.Media>> inboundMedia() {
        List<Message<InboundMessage.Media>> cases = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(0x3ED1_A000L);
        for (int i = 0; i < EDGE_TEXTS.size() + 1000; i++) {
            boolean edge = i < EDGE_TEXTS.size();
            String sid = edge ? EDGE_TEXTS.get(i) : anyString(random, 40);
            String track = edge ? EDGE_TEXTS.get(EDGE_TEXTS.size() - 1 - i) : anyString(random, 40);
            long sequence = counter(random, edge, i);
            long chunk = counter(random, edge, i + 3);
            long timestamp = counter(random, edge, i + 5);
            byte[] payload = new byte[edge ? i % 5 : random.nextInt(401)];
            random.nextBytes(payload);
            cases.add(described(new InboundMessage.Media(sequence, sid, track, chunk, timestamp, payload),
                    sid, track, sequence, chunk, timestamp, payload));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inboundMedia")
    void inboundMediaRoundTrips(Message<InboundMessage.Media> m) {
        assertThat(codec.parse(codec.write(m.message()))).isEqualTo(m.message());
    }

    /** Edge strings as parameter value, SID and call (well-formed edges as the name), then 1,000 drawn. */
    static Stream<Message<InboundMessage.Start>> starts() {
        List<Message<InboundMessage.Start>> cases = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(0x57A7_7000L);
        int[] rates = {1, 8000, Integer.MAX_VALUE};
        for (int i = 0; i < EDGE_TEXTS.size() + 1000; i++) {
            boolean edge = i < EDGE_TEXTS.size();
            String sid = edge ? EDGE_TEXTS.get(i) : anyString(random, 40);
            String value = edge ? EDGE_TEXTS.get(EDGE_TEXTS.size() - 1 - i) : anyString(random, 40);
            String key = !edge ? wellFormedText(random, 40) : isWellFormed(sid) ? sid : "k";
            int rate = i < rates.length ? rates[i] : 1 + random.nextInt(Integer.MAX_VALUE);
            var start = new InboundMessage.Start(1, sid, "AC" + key, "CA" + value, List.of("inbound", value),
                    Map.of(key, value), new InboundMessage.MediaFormat(value, rate, 1));
            cases.add(described(start, sid, key, value, rate));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("starts")
    void startRoundTrips(Message<InboundMessage.Start> m) {
        assertThat(codec.parse(codec.write(m.message()))).isEqualTo(m.message());
    }

    /** A SID, a mark name and a payload: edge strings with 1 to 5 bytes first, then 1,000 drawn. */
    record Outbound(String sid, String name, byte[] payload) {
        @Override
        public String toString() {
            return "sid " + quoted(sid) + ", name " + quoted(name) + ", payload " + payload.length + " bytes";
        }
    }

    static Stream<Outbound> outbound() {
        List<Outbound> cases = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(0x0070_B000L);
        for (int i = 0; i < EDGE_TEXTS.size() + 1000; i++) {
            boolean edge = i < EDGE_TEXTS.size();
            byte[] payload = new byte[edge ? 1 + i % 5 : 1 + random.nextInt(400)];
            random.nextBytes(payload);
            cases.add(new Outbound(edge ? EDGE_TEXTS.get(i) : anyString(random, 40),
                    edge ? EDGE_TEXTS.get(EDGE_TEXTS.size() - 1 - i) : anyString(random, 40), payload));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outbound")
    void outboundRoundTrips(Outbound c) {
        for (OutboundMessage m : List.of(new OutboundMessage.Media(c.sid(), c.payload()),
                new OutboundMessage.Mark(c.sid(), c.name()), new OutboundMessage.Clear(c.sid()))) {
            assertThat(codec.parseOutbound(codec.write(m))).isEqualTo(m);
        }
    }

    // ------------------------------------------------------------------------------------------------- parsing

    /**
     * Whatever arrives, {@code parse} and {@code parseOutbound} return a message or throw the typed error with a
     * bounded message, nothing else; and a message {@code parse} accepted (other than an unknown event) is written
     * back to JSON that parses to the same message.
     */
    private void checkAnyText(String json) {
        try {
            InboundMessage m = codec.parse(json);
            if (!(m instanceof InboundMessage.Unknown)) {
                assertThat(codec.parse(codec.write(m))).as("%s written back", m).isEqualTo(m);
            }
        } catch (TwilioProtocolException expected) {
            assertThat(expected.getMessage().length()).isLessThan(500);
        }
        try {
            OutboundMessage m = codec.parseOutbound(json);
            assertThat(codec.parseOutbound(codec.write(m))).as("%s written back", m).isEqualTo(m);
        } catch (TwilioProtocolException expected) {
            assertThat(expected.getMessage().length()).isLessThan(500);
        }
    }

    /**
     * Any bytes the fuzzer makes, read as UTF-8 (malformed sequences become U+FFFD; JSON escapes reach the rest);
     * and the same bytes given to {@link MediaMessageReader}, which takes them only if {@code parse} reads them as
     * the same media message ({@link MediaMessageReaderTest#agreesWithTheCodec}), and to an outbound one, held to
     * {@code parseOutbound} the same way.
     */
    @FuzzTest
    void anyTextGivesAMessageOrTheTypedError(byte[] utf8) {
        checkAnyText(new String(utf8, StandardCharsets.UTF_8));
        MediaMessageReaderTest.agreesWithTheCodec(codec, mediaReader, utf8);
        MediaMessageReaderTest.agreesWithTheCodecOutbound(codec, outboundMediaReader, utf8);
    }

    final MediaMessageReader mediaReader = MediaMessageReader.inbound();
    final MediaMessageReader outboundMediaReader = MediaMessageReader.outbound();

    /** A generated text for the parser, with how it was made. */
    record Text(String json, String description) {
        @Override
        public String toString() {
            return description + ": " + quoted(json.length() > 200 ? json.substring(0, 200) + "…" : json);
        }
    }

    private static final List<String> DOCUMENTED = List.of(TwilioCodecTest.CONNECTED, TwilioCodecTest.START,
            TwilioCodecTest.MEDIA, TwilioCodecTest.DTMF, TwilioCodecTest.MARK, TwilioCodecTest.STOP,
            "{\"event\":\"media\",\"streamSid\":\"MZ1\",\"media\":{\"payload\":\"/38AgBI=\"}}",
            "{\"event\":\"mark\",\"streamSid\":\"MZ1\",\"mark\":{\"name\":\"utterance-7\"}}",
            "{\"event\":\"clear\",\"streamSid\":\"MZ1\"}");
    private static final String JSON_CHARS = "{}[]\":,0123456789-.eE+\\u ntrufals/=";

    /**
     * Edge texts first: empty, blank, JSON scalars, deep nesting, and every documented message (inbound and
     * outbound) cut short at every length; then 3,000 drawn: a documented message with 1 to 4 characters replaced
     * at a random place by JSON punctuation (one in three), random JSON punctuation (one in three), or random
     * text of any chars.
     */
    static Stream<Text> texts() {
        List<Text> cases = new ArrayList<>();
        for (String s : List.of("", " ", "null", "true", "0", "\"x\"", "[]", "{}", "{\"event\":null}",
                "{\"event\":\"start\"}", "{\"event\":\"media\",\"media\":[]}", "[".repeat(100) + "]".repeat(100),
                "{\"a\":".repeat(70) + "1" + "}".repeat(70), "{\"event\":\"x\"} {}", "\uFEFF{}")) {
            cases.add(new Text(s, "edge"));
        }
        for (String json : DOCUMENTED) {
            for (int n = 0; n < json.length(); n++) {
                cases.add(new Text(json.substring(0, n), "documented message cut to " + n + " chars"));
            }
        }
        SplittableRandom random = new SplittableRandom(0x7EA7_0000L);
        for (int i = 0; i < 3000; i++) {
            switch (random.nextInt(3)) {
                case 0 -> {
                    String json = DOCUMENTED.get(random.nextInt(DOCUMENTED.size()));
                    int at = random.nextInt(json.length());
                    int len = random.nextInt(4);
                    StringBuilder insert = new StringBuilder();
                    for (int k = random.nextInt(5); k > 0; k--) {
                        insert.append(JSON_CHARS.charAt(random.nextInt(JSON_CHARS.length())));
                    }
                    cases.add(new Text(json.substring(0, at) + insert + json.substring(Math.min(json.length(),
                            at + len)), "mangled at " + at));
                }
                case 1 -> {
                    StringBuilder b = new StringBuilder();
                    for (int k = random.nextInt(61); k > 0; k--) {
                        b.append(JSON_CHARS.charAt(random.nextInt(JSON_CHARS.length())));
                    }
                    cases.add(new Text(b.toString(), "JSON punctuation"));
                }
                default -> cases.add(new Text(anyString(random, 60), "any chars"));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void arbitraryTextNeverEscapesAsAnotherException(Text text) {
        checkAnyText(text.json());
        MediaMessageReaderTest.agreesWithTheCodec(codec, mediaReader, text.json().getBytes(StandardCharsets.UTF_8));
        MediaMessageReaderTest.agreesWithTheCodecOutbound(codec, outboundMediaReader,
                text.json().getBytes(StandardCharsets.UTF_8));
    }
}
