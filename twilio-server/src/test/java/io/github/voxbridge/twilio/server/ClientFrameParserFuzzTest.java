package io.github.voxbridge.twilio.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Any bytes from a client: the parser hands on the same messages, and stops at the same failure, whether the bytes
 * come whole or in the pieces the fuzzer chooses; it throws nothing but {@link WebSocketFailure} and hands on no text
 * message longer than its limit. {@code mvn verify} replays the committed inputs under
 * {@code ClientFrameParserFuzzTestInputs}; {@code scripts/fuzz.sh ClientFrameParserFuzzTest} fuzzes.
 */
class ClientFrameParserFuzzTest {

    private static final int LIMIT = 300;

    @FuzzTest
    void anyBytesInAnyPiecesGiveTheSameMessagesOrTheSameFailure(FuzzedDataProvider data) {
        int[] cuts = new int[data.consumeInt(0, 8)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = data.consumeInt(0, 64);
        }
        byte[] bytes = data.consumeRemainingAsBytes();

        Outcome whole = parse(bytes, new int[0]);
        Outcome pieces = parse(bytes, cuts);
        assertThat(pieces).isEqualTo(whole);
        for (String event : whole.events()) {
            if (event.startsWith("text ")) {
                assertThat(event.length() - "text ".length()).isLessThanOrEqualTo(2 * LIMIT);
            }
        }
    }

    private record Outcome(List<String> events, String failure) {
    }

    /** Parses {@code bytes} in pieces of the given sizes (the rest in one piece at the end). */
    private static Outcome parse(byte[] bytes, int[] cuts) {
        ClientFrameParser parser = new ClientFrameParser(LIMIT);
        RecordingSink sink = new RecordingSink();
        int at = 0;
        try {
            for (int cut : cuts) {
                int n = Math.min(cut, bytes.length - at);
                parser.parse(ByteBuffer.wrap(bytes, at, n), sink);
                at += n;
            }
            parser.parse(ByteBuffer.wrap(bytes, at, bytes.length - at), sink);
        } catch (WebSocketFailure f) {
            return new Outcome(sink.events, f.closeCode() + " " + f.getMessage());
        }
        return new Outcome(sink.events, null);
    }
}
