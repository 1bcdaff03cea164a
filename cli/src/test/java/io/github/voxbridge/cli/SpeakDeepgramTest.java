package io.github.voxbridge.cli;

import static io.github.voxbridge.cli.SpeakHarness.MULAW_8K;
import static io.github.voxbridge.cli.SpeakHarness.assertFailedMatching;
import static io.github.voxbridge.cli.SpeakHarness.assertFailedWithOneLine;
import static io.github.voxbridge.cli.SpeakHarness.assertSucceeded;
import static io.github.voxbridge.cli.SpeakHarness.expectedJsonl;
import static io.github.voxbridge.cli.SpeakHarness.expectedMedia;
import static io.github.voxbridge.cli.SpeakHarness.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.voxbridge.cli.SpeakHarness.Run;
import io.github.voxbridge.tts.deepgram.FakeDeepgramSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's command-line acceptance for Deepgram over its WebSocket (the default transport):
 * {@code ./voxbridge speak --engine deepgram -E base-url=…} against {@link FakeDeepgramSocket} (handshake with
 * {@code Authorization: Token}, {@code Speak}/{@code Flush}, binary mu-law frames of odd sizes, {@code Flushed})
 * writes the engine's bytes as they came (pass-through), and each failure exits 1 with one line, never the key.
 * The REST transport: {@link SpeakDeepgramRestTest}.
 */
class SpeakDeepgramTest {

    private static final String KEY = "dg-cli-test-0123456789abcdefSECRET";
    /** 100 ms of 8 kHz mu-law, in bytes. */
    private static final int HUNDRED_MS = 800;

    @TempDir
    Path dir;

    private FakeDeepgramSocket socket;

    @BeforeEach
    void start() throws Exception {
        socket = new FakeDeepgramSocket(KEY);
    }

    @AfterEach
    void stop() throws Exception {
        socket.close();
    }

    private Run speak(String key, String... more) {
        List<String> args = new ArrayList<>(List.of("speak", "Hello from voxbridge.", "--engine", "deepgram",
                "-E", "api-key=" + key, "-E", "base-url=" + socket.baseUrl()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    private String endpoint() {
        return socket.baseUrl().replace("http:", "ws:") + "/v1/speak";
    }

    @Test
    void passesTheFakesMuLawThroughAsThePipelinesFrames() {
        byte[] audio = codes(9 * HUNDRED_MS + 41);
        socket.script(c -> {
            c.audio(audio, 0, audio.length);
            c.flushed();
        });
        Run run = speak(KEY);
        assertSucceeded(run);
        assertEquals(expectedJsonl(audio, MULAW_8K, dir), run.lines());
        // Pass-through: the payloads are the fake's bytes exactly, the last frame padded with mu-law silence.
        Run ulaw = speak(KEY, "--format", "ulaw");
        assertSucceeded(ulaw);
        byte[] padded = Arrays.copyOf(audio, 46 * SpeakHarness.FRAME_BYTES); // 7,241 bytes: 45 frames and 41 bytes
        Arrays.fill(padded, audio.length, padded.length, (byte) 0xFF);
        assertArrayEquals(padded, ulaw.stdout());
        assertEquals("Token " + KEY, socket.handshakes.getFirst().authorization());
    }

    /** Every mu-law code, 0x7F (negative zero) first, scrambled: what a decode and re-encode would change. */
    static byte[] codes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (0x7F + 37 * i);
        }
        return b;
    }

    @Test
    void aRefusedKeyIsAuth() {
        Run run = speak("dg-wrong-key-SECRET");
        assertFailedWithOneLine(run, "voxbridge speak: deepgram failed (AUTH): HTTP 401: 'Invalid credentials.'",
                "dg-wrong-key-SECRET");
        assertEquals(0, run.stdout().length);
    }

    @Test
    void tooManyRequestsIsRateLimitedWithTheDelay() {
        socket.refuse(new FakeDeepgramSocket.Refusal(429, Map.of("Retry-After", "3", "dg-error",
                "Too Many Requests"), "{\"err_code\":\"Too Many Requests\"}"));
        Run run = speak(KEY);
        assertFailedWithOneLine(run, "voxbridge speak: deepgram failed (RATE_LIMITED, retry after 3 s): HTTP 429: "
                + "'Too Many Requests'", KEY);
        assertEquals(0, run.stdout().length);
    }

    @Test
    void aServerErrorIsUnavailable() {
        socket.refuse(new FakeDeepgramSocket.Refusal(500, Map.of(), "{\"err_code\":\"INTERNAL_SERVER_ERROR\","
                + "\"err_msg\":\"Something went wrong " + KEY + "\"}"));
        Run run = speak(KEY);
        assertFailedMatching(run, "voxbridge speak: deepgram failed \\(UNAVAILABLE\\): HTTP 500.*", KEY);
        assertEquals(0, run.stdout().length);
    }

    /** A close before {@code Flushed}: the frames of the audio delivered, then the one line. */
    @Test
    void aCloseBeforeFlushedWritesTheAudioDeliveredThenFails() {
        byte[] audio = codes(2 * HUNDRED_MS + 3);
        socket.script(c -> {
            c.audio(audio, 0, audio.length);
            c.close(1011, "NET-0001");
        });
        Run run = speak(KEY);
        assertFailedWithOneLine(run, "voxbridge speak: deepgram failed (UNAVAILABLE): " + endpoint()
                + " closed the connection (1011 'NET-0001') before the end of the audio, after " + audio.length
                + " bytes", KEY);
        // 10 whole frames of the 1603 bytes; the 3 left over never make a frame, as the utterance did not end.
        assertEquals(expectedMedia(audio, MULAW_8K, dir).subList(0, 10), run.lines());
    }

    @Test
    void aMalformedTextFrameIsAProtocolError() {
        socket.script(c -> {
            c.audio(new byte[] {1, 2, 3}, 0, 3);
            c.text("{\"type\":\"Flushed\",");
        });
        Run run = speak(KEY);
        assertFailedWithOneLine(run, "voxbridge speak: deepgram failed (PROTOCOL): expected a JSON message with a "
                + "type, got '{\"type\":\"Flushed\",'", KEY);
        assertEquals(0, run.stdout().length);
    }

    @Test
    void aSilentServerTimesOut() {
        CountDownLatch release = new CountDownLatch(1);
        socket.script(c -> release.await(30, TimeUnit.SECONDS)); // never answers the Flush
        try {
            Run run = speak(KEY, "-E", "first-byte-timeout-ms=300");
            assertFailedWithOneLine(run, "voxbridge speak: deepgram failed (UNAVAILABLE): " + endpoint()
                    + ": no message within first-byte-timeout-ms = 300 ms, after 0 bytes", KEY);
            assertEquals(0, run.stdout().length);
        } finally {
            release.countDown();
        }
    }
}
