package io.github.voxbridge.cli;

import static io.github.voxbridge.cli.SpeakHarness.STILL_CONNECTING;
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
import io.github.voxbridge.tts.azure.FakeAzureServer;
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
 * Issue 12's command-line acceptance for Azure: {@code ./voxbridge speak --engine azure -E base-url=…} against
 * {@link FakeAzureServer} ({@code POST /cognitiveservices/v1}, SSML, the four headers, a chunked
 * {@code raw-8khz-8bit-mono-mulaw} body in odd-sized chunks) writes the engine's bytes as they came (pass-through),
 * and each failure exits 1 with one line, never the key.
 */
class SpeakAzureTest {

    private static final String KEY = "az-cli-test-0123456789abcdefSECRET";
    /** 100 ms of 8 kHz mu-law, in bytes. */
    private static final int HUNDRED_MS = 800;

    @TempDir
    Path dir;

    private FakeAzureServer server;

    @BeforeEach
    void start() throws Exception {
        server = new FakeAzureServer(KEY);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Run speak(String key, String baseUrl, String... more) {
        return run(args(key, baseUrl, more));
    }

    private static String[] args(String key, String baseUrl, String... more) {
        List<String> args = new ArrayList<>(List.of("speak", "Hello from voxbridge.", "--engine", "azure",
                "-E", "api-key=" + key, "-E", "base-url=" + baseUrl));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void passesTheFakesMuLawThroughAsThePipelinesFrames() {
        byte[] audio = SpeakDeepgramTest.codes(11 * HUNDRED_MS + 99);
        server.respond((exchange, request) -> FakeAzureServer.writePaced(
                FakeAzureServer.startAudio(exchange, "audio/basic"), audio, 0, audio.length, 0));
        Run run = speak(KEY, server.baseUrl());
        assertSucceeded(run);
        assertEquals(expectedJsonl(audio, MULAW_8K, dir), run.lines());
        FakeAzureServer.Request request = server.requests.getFirst();
        assertEquals(KEY, request.key());
        assertEquals("raw-8khz-8bit-mono-mulaw", request.outputFormat());
        assertEquals("Hello from voxbridge.", request.text());
    }

    @Test
    void aWrongKeyIsAuth() {
        Run run = speak("az-wrong-key-SECRET", server.baseUrl());
        assertFailedWithOneLine(run, "voxbridge speak: azure failed (AUTH): HTTP 401", "az-wrong-key-SECRET");
        assertEquals(0, run.stdout().length);
    }

    @Test
    void tooManyRequestsIsRateLimitedWithTheDelay() {
        server.respond((exchange, request) -> {
            exchange.getResponseHeaders().set("Retry-After", "3");
            FakeAzureServer.status(exchange, 429, "Too many requests");
        });
        Run run = speak(KEY, server.baseUrl());
        assertFailedWithOneLine(run, "voxbridge speak: azure failed (RATE_LIMITED, retry after 3 s): HTTP 429: "
                + "'Too many requests'", KEY);
        assertEquals(0, run.stdout().length);
    }

    @Test
    void aServerErrorIsUnavailable() {
        server.respond((exchange, request) -> FakeAzureServer.status(exchange, 500, ""));
        Run run = speak(KEY, server.baseUrl());
        assertFailedWithOneLine(run, "voxbridge speak: azure failed (UNAVAILABLE): HTTP 500", KEY);
        assertEquals(0, run.stdout().length);
    }

    @Test
    void aBodyCutShortWritesTheAudioDeliveredThenFails() throws Exception {
        byte[] audio = SpeakDeepgramTest.codes(30 * HUNDRED_MS);
        int whole = 20 * HUNDRED_MS;
        CountDownLatch release = new CountDownLatch(1);
        try (CutShortServer cut = new CutShortServer("audio/basic", "", audio, whole, whole + 1001,
                release)) {
            Run run = runUntilCut(release, whole / SpeakHarness.FRAME_BYTES, args(KEY, cut.baseUrl()));
            assertNull(cut.failure());
            assertCutShort(run, "azure", cut.baseUrl() + "/cognitiveservices/v1", audio, whole, whole + 1001,
                    MULAW_8K, KEY, dir);
        }
    }

    @Test
    void aSuccessThatIsNotAudioIsAProtocolError() {
        server.respond((exchange, request) -> {
            byte[] body = "<h1>Captive portal</h1>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        });
        Run run = speak(KEY, server.baseUrl());
        assertFailedWithOneLine(run, "voxbridge speak: azure failed (PROTOCOL): expected audio from "
                + server.baseUrl() + "/cognitiveservices/v1, got Content-Type 'text/html': '<h1>Captive portal</h1>'",
                KEY);
        assertEquals(0, run.stdout().length);
    }

    @Test
    void aSlowFirstByteTimesOut() {
        CountDownLatch release = new CountDownLatch(1);
        server.respond((exchange, request) -> release.await(30, TimeUnit.SECONDS));
        try {
            Run run = speak(KEY, server.baseUrl(), "-E", "first-byte-timeout-ms=1000");
            assertFailedMatching(run, "voxbridge speak: azure failed \\(UNAVAILABLE\\): "
                    + Pattern.quote(server.baseUrl() + "/cognitiveservices/v1")
                    + ": no response within first-byte-timeout-ms = 1000 ms" + STILL_CONNECTING, KEY);
            assertEquals(0, run.stdout().length);
        } finally {
            release.countDown();
        }
    }
}
