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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.voxbridge.cli.SpeakHarness.Run;
import io.github.voxbridge.tts.polly.FakePollyServer;
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
 * Issue 12's command-line acceptance for Polly: {@code ./voxbridge speak --engine polly -E base-url=…} against
 * {@link FakePollyServer} (SynthesizeSpeech, SigV4-signed by the AWS SDK, a chunked mu-law body in odd-sized chunks)
 * writes the engine's bytes as they came (pass-through), and each failure exits 1 with one line, never the secret.
 * The credentials reach the SDK's default chain, as {@code speak} uses it, through its system properties
 * ({@code aws.accessKeyId}, {@code aws.secretAccessKey}), which that chain reads before the environment.
 */
class SpeakPollyTest {

    static final String ACCESS_KEY_ID = "AKIACLITEST000000001";
    static final String SECRET = "cli/Test/Secret/Key/0123456789abcdefSECRET";
    static final String REGION = "eu-west-1";
    /** 100 ms of 8 kHz mu-law, in bytes. */
    private static final int HUNDRED_MS = 800;

    @TempDir
    Path dir;

    private FakePollyServer server;

    @BeforeEach
    void start() throws Exception {
        server = new FakePollyServer(ACCESS_KEY_ID, REGION);
        useCredentials(ACCESS_KEY_ID, SECRET);
    }

    @AfterEach
    void stop() {
        server.close();
        clearCredentials();
    }

    /** Sets the AWS SDK's credential system properties (restored by {@link #clearCredentials}). */
    static void useCredentials(String accessKeyId, String secret) {
        System.setProperty("aws.accessKeyId", accessKeyId);
        System.setProperty("aws.secretAccessKey", secret);
    }

    static void clearCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    private static Run speak(String baseUrl, String... more) {
        return run(args(baseUrl, more));
    }

    private static String[] args(String baseUrl, String... more) {
        List<String> args = new ArrayList<>(List.of("speak", "Hello from voxbridge.", "--engine", "polly",
                "-E", "region=" + REGION, "-E", "base-url=" + baseUrl));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void passesTheFakesMuLawThroughAsThePipelinesFrames() {
        byte[] audio = SpeakDeepgramTest.codes(12 * HUNDRED_MS + 7);
        server.respond((exchange, request) -> FakePollyServer.writePaced(
                FakePollyServer.startAudio(exchange, "audio/mulaw", 21), audio, 0, audio.length, 0));
        Run run = speak(server.baseUrl());
        assertSucceeded(run);
        assertEquals(expectedJsonl(audio, MULAW_8K, dir), run.lines());
        FakePollyServer.Request request = server.requests.getFirst();
        assertEquals("Hello from voxbridge.", request.text());
        assertEquals("mulaw", request.json().path("OutputFormat").asText());
        assertTrue(request.authorization().startsWith("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY_ID + "/"),
                request.authorization());
        assertFalse(request.authorization().contains(SECRET));
    }

    /** Polly refuses an unknown access key with 403 {@code InvalidSignatureException} (its 401). */
    @Test
    void aWrongAccessKeyIsAuth() {
        useCredentials("AKIAWRONG00000000000", "wrong/Secret/Key/0123456789abcdefSECRET");
        Run run = speak(server.baseUrl());
        assertFailedWithOneLine(run, "voxbridge speak: polly failed (AUTH): HTTP 403 'InvalidSignatureException': "
                + "'The request signature we calculated does not match the signature you provided.'",
                "wrong/Secret/Key/0123456789abcdefSECRET");
        assertEquals(0, run.stdout().length);
    }

    /** Polly throttles with 400 {@code ThrottlingException} (its 429). */
    @Test
    void throttlingIsRateLimitedWithTheDelay() {
        server.respond((exchange, request) -> {
            exchange.getResponseHeaders().set("Retry-After", "3");
            FakePollyServer.error(exchange, 400, "ThrottlingException", "Rate exceeded");
        });
        Run run = speak(server.baseUrl());
        assertFailedWithOneLine(run, "voxbridge speak: polly failed (RATE_LIMITED, retry after 3 s): HTTP 400 "
                + "'ThrottlingException': 'Rate exceeded'", SECRET);
        assertEquals(0, run.stdout().length);
    }

    @Test
    void aServerErrorIsUnavailable() {
        server.respond((exchange, request) -> FakePollyServer.error(exchange, 500, "ServiceFailureException",
                "Internal failure"));
        Run run = speak(server.baseUrl());
        assertFailedWithOneLine(run, "voxbridge speak: polly failed (UNAVAILABLE): HTTP 500 "
                + "'ServiceFailureException': 'Internal failure'", SECRET);
        assertEquals(0, run.stdout().length);
    }

    @Test
    void aBodyCutShortWritesTheAudioDeliveredThenFails() throws Exception {
        byte[] audio = SpeakDeepgramTest.codes(10 * HUNDRED_MS);
        int whole = 7 * HUNDRED_MS; // over CutShortServer's two whole chunks (4,801 and 1 bytes)
        CountDownLatch release = new CountDownLatch(1);
        try (CutShortServer cut = new CutShortServer("audio/mulaw", "", audio, whole, whole + 1001,
                release)) {
            Run run = runUntilCut(release, whole / SpeakHarness.FRAME_BYTES, args(cut.baseUrl()));
            assertNull(cut.failure());
            assertCutShort(run, "polly", cut.baseUrl(), audio, whole, whole + 1001, MULAW_8K, SECRET, dir);
        }
    }

    @Test
    void aSuccessThatIsNotAudioIsAProtocolError() {
        server.respond((exchange, request) -> {
            byte[] body = "{\"message\":\"not audio\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        });
        Run run = speak(server.baseUrl());
        assertFailedMatching(run, "voxbridge speak: polly failed \\(PROTOCOL\\): expected audio from .*, got "
                + "Content-Type 'application/json'.*", SECRET);
        assertEquals(0, run.stdout().length);
    }

    @Test
    void aSlowFirstByteTimesOut() {
        CountDownLatch release = new CountDownLatch(1);
        server.respond((exchange, request) -> release.await(30, TimeUnit.SECONDS));
        try {
            Run run = speak(server.baseUrl(), "-E", "first-byte-timeout-ms=300");
            assertFailedMatching(run, "voxbridge speak: polly failed \\(UNAVAILABLE\\): no response from "
                    + Pattern.quote(server.baseUrl()) + ": SocketTimeoutException.*", SECRET);
            assertEquals(0, run.stdout().length);
        } finally {
            release.countDown();
        }
    }
}
