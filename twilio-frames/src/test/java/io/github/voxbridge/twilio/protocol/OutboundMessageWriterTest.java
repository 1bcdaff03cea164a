package io.github.voxbridge.twilio.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Named.named;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OutboundMessageWriterTest {

    static final String SID = TwilioCodecTest.SID;

    final TwilioCodec codec = new TwilioCodec();
    final ObjectMapper jackson = new ObjectMapper();

    static byte[] frame(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void mediaMessageIsExactlyWhatTheCodecWrites() {
        OutboundMessageWriter writer = new OutboundMessageWriter(SID);
        for (int n = 1; n <= 400; n++) {
            byte[] payload = frame(n, n);
            String fast = writer.mediaMessage(payload);
            assertThat(fast).isEqualTo(codec.write(new OutboundMessage.Media(SID, payload)));
            assertThat(fast.length()).isEqualTo(writer.mediaMessageLength(n));
            assertThat(codec.parseOutbound(fast)).isEqualTo(new OutboundMessage.Media(SID, payload));
        }
    }

    @Test
    void aTwentyMillisecondFrameLooksLikeTheDocumentation() throws Exception {
        byte[] payload = new byte[160];
        Arrays.fill(payload, (byte) 0xFF);
        String json = new OutboundMessageWriter(SID).mediaMessage(payload);
        assertThat(json).startsWith("{\"event\":\"media\",\"streamSid\":\"" + SID + "\",\"media\":{\"payload\":\"////")
                .endsWith("\"}}");
        JsonNode tree = jackson.readTree(json);
        assertThat(tree.get("media").get("payload").textValue()).hasSize(216);
        assertThat(Base64.getDecoder().decode(tree.get("media").get("payload").textValue())).isEqualTo(payload);
    }

    /**
     * Stream SIDs worth a case of their own: Twilio's, one character, quotes, backslashes and control characters
     * (escaped by name or as six-character escapes), DEL, non-ASCII, a supplementary character, the line and paragraph
     * separators, and lone surrogates.
     */
    static final List<String> EDGE_SIDS = List.of(SID, "M", "\"", "\\", "\u0000", "\u001F", "\u007F",
            "MZ\"\\\n\r\t\b\f", "é", "€", "😀", "\u2028\u2029", "\uD800", "\uDFFF", "x\uDC00\uD800y", "\uFFFF");

    /** Any string of 0 to {@code max} chars, every UTF-16 code unit equally likely (lone surrogates included). */
    static String anyString(SplittableRandom random, int max) {
        char[] chars = new char[random.nextInt(max + 1)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) random.nextInt(0x10000);
        }
        return new String(chars);
    }

    /** Mostly printable ASCII, sometimes anything: where JSON escaping happens. */
    static String mixedString(SplittableRandom random, int max) {
        if (random.nextInt(3) == 0) {
            return anyString(random, max);
        }
        char[] chars = new char[random.nextInt(max + 1)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = random.nextInt(8) == 0 ? (char) random.nextInt(0x10000) : (char) (0x20 + random.nextInt(0x60));
        }
        return new String(chars);
    }

    /** A media message case: the SID, the payload and the range {@code [offset, offset + length)} sent of it. */
    record MediaCase(String sid, byte[] payload, int offset, int length, String origin) {
        @Override
        public String toString() {
            return "sid " + quoted(sid) + ", payload " + payload.length + " bytes (" + origin + "), range ["
                    + offset + ", " + (offset + length) + ")";
        }
    }

    /** {@code s} with every char outside printable ASCII as a Java escape, for case names. */
    static String quoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
                b.append(c);
            } else {
                b.append(String.format("\\u%04X", (int) c));
            }
        }
        return b.append('"').toString();
    }

    /**
     * Edge cases first: every edge SID with a 160-byte frame; payloads of 1 to 9 bytes, 159 to 161, 320 and 700
     * (every base64 padding case, around the frame), whole and as their last byte, their first byte and their
     * middle; then 1,000 drawn cases: a SID (Twilio's one time in four, else 1 to 40 chars of anything), 1 to 700
     * payload bytes, a range inside them.
     */
    static Stream<MediaCase> mediaCases() {
        List<MediaCase> cases = new ArrayList<>();
        for (String sid : EDGE_SIDS) {
            cases.add(new MediaCase(sid, frame(160, 160), 0, 160, "frame(160, 160)"));
        }
        for (int n : new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 159, 160, 161, 320, 700}) {
            byte[] payload = frame(n, n);
            String origin = "frame(" + n + ", " + n + ")";
            cases.add(new MediaCase(SID, payload, 0, n, origin));
            cases.add(new MediaCase(SID, payload, n - 1, 1, origin));
            cases.add(new MediaCase(SID, payload, 0, 1, origin));
            cases.add(new MediaCase(SID, payload, n / 3, Math.max(1, n / 3), origin));
        }
        SplittableRandom random = new SplittableRandom(0x0B1D_3A7EL);
        for (int i = 0; i < 1000; i++) {
            String sid = random.nextInt(4) == 0 ? SID : mixedString(random, 39) + "M";
            long seed = random.nextLong();
            byte[] payload = new byte[1 + random.nextInt(700)];
            new SplittableRandom(seed).nextBytes(payload);
            int offset = random.nextInt(payload.length);
            int length = 1 + random.nextInt(payload.length - offset);
            cases.add(new MediaCase(sid, payload, offset, length, "new SplittableRandom(" + seed + "L).nextBytes"));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mediaCases")
    void rangesAndByteVariantsGiveTheSameMessage(MediaCase c) throws Exception {
        checkMediaMessage(c.sid(), c.payload(), c.offset(), c.length());
    }

    /**
     * The same property over SIDs and payloads the fuzzer makes: any SID (an empty one must be refused), any
     * payload bytes, any range of them.
     */
    @FuzzTest
    void mediaMessagesAreWhatJacksonWrites(FuzzedDataProvider data) throws Exception {
        String sid = data.consumeString(64);
        int from = data.consumeInt(0, 1000);
        int to = data.consumeInt(0, 1000);
        byte[] payload = data.consumeRemainingAsBytes();
        if (sid.isEmpty()) {
            assertThatThrownBy(() -> new OutboundMessageWriter(sid)).isInstanceOf(IllegalArgumentException.class);
            return;
        }
        if (payload.length == 0) {
            assertThatThrownBy(() -> new OutboundMessageWriter(sid).mediaMessage(payload))
                    .isInstanceOf(IllegalArgumentException.class);
            return;
        }
        int offset = Math.min(from, to) % payload.length;
        int length = 1 + Math.abs(to - from) % (payload.length - offset);
        checkMediaMessage(sid, payload, offset, length);
    }

    /**
     * The message for {@code data[offset, offset + length)}: the same through every entry point, the JSON tree
     * Jackson writes for the same message, ASCII only, its length announced, and parsed back to the same message.
     */
    private void checkMediaMessage(String sid, byte[] data, int offset, int length) throws Exception {
        byte[] slice = Arrays.copyOfRange(data, offset, offset + length);
        OutboundMessageWriter writer = new OutboundMessageWriter(sid);
        String whole = writer.mediaMessage(slice);
        assertThat(writer.mediaMessage(data, offset, length)).isEqualTo(whole);
        assertThat(jackson.readTree(whole))
                .isEqualTo(jackson.readTree(codec.write(new OutboundMessage.Media(sid, slice))));
        assertThat(isPrintableAscii(whole)).as("printable ASCII only: %s", whole).isTrue();
        assertThat(whole.length()).isEqualTo(writer.mediaMessageLength(length));
        assertThat(codec.parseOutbound(whole)).isEqualTo(new OutboundMessage.Media(sid, slice));

        byte[] dst = new byte[writer.mediaMessageLength(length) + 13];
        int written = writer.writeMediaMessage(slice, dst, 13);
        assertThat(new String(dst, 13, written, StandardCharsets.UTF_8)).isEqualTo(whole);

        ByteBuffer buffer = ByteBuffer.allocateDirect(written + 5).position(5);
        writer.writeMediaMessage(slice, buffer);
        assertThat(buffer.position()).isEqualTo(5 + written);
        byte[] fromBuffer = new byte[written];
        buffer.get(5, fromBuffer);
        assertThat(new String(fromBuffer, StandardCharsets.US_ASCII)).isEqualTo(whole);

        byte[] encoded = new byte[4 * length / 3 + 8];
        int n = OutboundMessageWriter.encodeRange(data, offset, length, encoded, 3);
        assertThat(new String(encoded, 3, n, StandardCharsets.US_ASCII))
                .isEqualTo(Base64.getEncoder().encodeToString(slice));
    }

    private static boolean isPrintableAscii(String s) {
        return s.chars().allMatch(c -> c >= 0x20 && c < 0x7F);
    }

    /** The base64 range encoder over every length from 0 to 300, at offsets 0, 1, 2, 3 and the end. */
    static Stream<Arguments> encoderCases() {
        return IntStream.rangeClosed(0, 300).boxed().flatMap(n -> IntStream.of(0, 1, 2, 3, n).filter(o -> o <= n)
                .distinct().mapToObj(o -> Arguments.of(n, o)));
    }

    @ParameterizedTest(name = "frame({0}, {0}) from offset {1}")
    @MethodSource("encoderCases")
    void rangeEncoderIsTheJdkEncoder(int size, int offset) {
        byte[] data = frame(size, size);
        byte[] dst = new byte[4 * data.length / 3 + 8];
        int n = OutboundMessageWriter.encodeRange(data, offset, data.length - offset, dst, 3);
        assertThat(new String(dst, 3, n, StandardCharsets.US_ASCII))
                .isEqualTo(Base64.getEncoder().encodeToString(Arrays.copyOfRange(data, offset, data.length)));
    }

    /**
     * Mark names and SIDs: every pair of edge strings (the edge SIDs, and the empty name), then 1,000 drawn pairs
     * of 1 to 40 chars for the SID and 0 to 40 for the name.
     */
    static Stream<Arguments> markCases() {
        List<Arguments> cases = new ArrayList<>();
        List<String> names = new ArrayList<>(EDGE_SIDS);
        names.add("");
        names.add("utterance-7");
        for (String sid : EDGE_SIDS) {
            for (String name : names) {
                cases.add(Arguments.of(named(quoted(sid), sid), named(quoted(name), name)));
            }
        }
        SplittableRandom random = new SplittableRandom(0x3A7C_C1EAL);
        for (int i = 0; i < 1000; i++) {
            String sid = mixedString(random, 39) + "M";
            String name = mixedString(random, 40);
            cases.add(Arguments.of(named(quoted(sid), sid), named(quoted(name), name)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "sid {0}, name {1}")
    @MethodSource("markCases")
    void markAndClearParseBack(String sid, String name) throws Exception {
        checkMarkAndClear(sid, name);
    }

    /** Marks and clears for any SID and mark name the fuzzer makes. */
    @FuzzTest
    void markAndClearAreWhatJacksonWrites(FuzzedDataProvider data) throws Exception {
        String sid = data.consumeString(64);
        String name = data.consumeRemainingAsString();
        if (sid.isEmpty()) {
            assertThatThrownBy(() -> new OutboundMessageWriter(sid)).isInstanceOf(IllegalArgumentException.class);
            return;
        }
        checkMarkAndClear(sid, name);
    }

    private void checkMarkAndClear(String sid, String name) throws Exception {
        OutboundMessageWriter writer = new OutboundMessageWriter(sid);
        String mark = writer.markMessage(name);
        assertThat(codec.parseOutbound(mark)).isEqualTo(new OutboundMessage.Mark(sid, name));
        assertThat(codec.parseOutbound(writer.clearMessage())).isEqualTo(new OutboundMessage.Clear(sid));
        assertThat(jackson.readTree(mark))
                .isEqualTo(jackson.readTree(codec.write(new OutboundMessage.Mark(sid, name))));
        assertThat(jackson.readTree(writer.clearMessage()))
                .isEqualTo(jackson.readTree(codec.write(new OutboundMessage.Clear(sid))));
        assertThat(isPrintableAscii(mark)).as("printable ASCII only: %s", mark).isTrue();
        assertThat(isPrintableAscii(writer.clearMessage())).isTrue();
    }

    @Test
    void sidWithQuotesAndNonAsciiIsEscaped() throws Exception {
        String sid = "MZ\"\\\n€😀\u2028";
        OutboundMessageWriter writer = new OutboundMessageWriter(sid);
        String json = writer.mediaMessage(new byte[] {1, 2, 3});
        assertThat(json.chars().allMatch(c -> c >= 0x20 && c < 0x7F)).isTrue();
        assertThat(jackson.readTree(json).get("streamSid").textValue()).isEqualTo(sid);
        assertThat(writer.clearMessage()).isEqualToIgnoringCase(codec.write(new OutboundMessage.Clear(sid)));
    }

    @Test
    void refusesEmptyPayloadsAndShortBuffers() {
        OutboundMessageWriter writer = new OutboundMessageWriter(SID);
        assertThatThrownBy(() -> writer.mediaMessage(new byte[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty media payload");
        assertThatThrownBy(() -> writer.mediaMessage(new byte[10], 4, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.mediaMessage(new byte[10], 4, 7)).isInstanceOf(IndexOutOfBoundsException.class);
        byte[] dst = new byte[writer.mediaMessageLength(160) - 1];
        assertThatThrownBy(() -> writer.writeMediaMessage(new byte[160], dst, 0))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(dst).containsOnly(0);
        ByteBuffer small = ByteBuffer.allocate(dst.length);
        assertThatThrownBy(() -> writer.writeMediaMessage(new byte[160], small)).isInstanceOf(BufferOverflowException.class);
        assertThat(small.position()).isZero();
        assertThatThrownBy(() -> new OutboundMessageWriter("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutboundMessage.Media(SID, new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void growsForLargePayloadsAndStaysCorrectForSmallOnesAfterwards() {
        OutboundMessageWriter writer = new OutboundMessageWriter(SID);
        for (int n : new int[] {160, 8000, 1, 160, 3, 8000}) {
            byte[] payload = frame(n, n);
            assertThat(codec.parseOutbound(writer.mediaMessage(payload))).isEqualTo(new OutboundMessage.Media(SID, payload));
        }
    }

    /**
     * The announced length is exact up to the largest array (Integer.MAX_VALUE - 8, as the JDK's collections use)
     * and a payload one byte longer is refused, for SIDs of 1 to 4 characters: every prefix length modulo 4, so
     * that for one of them the longest message is exactly the largest array.
     */
    @Test
    void mediaMessageLengthIsExactUpToTheLargestArrayAndRefusedBeyond() {
        long largestArray = Integer.MAX_VALUE - 8;
        for (String sid : new String[] {"M", "MZ", "MZ1", "MZ12"}) {
            OutboundMessageWriter writer = new OutboundMessageWriter(sid);
            int envelope = ("{\"event\":\"media\",\"streamSid\":\"" + sid + "\",\"media\":{\"payload\":\"\"}}").length();
            assertThat(writer.mediaMessageLength(0)).as("no payload: the envelope alone").isEqualTo(envelope);
            long quadruples = (largestArray - envelope) / 4;
            int longest = Math.toIntExact(3 * quadruples);
            assertThat(writer.mediaMessageLength(longest)).as("sid %s, %d payload bytes", sid, longest)
                    .isEqualTo(envelope + 4 * quadruples);
            assertThat(writer.mediaMessageLength(longest - 2)).isEqualTo(envelope + 4 * quadruples);
            for (int tooLong : new int[] {longest + 1, longest + 3, Integer.MAX_VALUE}) {
                assertThatThrownBy(() -> writer.mediaMessageLength(tooLong)).as("sid %s, %d bytes", sid, tooLong)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("a payload of " + tooLong + " bytes makes a message larger than an array holds");
            }
        }
        OutboundMessageWriter writer = new OutboundMessageWriter(SID);
        assertThatThrownBy(() -> writer.mediaMessageLength(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("negative payload length -1");
        assertThatThrownBy(() -> writer.mediaMessageLength(Integer.MIN_VALUE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEmptyPayloadIsRefusedByEveryWayOutAndNothingWritten() {
        OutboundMessageWriter writer = new OutboundMessageWriter(SID);
        byte[] dst = new byte[1000];
        assertThatThrownBy(() -> writer.writeMediaMessage(new byte[0], dst, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty media payload");
        assertThat(dst).containsOnly(0);
        ByteBuffer buffer = ByteBuffer.allocate(1000);
        assertThatThrownBy(() -> writer.writeMediaMessage(new byte[0], buffer))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty media payload");
        assertThat(buffer.position()).isZero();
    }

    /** A range as the first message of a writer, and after a longer one: nothing left over from earlier calls. */
    @Test
    void aRangeIsCompleteWhateverTheWriterWroteBefore() {
        byte[] data = frame(200, 7);
        for (int length : new int[] {5, 6, 7}) {
            byte[] slice = Arrays.copyOfRange(data, 1, 1 + length);
            String expected = codec.write(new OutboundMessage.Media(SID, slice));
            assertThat(new OutboundMessageWriter(SID).mediaMessage(data, 1, length)).isEqualTo(expected);
            OutboundMessageWriter used = new OutboundMessageWriter(SID);
            used.mediaMessage(data);
            assertThat(used.mediaMessage(data, 1, length)).isEqualTo(expected);
        }
    }

    @Test
    void aLongMarkNameIsWrittenWhole() {
        OutboundMessageWriter writer = new OutboundMessageWriter(SID);
        String name = "utterance-" + "x".repeat(1000);
        assertThat(writer.markMessage(name)).isEqualTo(
                "{\"event\":\"mark\",\"streamSid\":\"" + SID + "\",\"mark\":{\"name\":\"" + name + "\"}}");
        assertThat(writer.markMessage(name)).isEqualTo(codec.write(new OutboundMessage.Mark(SID, name)));
    }

    @Test
    void namesItsStream() {
        assertThat(new OutboundMessageWriter(SID).streamSid()).isEqualTo(SID);
        assertThat(new OutboundMessageWriter("MZ\"x").streamSid()).isEqualTo("MZ\"x");
    }
}
