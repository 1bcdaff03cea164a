package io.github.voxbridge.cli;

import static io.github.voxbridge.cli.SpeakHarness.STILL_CONNECTING;
import static io.github.voxbridge.cli.SpeakHarness.MULAW_8K;
import static io.github.voxbridge.cli.SpeakHarness.assertFailedMatching;
import static io.github.voxbridge.cli.SpeakHarness.assertFailedWithOneLine;
import static io.github.voxbridge.cli.SpeakHarness.assertSucceeded;
import static io.github.voxbridge.cli.SpeakHarness.expectedJsonl;
import static io.github.voxbridge.cli.SpeakHarness.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.voxbridge.cli.SpeakHarness.Run;
import io.github.voxbridge.tts.google.FakeGoogleServer;
import io.github.voxbridge.tts.transport.http.CutShortServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's command-line acceptance for Google: {@code ./voxbridge speak --engine google -E base-url=…} against
 * {@link FakeGoogleServer} ({@code POST /v1/text:synthesize?key=…}, one JSON body whose {@code audioContent} is a
 * base64 mu-law WAV with a non-44-byte header) writes the WAV's data bytes exactly, and each failure exits 1 with one
 * line, never the key (which travels in the URL's query). Google's answer is one JSON body, not a stream, so it has
 * no case in {@link FirstFrameStreamingTest}.
 */
class SpeakGoogleTest {

    private static final String KEY = "AIza-cli-test-0123456789SECRET";

    @TempDir
    Path dir;

    private FakeGoogleServer server;

    @BeforeEach
    void start() throws Exception {
        server = new FakeGoogleServer(KEY);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Run speak(String key, String baseUrl, String... more) {
        List<String> args = new ArrayList<>(List.of("speak", "Hello from voxbridge.", "--engine", "google",
                "-E", "api-key=" + key, "-E", "base-url=" + baseUrl));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void passesTheWavsMuLawThroughAsThePipelinesFrames() {
        byte[] audio = SpeakDeepgramTest.codes(8001);
        server.respond((exchange, request) -> FakeGoogleServer.audio(exchange, FakeGoogleServer.muLawWav(audio)));
        Run run = speak(KEY, server.baseUrl());
        assertSucceeded(run);
        assertEquals(expectedJsonl(audio, MULAW_8K, dir), run.lines());
        FakeGoogleServer.Request request = server.requests.getFirst();
        assertEquals("key=" + KEY, request.query());
        assertEquals("Hello from voxbridge.", request.text());
        assertEquals("MULAW", request.json().path("audioConfig").path("audioEncoding").asText());
    }

    @Test
    void aWrongKeyIsAuth() {
        Run run = speak("AIza-wrong-key-SECRET", server.baseUrl());
        assertFailedWithOneLine(run, "voxbridge speak: google failed (AUTH): HTTP 401: 'API keys are not supported "
                + "by this API or the key is invalid. [UNAUTHENTICATED]'", "AIza-wrong-key-SECRET");
        assertEquals(0, run.stdout().length);
    }

    @Test
    void tooManyRequestsIsRateLimitedWithTheDelay() {
        server.respond((exchange, request) -> {
            exchange.getResponseHeaders().set("Retry-After", "12");
            FakeGoogleServer.error(exchange, 429, "Quota exceeded", "RESOURCE_EXHAUSTED");
        });
        Run run = speak(KEY, server.baseUrl());
        assertFailedWithOneLine(run, "voxbridge speak: google failed (RATE_LIMITED, retry after 12 s): HTTP 429: "
                + "'Quota exceeded [RESOURCE_EXHAUSTED]'", KEY);
        assertEquals(0, run.stdout().length);
    }

    @Test
    void aServerErrorIsUnavailable() {
        server.respond((exchange, request) -> FakeGoogleServer.error(exchange, 500, "Internal error", "INTERNAL"));
        Run run = speak(KEY, server.baseUrl());
        assertFailedWithOneLine(run, "voxbridge speak: google failed (UNAVAILABLE): HTTP 500: "
                + "'Internal error [INTERNAL]'", KEY);
        assertEquals(0, run.stdout().length);
    }

    /** The JSON body stops in the middle: nothing can be decoded from half a body, so no audio, and one line. */
    @Test
    void aBodyCutShortIsUnavailableWithNoAudio() throws Exception {
        byte[] body = ("{\"audioContent\":\"" + Base64.getEncoder().encodeToString(FakeGoogleServer.muLawWav(
                SpeakDeepgramTest.codes(8000))) + "\"}").getBytes(StandardCharsets.UTF_8);
        try (CutShortServer cut = new CutShortServer("application/json; charset=UTF-8", "", body, 6000, 7001,
                new CountDownLatch(0))) {
            Run run = speak(KEY, cut.baseUrl());
            assertNull(cut.failure());
            assertFailedMatching(run, "voxbridge speak: google failed \\(UNAVAILABLE\\): .*"
                    + Pattern.quote(cut.baseUrl() + "/v1/text:synthesize") + ".*", KEY);
            assertEquals(0, run.stdout().length);
        }
    }

    @Test
    void badBase64IsAProtocolError() {
        server.respond((exchange, request) -> FakeGoogleServer.raw(exchange, 200, "{\"audioContent\":\"UklG*RiQ=\"}"));
        Run run = speak(KEY, server.baseUrl());
        assertFailedWithOneLine(run, "voxbridge speak: google failed (PROTOCOL): audioContent from "
                + server.baseUrl() + "/v1/text:synthesize is not base64: Illegal base64 character 2a", KEY);
        assertEquals(0, run.stdout().length);
    }

    @Test
    void aSlowFirstByteTimesOut() {
        CountDownLatch release = new CountDownLatch(1);
        server.respond((exchange, request) -> release.await(30, TimeUnit.SECONDS));
        try {
            Run run = speak(KEY, server.baseUrl(), "-E", "first-byte-timeout-ms=1000");
            assertFailedMatching(run, "voxbridge speak: google failed \\(UNAVAILABLE\\): "
                    + Pattern.quote(server.baseUrl() + "/v1/text:synthesize")
                    + ".*no response within first-byte-timeout-ms = 1000 ms" + STILL_CONNECTING, KEY);
            assertEquals(0, run.stdout().length);
        } finally {
            release.countDown();
        }
    }
}
