package io.github.voxbridge.cli;

import static io.github.voxbridge.cli.SpeakHarness.assertFailedMatching;
import static io.github.voxbridge.cli.SpeakHarness.STILL_CONNECTING;
import static io.github.voxbridge.cli.SpeakHarness.assertCutShort;
import static io.github.voxbridge.cli.SpeakHarness.assertFailedWithOneLine;
import static io.github.voxbridge.cli.SpeakHarness.assertSucceeded;
import static io.github.voxbridge.cli.SpeakHarness.expectedJsonl;
import static io.github.voxbridge.cli.SpeakHarness.framesOut;
import static io.github.voxbridge.cli.SpeakHarness.run;
import static io.github.voxbridge.cli.SpeakHarness.runUntilCut;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.voxbridge.cli.SpeakHarness.Run;
import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.openai.FakeOpenAiServer;
import io.github.voxbridge.tts.transport.http.CutShortServer;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's command-line acceptance for OpenAI: {@code ./voxbridge speak --engine openai -E base-url=…} against
 * {@link FakeOpenAiServer} (POST /v1/audio/speech, chunked s16le 24 kHz in odd-sized chunks) writes the pipeline's
 * frames of that audio, and each failure exits 1 with one line naming the engine and the kind, never the key.
 */
class SpeakOpenAiTest {

    private static final String KEY = "sk-cli-test-0123456789abcdefSECRET";
    private static final AudioFormatSpec PCM_24K = new AudioFormatSpec(SampleEncoding.S16LE, 24_000);
    /** 100 ms of s16le at 24 kHz, in bytes. */
    private static final int HUNDRED_MS = 4800;

    @TempDir
    Path dir;

    private FakeOpenAiServer server;

    @BeforeEach
    void start() throws Exception {
        server = new FakeOpenAiServer(KEY);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Run speak(String key, String baseUrl, String... more) {
        return run(args(key, baseUrl, more));
    }

    private static String[] args(String key, String baseUrl, String... more) {
        List<String> args = new ArrayList<>(List.of("speak", "Hello from voxbridge.", "--engine", "openai",
                "-E", "api-key=" + key, "-E", "base-url=" + baseUrl));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void speaksTheFakesPcmAsThePipelinesFrames() {
        byte[] audio = FakeOpenAiServer.audioFor("hello", 7 * HUNDRED_MS + 2);
        server.respond((exchange, request) -> FakeOpenAiServer.writePaced(FakeOpenAiServer.startAudio(exchange),
                audio, 0, audio.length, 0));
        Run run = speak(KEY, server.baseUrl(), "-E", "voice=alloy");
        assertSucceeded(run);
        assertEquals(expectedJsonl(audio, PCM_24K, dir), run.lines());
        assertEquals(1, server.requests.size());
        FakeOpenAiServer.Request request = server.requests.getFirst();
        assertEquals("Bearer " + KEY, request.authorization());
        assertEquals("Hello from voxbridge.", request.input());
        assertEquals("alloy", request.json().path("voice").asText());
        assertEquals("pcm", request.json().path("response_format").asText());
    }

    @Test
    void aWrongKeyIsAuth() {
        Run run = speak("sk-wrong-key-SECRET", server.baseUrl());
        assertFailedWithOneLine(run, "voxbridge speak: openai failed (AUTH): HTTP 401: "
                + "'Incorrect API key provided [invalid_request_error]'", "sk-wrong-key-SECRET");
        assertEquals(0, run.stdout().length);
    }

    @Test
    void tooManyRequestsIsRateLimitedWithTheDelay() {
        server.respond((exchange, request) -> {
            exchange.getResponseHeaders().set("Retry-After", "7");
            FakeOpenAiServer.error(exchange, 429, "Rate limit reached for requests");
        });
        Run run = speak(KEY, server.baseUrl());
        assertFailedWithOneLine(run, "voxbridge speak: openai failed (RATE_LIMITED, retry after 7 s): HTTP 429: "
                + "'Rate limit reached for requests [invalid_request_error]'", KEY);
        assertEquals(0, run.stdout().length);
    }

    @Test
    void aServerErrorIsUnavailable() {
        server.respond((exchange, request) -> FakeOpenAiServer.error(exchange, 500, "The server had an error"));
        Run run = speak(KEY, server.baseUrl());
        assertFailedWithOneLine(run, "voxbridge speak: openai failed (UNAVAILABLE): HTTP 500: "
                + "'The server had an error [invalid_request_error]'", KEY);
        assertEquals(0, run.stdout().length);
    }

    /** The body stops in the middle of a chunk: the frames of the audio that arrived, then the one line. */
    @Test
    void aBodyCutShortWritesTheAudioDeliveredThenFails() throws Exception {
        byte[] audio = FakeOpenAiServer.audioFor("cut", 3 * HUNDRED_MS);
        int whole = 2 * HUNDRED_MS;
        CountDownLatch release = new CountDownLatch(1);
        try (CutShortServer cut = new CutShortServer("application/octet-stream", "/v1", audio, whole, whole + 1001,
                release)) {
            Run run = runUntilCut(release, framesOut(PCM_24K, whole), args(KEY, cut.baseUrl()));
            assertNull(cut.failure());
            assertCutShort(run, "openai", cut.baseUrl() + "/audio/speech", audio, whole, whole + 1001, PCM_24K, KEY,
                    dir);
        }
    }

    @Test
    void aSuccessThatIsNotAudioIsAProtocolError() {
        server.respond((exchange, request) -> FakeOpenAiServer.raw(exchange, 200, "text/html",
                "<h1>Captive portal</h1>"));
        Run run = speak(KEY, server.baseUrl());
        assertFailedWithOneLine(run, "voxbridge speak: openai failed (PROTOCOL): expected audio from "
                + server.baseUrl() + "/audio/speech, got Content-Type 'text/html': '<h1>Captive portal</h1>'", KEY);
        assertEquals(0, run.stdout().length);
    }

    /**
     * 1,000 ms, not less: the JDK's request timeout also covers connecting, and on a loaded machine a shorter one can
     * end in the connect, which the engine then reports as a connect timeout.
     */
    @Test
    void aSlowFirstByteTimesOut() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server.respond((exchange, request) -> release.await(30, TimeUnit.SECONDS));
        try {
            Run run = speak(KEY, server.baseUrl(), "-E", "first-byte-timeout-ms=1000");
            // " (still connecting)" when the 1000 ms run out during the connection on a loaded machine
            assertFailedMatching(run, Pattern.quote("voxbridge speak: openai failed (UNAVAILABLE): " + server.baseUrl()
                    + "/audio/speech: no response within first-byte-timeout-ms = 1000 ms") + STILL_CONNECTING, KEY);
        } finally {
            release.countDown();
        }
    }
}
