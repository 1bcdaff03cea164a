package io.github.voxbridge.cli;

import static io.github.voxbridge.cli.SpeakHarness.MULAW_8K;
import static io.github.voxbridge.cli.SpeakHarness.assertCutShort;
import static io.github.voxbridge.cli.SpeakHarness.assertFailedMatching;
import static io.github.voxbridge.cli.SpeakHarness.assertFailedWithOneLine;
import static io.github.voxbridge.cli.SpeakHarness.assertSucceeded;
import static io.github.voxbridge.cli.SpeakHarness.expectedJsonl;
import static io.github.voxbridge.cli.SpeakHarness.run;
import static io.github.voxbridge.cli.SpeakHarness.runUntilCut;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.voxbridge.cli.SpeakHarness.Run;
import io.github.voxbridge.tts.deepgram.FakeDeepgramRest;
import io.github.voxbridge.tts.transport.http.CutShortServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's command-line acceptance for Deepgram's REST transport ({@code -E transport=rest}):
 * {@code ./voxbridge speak --engine deepgram} against {@link FakeDeepgramRest} ({@code POST /v1/speak},
 * {@code container=none}, a chunked mu-law body of odd-sized chunks) writes the engine's bytes as they came, and each
 * failure exits 1 with one line, never the key.
 */
class SpeakDeepgramRestTest {

    private static final String KEY = "dg-cli-test-0123456789abcdefSECRET";
    /** 100 ms of 8 kHz mu-law, in bytes. */
    private static final int HUNDRED_MS = 800;

    @TempDir
    Path dir;

    private FakeDeepgramRest rest;

    @BeforeEach
    void start() throws Exception {
        rest = new FakeDeepgramRest(KEY);
    }

    @AfterEach
    void stop() {
        rest.close();
    }

    private static Run speak(String key, String baseUrl, String... more) {
        return run(args(key, baseUrl, more));
    }

    private static String[] args(String key, String baseUrl, String... more) {
        List<String> args = new ArrayList<>(List.of("speak", "Hello from voxbridge.", "--engine", "deepgram",
                "-E", "transport=rest", "-E", "api-key=" + key, "-E", "base-url=" + baseUrl));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void passesTheFakesMuLawThroughAsThePipelinesFrames() {
        byte[] audio = SpeakDeepgramTest.codes(7 * HUNDRED_MS + 13);
        rest.respond((exchange, request) -> FakeDeepgramRest.audio(exchange, "audio/basic", audio));
        Run run = speak(KEY, rest.baseUrl());
        assertSucceeded(run);
        assertEquals(expectedJsonl(audio, MULAW_8K, dir), run.lines());
        FakeDeepgramRest.Request request = rest.requests.getFirst();
        assertEquals("Token " + KEY, request.authorization());
        assertEquals("model=aura-2-thalia-en&encoding=mulaw&sample_rate=8000&container=none", request.query());
        assertEquals("{\"text\":\"Hello from voxbridge.\"}", request.json().toString());
    }

    @Test
    void aWrongKeyIsAuth() {
        Run run = speak("dg-wrong-key-SECRET", rest.baseUrl());
        assertFailedWithOneLine(run, "voxbridge speak: deepgram failed (AUTH): HTTP 401: "
                + "'Invalid credentials. [INVALID_AUTH]'", "dg-wrong-key-SECRET");
        assertEquals(0, run.stdout().length);
    }

    @Test
    void tooManyRequestsIsRateLimitedWithTheDelay() {
        rest.respond((exchange, request) -> {
            exchange.getResponseHeaders().set("Retry-After", "4");
            FakeDeepgramRest.error(exchange, 429, "TOO_MANY_REQUESTS", "Too many concurrent requests");
        });
        Run run = speak(KEY, rest.baseUrl());
        assertFailedWithOneLine(run, "voxbridge speak: deepgram failed (RATE_LIMITED, retry after 4 s): HTTP 429: "
                + "'Too many concurrent requests [TOO_MANY_REQUESTS]'", KEY);
        assertEquals(0, run.stdout().length);
    }

    @Test
    void aServerErrorIsUnavailable() {
        rest.respond((exchange, request) -> FakeDeepgramRest.error(exchange, 500, "INTERNAL_SERVER_ERROR",
                "Something went wrong"));
        Run run = speak(KEY, rest.baseUrl());
        assertFailedWithOneLine(run, "voxbridge speak: deepgram failed (UNAVAILABLE): HTTP 500: "
                + "'Something went wrong [INTERNAL_SERVER_ERROR]'", KEY);
        assertEquals(0, run.stdout().length);
    }

    @Test
    void aBodyCutShortWritesTheAudioDeliveredThenFails() throws Exception {
        byte[] audio = SpeakDeepgramTest.codes(10 * HUNDRED_MS);
        int whole = 7 * HUNDRED_MS; // over CutShortServer's two whole chunks (4,801 and 1 bytes)
        CountDownLatch release = new CountDownLatch(1);
        try (CutShortServer cut = new CutShortServer("audio/basic", "", audio, whole, whole + 1001,
                release)) {
            Run run = runUntilCut(release, whole / SpeakHarness.FRAME_BYTES, args(KEY, cut.baseUrl()));
            assertNull(cut.failure());
            assertCutShort(run, "deepgram", cut.baseUrl() + "/v1/speak", audio, whole, whole + 1001, MULAW_8K, KEY,
                    dir);
        }
    }

    @Test
    void aSuccessThatIsNotAudioIsAProtocolError() {
        rest.respond((exchange, request) -> {
            byte[] body = "{\"err_code\":\"huh\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        });
        Run run = speak(KEY, rest.baseUrl());
        assertFailedMatching(run, "voxbridge speak: deepgram failed \\(PROTOCOL\\): expected audio from "
                + Pattern.quote(rest.baseUrl() + "/v1/speak") + ".*, got Content-Type 'application/json'.*", KEY);
        assertEquals(0, run.stdout().length);
    }

    @Test
    void aSlowFirstByteTimesOut() {
        CountDownLatch release = new CountDownLatch(1);
        rest.respond((exchange, request) -> release.await(30, TimeUnit.SECONDS));
        try {
            Run run = speak(KEY, rest.baseUrl(), "-E", "first-byte-timeout-ms=1000");
            assertFailedMatching(run, "voxbridge speak: deepgram failed \\(UNAVAILABLE\\): "
                    + Pattern.quote(rest.baseUrl() + "/v1/speak") + ".*: no response within first-byte-timeout-ms"
                    + " = 1000 ms", KEY);
            assertEquals(0, run.stdout().length);
        } finally {
            release.countDown();
        }
    }
}
