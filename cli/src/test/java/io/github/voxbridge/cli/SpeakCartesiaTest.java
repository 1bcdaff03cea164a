package io.github.voxbridge.cli;

import static io.github.voxbridge.cli.SpeakDeepgramTest.codes;
import static io.github.voxbridge.cli.SpeakHarness.MULAW_8K;
import static io.github.voxbridge.cli.SpeakHarness.assertEveryByteValue;
import static io.github.voxbridge.cli.SpeakHarness.assertFailedWithOneLine;
import static io.github.voxbridge.cli.SpeakHarness.assertSucceeded;
import static io.github.voxbridge.cli.SpeakHarness.expectedJsonl;
import static io.github.voxbridge.cli.SpeakHarness.expectedMedia;
import static io.github.voxbridge.cli.SpeakHarness.padded;
import static io.github.voxbridge.cli.SpeakHarness.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.voxbridge.cli.SpeakHarness.Run;
import io.github.voxbridge.tts.cartesia.FakeCartesiaSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's command-line acceptance for Cartesia: {@code ./voxbridge speak --engine cartesia -E base-url=…} against
 * {@link FakeCartesiaSocket} ({@code /tts/websocket} with {@code X-API-Key} and {@code Cartesia-Version}, one context
 * per synthesis, base64 {@code pcm_mulaw} 8 kHz in {@code chunk} messages of odd sizes, {@code done}) writes the
 * engine's bytes as they came (pass-through), and each failure exits 1 with one line, never the key.
 */
class SpeakCartesiaTest {

    private static final String KEY = "sk_car-cli-test-0123456789abcdefSECRET";
    /** 100 ms of 8 kHz mu-law, in bytes. */
    private static final int HUNDRED_MS = 800;

    @TempDir
    Path dir;

    private FakeCartesiaSocket socket;

    @BeforeEach
    void start() throws Exception {
        socket = new FakeCartesiaSocket(KEY);
    }

    @AfterEach
    void stop() throws Exception {
        socket.close();
    }

    private Run speak(String key, String... more) {
        List<String> args = new ArrayList<>(List.of("speak", "Hello from voxbridge.", "--engine", "cartesia",
                "-E", "api-key=" + key, "-E", "base-url=" + socket.baseUrl()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    private String endpoint() {
        return socket.baseUrl().replace("http:", "ws:") + "/tts/websocket";
    }

    @Test
    void passesTheFakesMuLawThroughAsThePipelinesFrames() throws Exception {
        byte[] audio = codes(9 * HUNDRED_MS + 41);
        assertEveryByteValue(audio);
        socket.script((c, context) -> {
            c.chunks(context, audio, 0, audio.length);
            c.done(context);
        });
        Run run = speak(KEY);
        assertSucceeded(run);
        assertEquals(expectedJsonl(audio, MULAW_8K, dir), run.lines());
        FakeCartesiaSocket.Handshake h = socket.handshakes.getFirst();
        assertEquals(KEY, h.apiKeyHeader());
        assertFalse(h.versionHeader().isBlank());
        assertNull(h.query(), "the key in the header, not the query");
        List<JsonNode> requests = socket.nextConnection().requests();
        String transcript = requests.stream().map(r -> r.path("transcript").asText()).reduce("", String::concat);
        assertEquals("Hello from voxbridge.", transcript.strip());
        JsonNode format = requests.getFirst().path("output_format");
        assertEquals("raw", format.path("container").asText());
        assertEquals("pcm_mulaw", format.path("encoding").asText());
        assertEquals(8000, format.path("sample_rate").asInt());
        // Pass-through: the payloads are the fake's bytes exactly, the last frame padded with mu-law silence.
        Run ulaw = speak(KEY, "--format", "ulaw");
        assertSucceeded(ulaw);
        assertArrayEquals(padded(audio), ulaw.stdout());
    }

    @Test
    void aRefusedKeyIsAuth() {
        Run run = speak("sk_car-wrong-key-SECRET");
        assertFailedWithOneLine(run, "voxbridge speak: cartesia failed (AUTH): HTTP 401: 'Invalid API key'",
                "sk_car-wrong-key-SECRET");
        assertEquals(0, run.stdout().length);
    }

    @Test
    void tooManyConnectionsIsRateLimitedWithTheDelay() {
        socket.refuse(new FakeCartesiaSocket.Refusal(429, Map.of("Retry-After", "3"),
                "{\"error\":\"Too many concurrent connections\"}"));
        Run run = speak(KEY);
        assertFailedWithOneLine(run, "voxbridge speak: cartesia failed (RATE_LIMITED, retry after 3 s): HTTP 429: "
                + "'Too many concurrent connections'", KEY);
        assertEquals(0, run.stdout().length);
    }

    @Test
    void aServerErrorIsUnavailable() {
        socket.refuse(new FakeCartesiaSocket.Refusal(500, Map.of(), "{\"error\":\"Internal error for " + KEY
                + "\"}"));
        Run run = speak(KEY);
        assertFailedWithOneLine(run, "voxbridge speak: cartesia failed (UNAVAILABLE): HTTP 500: "
                + "'Internal error for [redacted]'", KEY);
        assertEquals(0, run.stdout().length);
    }

    /** A close before {@code done}: the frames of the audio delivered, then the one line. */
    @Test
    void aCloseBeforeDoneWritesTheAudioDeliveredThenFails() {
        byte[] audio = codes(2 * HUNDRED_MS + 3);
        socket.script((c, context) -> {
            c.chunks(context, audio, 0, audio.length);
            c.close(1011, "server error");
        });
        Run run = speak(KEY);
        assertFailedWithOneLine(run, "voxbridge speak: cartesia failed (UNAVAILABLE): " + endpoint()
                + " closed the connection (1011 'server error') before the end of the audio, after " + audio.length
                + " bytes", KEY);
        // 10 whole frames of the 1603 bytes; the 3 left over never make a frame, as the utterance did not end.
        assertEquals(expectedMedia(audio, MULAW_8K, dir).subList(0, 10), run.lines());
    }

    @Test
    void badBase64IsAProtocolError() {
        socket.script((c, context) -> {
            c.chunks(context, new byte[] {1, 2, 3}, 0, 3);
            c.text("{\"type\":\"chunk\",\"data\":\"%%%not base64\",\"done\":false,\"context_id\":\"" + context
                    + "\"}");
        });
        Run run = speak(KEY);
        assertFailedWithOneLine(run, "voxbridge speak: cartesia failed (PROTOCOL): chunk data is not base64 "
                + "(bad base64 character '%' (U+0025) at 0 of 13 (standard alphabet A-Z a-z 0-9 + /, padding =)): "
                + "'%%%not base64'", KEY);
        assertEquals(0, run.stdout().length); // 3 bytes, less than a frame
    }

    @Test
    void aSilentServerTimesOut() {
        CountDownLatch release = new CountDownLatch(1);
        socket.script((c, context) -> release.await(30, TimeUnit.SECONDS)); // never answers
        try {
            Run run = speak(KEY, "-E", "first-byte-timeout-ms=300");
            assertFailedWithOneLine(run, "voxbridge speak: cartesia failed (UNAVAILABLE): " + endpoint()
                    + ": no message within first-byte-timeout-ms = 300 ms, after 0 bytes", KEY);
            assertEquals(0, run.stdout().length);
        } finally {
            release.countDown();
        }
    }
}
