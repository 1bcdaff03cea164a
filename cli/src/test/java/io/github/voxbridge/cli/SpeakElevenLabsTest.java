package io.github.voxbridge.cli;

import static io.github.voxbridge.cli.SpeakHarness.MULAW_8K;
import static io.github.voxbridge.cli.SpeakHarness.assertEveryByteValue;
import static io.github.voxbridge.cli.SpeakHarness.assertFailedWithOneLine;
import static io.github.voxbridge.cli.SpeakHarness.assertSucceeded;
import static io.github.voxbridge.cli.SpeakHarness.expectedJsonl;
import static io.github.voxbridge.cli.SpeakHarness.expectedMedia;
import static io.github.voxbridge.cli.SpeakHarness.padded;
import static io.github.voxbridge.cli.SpeakHarness.run;
import static io.github.voxbridge.cli.SpeakDeepgramTest.codes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.voxbridge.cli.SpeakHarness.Run;
import io.github.voxbridge.tts.elevenlabs.FakeElevenLabsHttp;
import io.github.voxbridge.tts.elevenlabs.FakeElevenLabsSocket;
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
 * Issue 12's command-line acceptance for ElevenLabs over its stream-input WebSocket (the default transport):
 * {@code ./voxbridge speak --engine elevenlabs -E base-url=…} against {@link FakeElevenLabsSocket} (handshake with
 * {@code xi-api-key}, init / text with flush / end of input, base64 {@code ulaw_8000} audio in JSON messages of odd
 * sizes, {@code isFinal}) writes the engine's bytes as they came (pass-through), and each failure exits 1 with one
 * line, never the key. The HTTP transport: {@link SpeakElevenLabsHttpTest}.
 */
class SpeakElevenLabsTest {

    private static final String KEY = "sk_el-cli-test-0123456789abcdefSECRET";
    /** A voice id of our own, so the endpoint's path is known here. */
    static final String VOICE = "cliTestVoice0123456789";
    /** 100 ms of 8 kHz mu-law, in bytes. */
    private static final int HUNDRED_MS = 800;

    @TempDir
    Path dir;

    private FakeElevenLabsSocket socket;

    @BeforeEach
    void start() throws Exception {
        socket = new FakeElevenLabsSocket(KEY);
    }

    @AfterEach
    void stop() throws Exception {
        socket.close();
    }

    private Run speak(String key, String... more) {
        List<String> args = new ArrayList<>(List.of("speak", "Hello from voxbridge.", "--engine", "elevenlabs",
                "-E", "api-key=" + key, "-E", "base-url=" + socket.baseUrl(), "-E", "voice=" + VOICE));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    private String endpoint() {
        return socket.baseUrl().replace("http:", "ws:") + "/v1/text-to-speech/" + VOICE + "/stream-input";
    }

    @Test
    void passesTheFakesMuLawThroughAsThePipelinesFrames() throws Exception {
        byte[] audio = codes(9 * HUNDRED_MS + 41);
        assertEveryByteValue(audio);
        socket.script(c -> {
            c.audio(audio, 0, audio.length);
            c.end();
        });
        Run run = speak(KEY);
        assertSucceeded(run);
        assertEquals(expectedJsonl(audio, MULAW_8K, dir), run.lines());
        FakeElevenLabsSocket.Handshake h = socket.handshakes.getFirst();
        assertEquals(KEY, h.apiKey());
        assertEquals("/v1/text-to-speech/" + VOICE + "/stream-input", h.path());
        assertEquals("model_id=eleven_flash_v2_5&output_format=ulaw_8000", h.query());
        // The text, ending with a space as stream-input wants it (tts-engines.md section 2b).
        assertEquals(List.of("Hello from voxbridge. "), socket.nextConnection().texts());
        // Pass-through: the payloads are the fake's bytes exactly, the last frame padded with mu-law silence.
        Run ulaw = speak(KEY, "--format", "ulaw");
        assertSucceeded(ulaw);
        assertArrayEquals(padded(audio), ulaw.stdout());
    }

    @Test
    void aRefusedKeyIsAuthAndAnExceededQuotaIsRateLimited() {
        Run run = speak("sk_el-wrong-key-SECRET");
        assertFailedWithOneLine(run, "voxbridge speak: elevenlabs failed (AUTH): HTTP 401: "
                + "'Invalid API key [invalid_api_key]'", "sk_el-wrong-key-SECRET");
        assertEquals(0, run.stdout().length);
        // ElevenLabs sends an exhausted quota as 401 too; a caller must not take it for a bad key.
        String quota = "This request exceeds your quota of 10000. You have 12 credits remaining.";
        socket.refuse(FakeElevenLabsSocket.detail(401, "quota_exceeded", quota));
        Run exceeded = speak(KEY);
        assertFailedWithOneLine(exceeded, "voxbridge speak: elevenlabs failed (RATE_LIMITED): HTTP 401: '" + quota
                + " [quota_exceeded]'", KEY);
        assertEquals(0, exceeded.stdout().length);
    }

    @Test
    void tooManyRequestsIsRateLimitedWithTheDelay() {
        socket.refuse(new FakeElevenLabsSocket.Refusal(429, Map.of("Retry-After", "3"), FakeElevenLabsHttp
                .detailBody("too_many_concurrent_requests", "Too many concurrent requests.")));
        Run run = speak(KEY);
        assertFailedWithOneLine(run, "voxbridge speak: elevenlabs failed (RATE_LIMITED, retry after 3 s): HTTP 429: "
                + "'Too many concurrent requests. [too_many_concurrent_requests]'", KEY);
        assertEquals(0, run.stdout().length);
    }

    @Test
    void aServerErrorIsUnavailable() {
        socket.refuse(FakeElevenLabsSocket.detail(500, "internal_error", "Something broke for " + KEY));
        Run run = speak(KEY);
        assertFailedWithOneLine(run, "voxbridge speak: elevenlabs failed (UNAVAILABLE): HTTP 500: "
                + "'Something broke for [redacted] [internal_error]'", KEY);
        assertEquals(0, run.stdout().length);
    }

    /** A close before {@code isFinal}: the frames of the audio delivered, then the one line. */
    @Test
    void aCloseBeforeIsFinalWritesTheAudioDeliveredThenFails() {
        byte[] audio = codes(2 * HUNDRED_MS + 3);
        String idle = "Have not received a new text input within the timeout of 20 seconds.";
        socket.script(c -> {
            c.audio(audio, 0, audio.length);
            c.close(1008, idle);
        });
        Run run = speak(KEY);
        assertFailedWithOneLine(run, "voxbridge speak: elevenlabs failed (UNAVAILABLE): " + endpoint()
                + " closed the connection (1008 '" + idle + "') before the end of the audio, after " + audio.length
                + " bytes", KEY);
        // 10 whole frames of the 1603 bytes; the 3 left over never make a frame, as the utterance did not end.
        assertEquals(expectedMedia(audio, MULAW_8K, dir).subList(0, 10), run.lines());
    }

    @Test
    void badBase64IsAProtocolError() {
        socket.script(c -> {
            c.text("{\"audio\":\"AQID\"}");
            c.text("{\"audio\":\"AQ*D\"}");
        });
        Run run = speak(KEY);
        assertFailedWithOneLine(run, "voxbridge speak: elevenlabs failed (PROTOCOL): audio is not valid base64 "
                + "(bad base64 character '*' (U+002A) at 2 of 4 (standard alphabet A-Z a-z 0-9 + /, padding =)) in "
                + "'{\"audio\":\"AQ*D\"}'", KEY);
        assertEquals(0, run.stdout().length); // 3 bytes, less than a frame
    }

    @Test
    void aSilentServerTimesOut() {
        CountDownLatch release = new CountDownLatch(1);
        socket.script(c -> release.await(30, TimeUnit.SECONDS)); // never answers end of input
        try {
            Run run = speak(KEY, "-E", "first-byte-timeout-ms=300");
            assertFailedWithOneLine(run, "voxbridge speak: elevenlabs failed (UNAVAILABLE): " + endpoint()
                    + ": no message within first-byte-timeout-ms = 300 ms, after 0 bytes", KEY);
            assertEquals(0, run.stdout().length);
        } finally {
            release.countDown();
        }
    }
}
