package io.github.voxbridge.twilio.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClientFrameParserTest {

    private static final byte[] MASK = {(byte) 0x9A, 0x12, (byte) 0xF0, 0x37};
    private static final long LIMIT = 70_000;
    /** Payload lengths at the edges of the three length encodings, always among the generated ones. */
    private static final int[] EDGE_LENGTHS = {0, 1, 125, 126, 127, 65_535, 65_536};

    /** A generated conversation: the bytes a client writes and the events the parser must hand on. */
    private record Conversation(byte[] bytes, List<String> expected) {
    }

    @Test
    void everyChunkingOfGeneratedFramesGivesTheSameMessages() throws Exception {
        long seed = 20_261_203L;
        Random random = new Random(seed);
        for (int round = 0; round < 300; round++) {
            Conversation c = conversation(random, round);
            String context = "seed " + seed + ", round " + round;
            assertThat(parse(c.bytes(), new int[] {c.bytes().length}, false)).as(context + ", whole")
                    .isEqualTo(c.expected());
            assertThat(parse(c.bytes(), ones(c.bytes().length), false)).as(context + ", a byte at a time")
                    .isEqualTo(c.expected());
            assertThat(parse(c.bytes(), randomSplits(random, c.bytes().length), round % 2 == 0))
                    .as(context + ", random pieces").isEqualTo(c.expected());
        }
    }

    private static Conversation conversation(Random random, int round) {
        ClientFrames frames = new ClientFrames();
        List<String> expected = new ArrayList<>();
        int messages = 1 + random.nextInt(6);
        for (int m = 0; m < messages; m++) {
            byte[] mask = new byte[4];
            random.nextBytes(mask);
            int kind = random.nextInt(4);
            // Rounds 0 to 6 each carry one edge length as a text message, so every edge is always covered.
            int length = round < EDGE_LENGTHS.length && m == 0 ? EDGE_LENGTHS[round]
                    : random.nextInt(10) == 0 ? EDGE_LENGTHS[random.nextInt(EDGE_LENGTHS.length)]
                    : random.nextInt(600);
            if (round < EDGE_LENGTHS.length && m == 0) {
                kind = 0;
            }
            switch (kind) {
                case 0, 1 -> {
                    byte[] text = new byte[length];
                    random.nextBytes(text);
                    int pieces = kind == 0 ? 1 : 1 + random.nextInt(4);
                    int at = 0;
                    for (int p = 0; p < pieces; p++) {
                        int end = p == pieces - 1 ? length : at + random.nextInt(length - at + 1);
                        byte[] piece = java.util.Arrays.copyOfRange(text, at, end);
                        frames.frame(p == pieces - 1, 0, p == 0 ? ClientFrameParser.OP_TEXT
                                : ClientFrameParser.OP_CONTINUATION, piece, mask);
                        at = end;
                        if (p < pieces - 1 && random.nextBoolean()) {
                            // A control frame between fragments (RFC 6455 section 5.4 allows it).
                            byte[] ping = new byte[random.nextInt(126)];
                            random.nextBytes(ping);
                            frames.frame(true, 0, ClientFrameParser.OP_PING, ping, mask);
                            expected.add("ping " + HexFormat.of().formatHex(ping));
                        }
                    }
                    expected.add("text " + HexFormat.of().formatHex(text));
                }
                case 2 -> {
                    byte[] data = new byte[length];
                    frames.frame(true, 0, ClientFrameParser.OP_BINARY, data, mask);
                    expected.add("binary " + length);
                }
                default -> {
                    byte[] pong = new byte[random.nextInt(126)];
                    frames.frame(true, 0, ClientFrameParser.OP_PONG, pong, mask);
                }
            }
        }
        if (random.nextBoolean()) {
            int code = 1000 + random.nextInt(4);
            frames.close(code, "bye", MASK);
            expected.add("close " + code + " bye");
        }
        return new Conversation(frames.toByteArray(), expected);
    }

    private static List<String> parse(byte[] bytes, int[] pieces, boolean direct) throws WebSocketFailure {
        ClientFrameParser parser = new ClientFrameParser(LIMIT);
        RecordingSink sink = new RecordingSink();
        int at = 0;
        for (int n : pieces) {
            ByteBuffer piece;
            if (direct) {
                piece = ByteBuffer.allocateDirect(n).put(bytes, at, n).flip();
            } else {
                // A slice at a non-zero array offset, as a pooled buffer would be.
                byte[] padded = new byte[n + 7];
                System.arraycopy(bytes, at, padded, 7, n);
                piece = ByteBuffer.wrap(padded, 7, n).slice();
            }
            parser.parse(piece, sink);
            assertThat(piece.hasRemaining()).as("the parser consumes every byte it is given").isFalse();
            at += n;
        }
        return sink.events;
    }

    private static int[] ones(int n) {
        int[] pieces = new int[n];
        java.util.Arrays.fill(pieces, 1);
        return pieces;
    }

    private static int[] randomSplits(Random random, int n) {
        List<Integer> pieces = new ArrayList<>();
        int left = n;
        while (left > 0) {
            int piece = Math.min(left, 1 + random.nextInt(random.nextBoolean() ? 8 : 2_000));
            pieces.add(piece);
            left -= piece;
        }
        return pieces.stream().mapToInt(Integer::intValue).toArray();
    }

    // ------------------------------------------------------------------------------------ refusals

    private static WebSocketFailure failure(byte[] bytes) {
        ClientFrameParser parser = new ClientFrameParser(LIMIT);
        try {
            parser.parse(ByteBuffer.wrap(bytes), new RecordingSink());
        } catch (WebSocketFailure f) {
            return f;
        }
        throw new AssertionError("no failure for " + HexFormat.of().formatHex(bytes));
    }

    @Test
    void protocolViolationsCloseWith1002AndSayWhat() {
        byte[] one = {1};
        assertRefused(new ClientFrames().frame(true, 4, 1, one, MASK), 1002, "RSV bits set (0x40)");
        assertRefused(new ClientFrames().frame(true, 0, 1, one, null), 1002, "an unmasked frame");
        assertRefused(new ClientFrames().frame(true, 0, 3, one, MASK), 1002, "unknown opcode 0x3");
        assertRefused(new ClientFrames().frame(true, 0, 0xB, one, MASK), 1002, "unknown opcode 0xb");
        assertRefused(new ClientFrames().frame(false, 0, ClientFrameParser.OP_PING, one, MASK), 1002,
                "a fragmented control frame (opcode 0x9)");
        assertRefused(new ClientFrames().frame(true, 0, ClientFrameParser.OP_PING, new byte[126], MASK), 1002,
                "control frame (opcode 0x9) longer than 125 bytes");
        assertRefused(new ClientFrames().frame(true, 0, ClientFrameParser.OP_CONTINUATION, one, MASK), 1002,
                "a continuation frame with no message started");
        assertRefused(new ClientFrames().frame(false, 0, ClientFrameParser.OP_TEXT, one, MASK)
                .frame(true, 0, ClientFrameParser.OP_BINARY, one, MASK), 1002,
                "a new binary message inside a fragmented text message");
        assertRefused(new ClientFrames().frame(true, 0, ClientFrameParser.OP_CLOSE, one, MASK), 1002,
                "a close frame with a one-byte payload");
        assertRefused(new ClientFrames().close(1005, "", MASK), 1002, "a close frame with code 1005");
        assertRefused(new ClientFrames().close(999, "", MASK), 1002, "code 999");
        assertRefused(new ClientFrames().raw(0x81, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4), 1002,
                "a 64-bit payload length with its top bit set");
    }

    @Test
    void aCloseReasonThatIsNotUtf8CloseWith1007() {
        byte[] payload = {0x03, (byte) 0xE8, (byte) 0xC3, 0x28};
        assertRefused(new ClientFrames().frame(true, 0, ClientFrameParser.OP_CLOSE, payload, MASK), 1007,
                "not valid UTF-8");
    }

    @Test
    void aMessageOverTheLimitIsRefusedAtItsHeaderBeforeAnyOfItIsRead() {
        // Only the header of a 70,001-byte text frame: refused without waiting for the payload.
        byte[] header = {(byte) 0x81, (byte) 0xFF, 0, 0, 0, 0, 0, 1, 0x11, 0x71, 1, 2, 3, 4};
        WebSocketFailure f = failure(header);
        assertThat(f.closeCode()).isEqualTo(1009);
        assertThat(f.getMessage()).isEqualTo("a text message of at least 70001 bytes, more than the 70000"
                + " allowed");
        // A fragmented message: the limit counts all its fragments.
        ClientFrames two = new ClientFrames().frame(false, 0, ClientFrameParser.OP_BINARY, new byte[40_000], MASK)
                .frame(true, 0, ClientFrameParser.OP_CONTINUATION, new byte[30_001], MASK);
        assertRefused(two, 1009, "a binary message of at least 70001 bytes");
        // Exactly the limit is taken.
        ClientFrameParser parser = new ClientFrameParser(LIMIT);
        RecordingSink sink = new RecordingSink();
        byte[] text = "x".repeat((int) LIMIT).getBytes(StandardCharsets.US_ASCII);
        assertThat(catchFailure(() -> parser.parse(ByteBuffer.wrap(new ClientFrames()
                .frame(true, 0, ClientFrameParser.OP_TEXT, text, MASK).toByteArray()), sink))).isNull();
        assertThat(sink.events).containsExactly("text " + HexFormat.of().formatHex(text));
    }

    @Test
    void theLimitMustBePositive() {
        assertThatThrownBy(() -> new ClientFrameParser(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxMessageBytes must be at least 1, was 0");
    }

    @Test
    void aCloseFrameWithoutACodeIsReportedAs1005() throws Exception {
        RecordingSink sink = new RecordingSink();
        new ClientFrameParser(LIMIT).parse(ByteBuffer.wrap(new ClientFrames()
                .frame(true, 0, ClientFrameParser.OP_CLOSE, new byte[0], MASK).toByteArray()), sink);
        assertThat(sink.events).containsExactly("close 1005 ");
    }

    private static void assertRefused(ClientFrames frames, int code, String messagePart) {
        WebSocketFailure f = failure(frames.toByteArray());
        assertThat(f.closeCode()).as(f.getMessage()).isEqualTo(code);
        assertThat(f.getMessage()).contains(messagePart);
    }

    private interface Parse {
        void run() throws WebSocketFailure;
    }

    private static WebSocketFailure catchFailure(Parse parse) {
        try {
            parse.run();
            return null;
        } catch (WebSocketFailure f) {
            return f;
        }
    }
}
