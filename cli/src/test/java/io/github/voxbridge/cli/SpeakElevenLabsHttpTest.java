package io.github.voxbridge.cli;

import static io.github.voxbridge.cli.SpeakDeepgramTest.codes;
import static io.github.voxbridge.cli.SpeakHarness.MULAW_8K;
import static io.github.voxbridge.cli.SpeakHarness.assertCutShort;
import static io.github.voxbridge.cli.SpeakHarness.assertEveryByteValue;
import static io.github.voxbridge.cli.SpeakHarness.assertFailedWithOneLine;
import static io.github.voxbridge.cli.SpeakHarness.assertSucceeded;
import static io.github.voxbridge.cli.SpeakHarness.expectedJsonl;
import static io.github.voxbridge.cli.SpeakHarness.framesOut;
import static io.github.voxbridge.cli.SpeakHarness.padded;
import static io.github.voxbridge.cli.SpeakHarness.run;
import static io.github.voxbridge.cli.SpeakHarness.runUntilCut;
import static io.github.voxbridge.cli.SpeakElevenLabsTest.VOICE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.voxbridge.cli.SpeakHarness.Run;
import io.github.voxbridge.tts.elevenlabs.FakeElevenLabsHttp;
import io.github.voxbridge.tts.transport.http.CutShortServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's command-line acceptance for ElevenLabs over HTTP ({@code -E transport=http}):
 * {@code ./voxbridge speak --engine elevenlabs} against {@link FakeElevenLabsHttp}
 * ({@code POST /v1/text-to-speech/{voice}/stream?output_format=ulaw_8000}, a chunked mu-law body in odd-sized
 * chunks) writes the engine's bytes as they came (pass-through), and each failure exits 1 with one line, never the
 * key. The WebSocket transport: {@link SpeakElevenLabsTest}.
 */
class SpeakElevenLabsHttpTest {

    private static final String KEY = "sk_el-http-cli-test-0123456789SECRET";
    /** 100 ms of 8 kHz mu-law, in bytes. */
    private static final int HUNDRED_MS = 800;

    @TempDir
    Path dir;

    private FakeElevenLabsHttp server;

    @BeforeEach
    void start() throws Exception {
        server = new FakeElevenLabsHttp(KEY);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Run speak(String key, String baseUrl, String... more) {
        return run(args(key, baseUrl, more));
    }

    private static String[] args(String key, String baseUrl, String... more) {
        List<String> args = new ArrayList<>(List.of("speak", "Hello from voxbridge.", "--engine", "elevenlabs",
                "-E", "transport=http", "-E", "api-key=" + key, "-E", "base-url=" + baseUrl, "-E", "voice=" + VOICE));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static String endpoint(String baseUrl) {
        return baseUrl + "/v1/text-to-speech/" + VOICE + "/stream";
    }

    @Test
    void passesTheFakesMuLawThroughAsThePipelinesFrames() {
        byte[] audio = codes(9 * HUNDRED_MS + 41);
        assertEveryByteValue(audio);
        server.respond((exchange, request) -> FakeElevenLabsHttp.audio(exchange, audio));
        Run run = speak(KEY, server.baseUrl());
        assertSucceeded(run);
        assertEquals(expectedJsonl(audio, MULAW_8K, dir), run.lines());
        FakeElevenLabsHttp.Request request = server.requests.getFirst();
        assertEquals(KEY, request.apiKey());
        assertEquals("POST", request.method());
        assertEquals("/v1/text-to-speech/" + VOICE + "/stream", request.path());
        assertEquals("output_format=ulaw_8000", request.query());
        assertEquals("Hello from voxbridge.", request.json().path("text").asText());
        assertEquals("eleven_flash_v2_5", request.json().path("model_id").asText());
        // Pass-through: the payloads are the fake's bytes exactly, the last frame padded with mu-law silence.
        Run ulaw = speak(KEY, server.baseUrl(), "--format", "ulaw");
        assertSucceeded(ulaw);
        assertArrayEquals(padded(audio), ulaw.stdout());
    }

    @Test
    void aRefusedKeyIsAuthAndAnExceededQuotaIsRateLimited() {
        Run run = speak("sk_el-wrong-key-SECRET", server.baseUrl());
        assertFailedWithOneLine(run, "voxbridge speak: elevenlabs failed (AUTH): HTTP 401: "
                + "'Invalid API key [invalid_api_key]'", "sk_el-wrong-key-SECRET");
        assertEquals(0, run.stdout().length);
        // ElevenLabs sends an exhausted quota as 401 too; a caller must not take it for a bad key.
        String quota = "This request exceeds your quota of 10000. You have 12 credits remaining.";
        server.respond((exchange, request) -> FakeElevenLabsHttp.error(exchange, 401, "quota_exceeded", quota));
        Run exceeded = speak(KEY, server.baseUrl());
        assertFailedWithOneLine(exceeded, "voxbridge speak: elevenlabs failed (RATE_LIMITED): HTTP 401: '" + quota
                + " [quota_exceeded]'", KEY);
        assertEquals(0, exceeded.stdout().length);
    }

    @Test
    void tooManyRequestsIsRateLimitedWithTheDelay() {
        server.respond((exchange, request) -> {
            exchange.getResponseHeaders().set("Retry-After", "7");
            FakeElevenLabsHttp.error(exchange, 429, "too_many_concurrent_requests", "Too many concurrent requests.");
        });
        Run run = speak(KEY, server.baseUrl());
        assertFailedWithOneLine(run, "voxbridge speak: elevenlabs failed (RATE_LIMITED, retry after 7 s): HTTP 429: "
                + "'Too many concurrent requests. [too_many_concurrent_requests]'", KEY);
        assertEquals(0, run.stdout().length);
    }

    @Test
    void aServerErrorIsUnavailable() {
        server.respond((exchange, request) -> FakeElevenLabsHttp.error(exchange, 500, "internal_error",
                "Something broke for " + KEY));
        Run run = speak(KEY, server.baseUrl());
        assertFailedWithOneLine(run, "voxbridge speak: elevenlabs failed (UNAVAILABLE): HTTP 500: "
                + "'Something broke for [redacted] [internal_error]'", KEY);
        assertEquals(0, run.stdout().length);
    }

    /** The body stops in the middle of a chunk: the frames of the audio that arrived, then the one line. */
    @Test
    void aBodyCutShortWritesTheAudioDeliveredThenFails() throws Exception {
        byte[] audio = codes(10 * HUNDRED_MS);
        int whole = 7 * HUNDRED_MS; // more than CutShortServer's first whole chunks of 4801 and 1 bytes
        CountDownLatch release = new CountDownLatch(1);
        try (CutShortServer cut = new CutShortServer("audio/basic", "", audio, whole, whole + 1001, release)) {
            Run run = runUntilCut(release, framesOut(MULAW_8K, whole), args(KEY, cut.baseUrl()));
            assertNull(cut.failure());
            assertCutShort(run, "elevenlabs", endpoint(cut.baseUrl()), audio, whole, whole + 1001, MULAW_8K, KEY,
                    dir);
        }
    }

    @Test
    void aSuccessThatIsNotAudioIsAProtocolError() {
        server.respond((exchange, request) -> {
            byte[] page = "<h1>Captive portal</h1>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
        });
        Run run = speak(KEY, server.baseUrl());
        assertFailedWithOneLine(run, "voxbridge speak: elevenlabs failed (PROTOCOL): expected audio from "
                + endpoint(server.baseUrl()) + ", got Content-Type 'text/html': '<h1>Captive portal</h1>'", KEY);
        assertEquals(0, run.stdout().length);
    }

    /**
     * 1,000 ms, not less: the JDK's request timeout also covers connecting, and on a loaded machine a shorter one can
     * end in the connect, which the engine then reports as a connect timeout.
     */
    @Test
    void aSlowFirstByteTimesOut() {
        CountDownLatch release = new CountDownLatch(1);
        server.respond((exchange, request) -> release.await(30, TimeUnit.SECONDS));
        try {
            Run run = speak(KEY, server.baseUrl(), "-E", "first-byte-timeout-ms=1000");
            assertFailedWithOneLine(run, "voxbridge speak: elevenlabs failed (UNAVAILABLE): "
                    + endpoint(server.baseUrl()) + ": no response within first-byte-timeout-ms = 1000 ms", KEY);
            assertEquals(0, run.stdout().length);
        } finally {
            release.countDown();
        }
    }
}
