package io.github.voxbridge.tts.google;

import static io.github.voxbridge.tts.google.FakeGoogleServer.audioFor;
import static io.github.voxbridge.tts.google.FakeGoogleServer.muLawWav;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.RecordingSink;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.TtsException.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine against {@link FakeGoogleServer}, a loopback server speaking Google's {@code text:synthesize}. */
class GoogleEngineTest {

    /** Distinctive, so a test can search every output (and every URL in one) for it. */
    static final String KEY = "AIzaSyDISTINCTIVE-k3y_9Qw7";
    /** Guard against a hang; never an assertion about speed. */
    private static final long GUARD_SECONDS = 20;

    private FakeGoogleServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeEach
    void start() throws IOException {
        server = new FakeGoogleServer(KEY);
    }

    @AfterEach
    void stop() {
        server.close();
        threads.shutdownNow();
    }

    private GoogleEngine engine(String... options) throws TtsException {
        Map<String, String> map = new HashMap<>(Map.of("api-key", KEY, "base-url", server.baseUrl()));
        for (int i = 0; i < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        return GoogleEngine.create(map, name -> null);
    }

    private static TtsException failure(GoogleEngine engine, String text, RecordingSink sink) {
        try {
            engine.synthesize(text, sink, new CancellationToken());
        } catch (TtsException e) {
            return e;
        }
        throw new AssertionError("synthesize succeeded");
    }

    @Test
    void theMuLawAfterTheParsedWavHeaderIsPassedThroughExactly() throws Exception {
        byte[] audio = audioFor("hello", 8001);
        server.respond((exchange, request) -> FakeGoogleServer.audio(exchange, muLawWav(audio)));
        try (GoogleEngine engine = engine()) {
            RecordingSink sink = new RecordingSink();
            engine.synthesize("Hello \"there\" \u00e9 & <b>.", sink, new CancellationToken());
            assertThat(sink.formats).containsExactly(new AudioFormatSpec(SampleEncoding.MULAW, 8_000));
            assertThat(sink.bytes()).isEqualTo(audio);
        }
        assertThat(server.requests).hasSize(1);
        FakeGoogleServer.Request request = server.requests.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/text:synthesize");
        assertThat(request.query()).isEqualTo("key=" + KEY);
        assertThat(request.contentType()).isEqualTo("application/json; charset=utf-8");
        assertThat(request.json().toString()).isEqualTo("{\"input\":{\"text\":\"Hello \\\"there\\\" \u00e9 & <b>.\"},"
                + "\"voice\":{\"languageCode\":\"en-US\",\"name\":\"en-US-Chirp3-HD-Charon\"},"
                + "\"audioConfig\":{\"audioEncoding\":\"MULAW\",\"sampleRateHertz\":8000}}");
    }

    @Test
    void twentyConcurrentSynthesesOnOneEngineAreEachComplete() throws Exception {
        server.respond((exchange, request) -> FakeGoogleServer.audio(exchange,
                muLawWav(audioFor(request.text(), 801 + 2 * request.text().length()))));
        try (GoogleEngine engine = engine()) {
            List<Future<RecordingSink>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String text = "This is call number " + i + ".";
                results.add(threads.submit(() -> {
                    RecordingSink sink = new RecordingSink();
                    engine.synthesize(text, sink, new CancellationToken());
                    return sink;
                }));
            }
            for (int i = 0; i < 20; i++) {
                String text = "This is call number " + i + ".";
                assertThat(results.get(i).get(GUARD_SECONDS, TimeUnit.SECONDS).bytes()).as(text)
                        .isEqualTo(audioFor(text, 801 + 2 * text.length()));
            }
        }
        assertThat(server.requests).hasSize(20);
    }

    @Test
    void pcmAsksForLinear16At24kHzAndDropsItsHeader() throws Exception {
        byte[] audio = audioFor("pcm", 4800);
        server.respond((exchange, request) -> FakeGoogleServer.audio(exchange,
                FakeGoogleServer.wav(1, 16, 24_000, 1, audio, audio.length)));
        try (GoogleEngine engine = engine("format", "pcm", "voice", "de-DE-Neural2-B")) {
            RecordingSink sink = new RecordingSink();
            engine.synthesize("Guten Tag.", sink, new CancellationToken());
            assertThat(sink.formats).containsExactly(new AudioFormatSpec(SampleEncoding.S16LE, 24_000));
            assertThat(sink.bytes()).isEqualTo(audio);
        }
        assertThat(server.requests.get(0).json().path("voice").toString())
                .isEqualTo("{\"languageCode\":\"de-DE\",\"name\":\"de-DE-Neural2-B\"}");
        assertThat(server.requests.get(0).json().path("audioConfig").toString())
                .isEqualTo("{\"audioEncoding\":\"LINEAR16\",\"sampleRateHertz\":24000}");
    }

    @Test
    void theDataChunkEndsWhereItsSizeSaysAndAnOpenSizeRunsToTheEnd() throws Exception {
        byte[] audio = audioFor("sized", 1000);
        byte[] trailing = FakeGoogleServer.concat(List.of(FakeGoogleServer.wav(7, 8, 8000, 1, audio, 600)));
        server.respond((exchange, request) -> FakeGoogleServer.audio(exchange, trailing));
        try (GoogleEngine engine = engine()) {
            RecordingSink sink = new RecordingSink();
            engine.synthesize("Hi.", sink, new CancellationToken());
            assertThat(sink.bytes()).isEqualTo(Arrays.copyOf(audio, 600));
        }
        server.respond((exchange, request) -> FakeGoogleServer.audio(exchange,
                FakeGoogleServer.wav(7, 8, 8000, 1, audio, 0xFFFF_FFFFL)));
        try (GoogleEngine engine = engine()) {
            RecordingSink sink = new RecordingSink();
            engine.synthesize("Hi.", sink, new CancellationToken());
            assertThat(sink.bytes()).isEqualTo(audio);
        }
    }

    @Test
    void malformedResponsesAreProtocolErrors() throws Exception {
        byte[] audio = audioFor("x", 800);
        Map<String, String> bodies = new java.util.LinkedHashMap<>();
        bodies.put("{\"audioContent\": \"not base64!!\"}", "google: audioContent from " + server.baseUrl()
                + "/v1/text:synthesize is not base64: ");
        bodies.put("{\"audioContent\": \"UklG", "google: response from " + server.baseUrl()
                + "/v1/text:synthesize is not JSON: ");
        bodies.put("<html>proxy</html>", "google: response from " + server.baseUrl()
                + "/v1/text:synthesize is not JSON: ");
        bodies.put("{\"audio\": \"\"}", "google: response from " + server.baseUrl()
                + "/v1/text:synthesize has no audioContent string: ");
        bodies.put(json(Arrays.copyOf(audio, 44)), "google: audioContent (44 bytes) is not a usable WAV: ");
        bodies.put(json(FakeGoogleServer.wav(7, 8, 8000, 1, audio, 900)),
                "google: audioContent's WAV data chunk declares 900 bytes, only 800 follow the header");
        bodies.put(json(FakeGoogleServer.wav(7, 8, 24_000, 1, audio, 800)),
                "google: audioContent's WAV header says mulaw 24000 Hz, 1 channel(s); asked for mulaw mono 8000 Hz");
        bodies.put(json(FakeGoogleServer.wav(1, 16, 8000, 1, audio, 800)),
                "google: audioContent's WAV header says s16le 8000 Hz");
        bodies.put(json(FakeGoogleServer.wav(7, 8, 8000, 2, audio, 800)), "google: audioContent's WAV header says "
                + "mulaw 8000 Hz, 2 channel(s)");
        for (Map.Entry<String, String> body : bodies.entrySet()) {
            server.respond((exchange, request) -> FakeGoogleServer.raw(exchange, 200, body.getKey()));
            try (GoogleEngine engine = engine()) {
                RecordingSink sink = new RecordingSink();
                TtsException e = failure(engine, "Hello.", sink);
                assertThat(e.kind()).as(body.getKey()).isEqualTo(Kind.PROTOCOL);
                assertThat(e.getMessage()).as(body.getKey()).startsWith(body.getValue());
                assertThat(sink.formats).isEmpty();
            }
        }
    }

    private static String json(byte[] wav) {
        return "{\"audioContent\":\"" + java.util.Base64.getEncoder().encodeToString(wav) + "\"}";
    }

    @Test
    void unauthorizedIsAuthWithGooglesMessage() throws Exception {
        try (GoogleEngine engine = GoogleEngine.create(Map.of("api-key", "wrong", "base-url", server.baseUrl()),
                name -> null)) {
            TtsException e = failure(engine, "Hello.", new RecordingSink());
            assertThat(e.kind()).isEqualTo(Kind.AUTH);
            assertThat(e).hasMessage("google: HTTP 401: 'API keys are not supported by this API or the key is "
                    + "invalid. [UNAUTHENTICATED]'");
        }
    }

    @Test
    void rateLimitedCarriesRetryAfterAndServerErrorsAreUnavailable() throws Exception {
        server.respond((exchange, request) -> {
            exchange.getResponseHeaders().set("Retry-After", "12");
            FakeGoogleServer.error(exchange, 429, "Quota exceeded", "RESOURCE_EXHAUSTED");
        });
        try (GoogleEngine engine = engine()) {
            TtsException e = failure(engine, "Hello.", new RecordingSink());
            assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(12));
            assertThat(e).hasMessage("google: HTTP 429: 'Quota exceeded [RESOURCE_EXHAUSTED]'");
        }
        server.respond((exchange, request) -> FakeGoogleServer.error(exchange, 500, "Internal error", "INTERNAL"));
        try (GoogleEngine engine = engine()) {
            TtsException e = failure(engine, "Hello.", new RecordingSink());
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e).hasMessage("google: HTTP 500: 'Internal error [INTERNAL]'");
        }
    }

    @Test
    void textOverFiveThousandBytesIsRequestedInPiecesInOrderAsOneStream() throws Exception {
        // 3-byte characters: about 2,400 chars are 7,200 bytes, under a char limit but over Google's byte limit.
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 2400; i++) {
            text.append(i == 0 ? "" : " ").append("\u6587\u7ae0\u7b2c").append(i).append("\u53e5\u3002");
        }
        server.respond((exchange, request) -> FakeGoogleServer.audio(exchange,
                muLawWav(audioFor(request.text(), 1601))));
        try (GoogleEngine engine = engine()) {
            RecordingSink sink = new RecordingSink();
            engine.synthesize(text.toString(), sink, new CancellationToken());
            List<String> inputs = server.requests.stream().map(FakeGoogleServer.Request::text).toList();
            assertThat(inputs).hasSizeGreaterThanOrEqualTo(2).allSatisfy(input ->
                    assertThat(input.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(5000));
            assertThat(String.join(" ", inputs)).isEqualTo(text.toString());
            assertThat(sink.formats).hasSize(1);
            assertThat(sink.bytes()).isEqualTo(FakeGoogleServer.concat(
                    inputs.stream().map(input -> audioFor(input, 1601)).toList()));
        }
    }

    @Test
    void cancelWhileGoogleSynthesizesStopsTheWait() throws Exception {
        CountDownLatch received = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        server.respond((exchange, request) -> {
            received.countDown();
            release.await(GUARD_SECONDS, TimeUnit.SECONDS);
        });
        try (GoogleEngine engine = engine()) {
            CancellationToken cancel = new CancellationToken();
            RecordingSink sink = new RecordingSink();
            Future<TtsException> synthesis = threads.submit(() -> {
                try {
                    engine.synthesize("Hello.", sink, cancel);
                    return null;
                } catch (TtsException e) {
                    return e;
                }
            });
            assertThat(received.await(GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
            cancel.cancel();
            assertThat(synthesis.get(GUARD_SECONDS, TimeUnit.SECONDS)).isNotNull()
                    .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
            assertThat(sink.formats).isEmpty();
        } finally {
            release.countDown();
        }
    }

    @Test
    void cancelWhileDeliveringStopsWithinAChunk() throws Exception {
        server.respond((exchange, request) -> FakeGoogleServer.audio(exchange, muLawWav(audioFor("long", 80_000))));
        CancellationToken cancel = new CancellationToken();
        RecordingSink sink = new RecordingSink() {
            @Override
            public void audio(byte[] chunk, int off, int len) {
                super.audio(chunk, off, len);
                cancel.cancel();
            }
        };
        try (GoogleEngine engine = engine()) {
            assertThatThrownBy(() -> engine.synthesize("Hello.", sink, cancel))
                    .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
            assertThat(sink.chunks()).isLessThanOrEqualTo(2);
            assertThat(sink.bytes()).isEqualTo(Arrays.copyOf(audioFor("long", 80_000), sink.bytes().length));
        }
    }

    @Test
    void aKeyWithCharactersAHeaderCannotHoldIsAuthWithoutShowingIt() {
        assertThatThrownBy(() -> GoogleEngine.create(Map.of("api-key", "k\u00e9y"), name -> null))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTH))
                .hasMessage("google: the API key holds characters other than visible ASCII (not shown); check "
                        + "GOOGLE_API_KEY or -E api-key");
    }

    @Test
    void theKeyComesFromTheEnvironmentWhenNoOptionGivesIt() throws Exception {
        server.respond((exchange, request) -> FakeGoogleServer.audio(exchange, muLawWav(new byte[3])));
        try (GoogleEngine engine = GoogleEngine.create(Map.of("base-url", server.baseUrl()),
                Map.of("GOOGLE_API_KEY", KEY)::get)) {
            engine.synthesize("Hi.", new RecordingSink(), new CancellationToken());
        }
        assertThat(server.requests).singleElement().satisfies(r -> assertThat(r.query()).isEqualTo("key=" + KEY));
    }

    @Test
    void badOptionsAreBadRequestsNamingTheValue() {
        assertBadRequest(Map.of("format", "mp3"), "google: option format = 'mp3' is not mulaw (MULAW 8000 Hz) or "
                + "pcm (LINEAR16 24000 Hz)");
        assertBadRequest(Map.of("voice", "Charon"), "google: option voice = 'Charon' is not a Google voice name "
                + "such as en-US-Chirp3-HD-Charon (language-REGION-Name)");
        assertBadRequest(Map.of("base-url", "http://x/?key=1"), "google: option base-url = 'http://x/?key=1' is "
                + "not an http(s) URL of the API root such as https://texttospeech.googleapis.com");
        assertBadRequest(Map.of("voise", "x"), "google: unknown option 'voise' (known: api-key, base-url, "
                + "connect-timeout-ms, credentials, first-byte-timeout-ms, format, max-concurrent, voice)");
    }

    private static void assertBadRequest(Map<String, String> options, String message) {
        Map<String, String> all = new HashMap<>(options);
        all.put("api-key", "k");
        assertThatThrownBy(() -> GoogleEngine.create(all, name -> null))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST))
                .hasMessage(message);
    }

    @Test
    void theKeyNeverAppearsInAnyOutputNorInAnyUrlShown() throws Exception {
        List<String> outputs = new ArrayList<>();
        for (int status : new int[] {400, 401, 403, 429, 500, 503}) {
            server.respond((exchange, request) -> FakeGoogleServer.error(exchange, status,
                    "API key not valid: " + KEY + " for " + exchange.getRequestURI(), "INVALID_ARGUMENT"));
            try (GoogleEngine engine = engine()) {
                outputs.add(everything(failure(engine, "Hello.", new RecordingSink())));
                outputs.add(engine.toString());
            }
        }
        for (String body : List.of("{\"audioContent\":\"" + KEY + "!\"}", "{\"x\":\"" + KEY + "\"}", KEY)) {
            server.respond((exchange, request) -> FakeGoogleServer.raw(exchange, 200, body));
            try (GoogleEngine engine = engine()) {
                outputs.add(everything(failure(engine, "Hello.", new RecordingSink())));
            }
        }
        CountDownLatch release = new CountDownLatch(1);
        server.respond((exchange, request) -> release.await(GUARD_SECONDS, TimeUnit.SECONDS));
        try (GoogleEngine engine = engine("first-byte-timeout-ms", "100")) {
            outputs.add(everything(failure(engine, "Hello.", new RecordingSink())));
        } finally {
            release.countDown();
        }
        try (GoogleEngine engine = GoogleEngine.create(Map.of("api-key", KEY, "base-url", "http://127.0.0.1:1"),
                name -> null)) {
            outputs.add(everything(failure(engine, "Hello.", new RecordingSink())));
        }
        try {
            GoogleEngine.create(Map.of("api-key", KEY + "\n" + KEY), name -> null).close();
            throw new AssertionError("created");
        } catch (TtsException e) {
            outputs.add(everything(e));
        }
        outputs.add(new GoogleEngineProvider().description());
        assertThat(outputs).hasSize(19).allSatisfy(output -> assertThat(output).doesNotContain(KEY)
                .doesNotContain(KEY.substring(6, 17)));
    }

    /** The toString (class and message) of {@code e}, of each of its causes and of their suppressed exceptions. */
    private static String everything(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            out.append(t).append('\n');
            for (Throwable s : t.getSuppressed()) {
                out.append("suppressed: ").append(everything(s));
            }
        }
        return out.toString();
    }

    @Test
    void blankTextAndACancelledTokenSendNothingAndAClosedEngineRefuses() throws Exception {
        CancellationToken cancel = new CancellationToken();
        cancel.cancel();
        GoogleEngine engine = engine();
        RecordingSink sink = new RecordingSink();
        engine.synthesize(" \n", sink, new CancellationToken());
        assertThat(sink.formats).isEmpty();
        assertThatThrownBy(() -> engine.synthesize("Hi.", new RecordingSink(), cancel))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
        engine.close();
        assertThat(engine.toString()).endsWith(", closed]");
        assertThatThrownBy(() -> engine.synthesize("Hi.", new RecordingSink(), new CancellationToken()))
                .isInstanceOf(IllegalStateException.class).hasMessage("Google engine is closed");
        assertThat(server.requests).isEmpty();
    }
}
