package io.github.voxbridge.tts.openai;

import static io.github.voxbridge.tts.openai.FakeOpenAiServer.audioFor;
import static io.github.voxbridge.tts.openai.FakeOpenAiServer.startAudio;
import static io.github.voxbridge.tts.openai.FakeOpenAiServer.writePaced;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.RecordingSink;
import io.github.voxbridge.tts.WaitingSink;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.TtsException.Kind;
import io.github.voxbridge.tts.transport.http.CutShortServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine against {@link FakeOpenAiServer}, a loopback server speaking OpenAI's speech protocol. */
class OpenAiEngineTest {

    /** Distinctive, so a test can search every output for it. */
    static final String KEY = "sk-test-Zq9Xv7DISTINCTIVE-3f1c";
    /** Guard against a hang; never an assertion about speed. */
    private static final long GUARD_SECONDS = 20;
    /** 100 ms of 24 kHz s16le mono. */
    private static final int HUNDRED_MS = 4800;

    private FakeOpenAiServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeEach
    void start() throws IOException {
        server = new FakeOpenAiServer(KEY);
    }

    @AfterEach
    void stop() {
        server.close();
        threads.shutdownNow();
    }

    private OpenAiEngine engine(String... options) throws TtsException {
        Map<String, String> map = new HashMap<>(Map.of("api-key", KEY, "base-url", server.baseUrl()));
        for (int i = 0; i < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        return OpenAiEngine.create(map, name -> null);
    }

    private static TtsException failure(OpenAiEngine engine, String text, RecordingSink sink) {
        try {
            engine.synthesize(text, sink, new CancellationToken());
        } catch (TtsException e) {
            return e;
        }
        throw new AssertionError("synthesize succeeded");
    }

    @Test
    void audioReachesTheSinkAsTheBodyArrivesInItsFormat() throws Exception {
        byte[] audio = audioFor("hello", 5 * HUNDRED_MS + 1); // odd total: the last sample split at the end
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        server.respond((exchange, request) -> {
            OutputStream out = startAudio(exchange);
            writePaced(out, audio, 0, HUNDRED_MS, 1);
            release.await(GUARD_SECONDS, TimeUnit.SECONDS); // the first 100 ms, then nothing until the test says
            writePaced(out, audio, HUNDRED_MS, audio.length, 1);
            finished.countDown();
        });
        try (OpenAiEngine engine = engine("voice", "coral", "model", "gpt-4o-mini-tts", "speed", "1.25",
                "instructions", "Speak warmly.")) {
            WaitingSink sink = new WaitingSink(HUNDRED_MS);
            Future<?> synthesis = threads.submit(() -> {
                engine.synthesize("Hello \"there\" \u00e9\n", sink, new CancellationToken());
                return null;
            });
            assertThat(sink.reached.await(GUARD_SECONDS, TimeUnit.SECONDS)).as("first 100 ms delivered").isTrue();
            assertThat(finished.getCount()).as("the server is still holding back the rest").isEqualTo(1);
            release.countDown();
            synthesis.get(GUARD_SECONDS, TimeUnit.SECONDS);

            assertThat(sink.format()).isEqualTo(new AudioFormatSpec(SampleEncoding.S16LE, 24_000));
            assertThat(sink.bytes()).isEqualTo(audio);
            assertThat(sink.chunks()).isGreaterThan(1);
        }
        assertThat(server.requests).hasSize(1);
        FakeOpenAiServer.Request request = server.requests.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/audio/speech");
        assertThat(request.authorization()).isEqualTo("Bearer " + KEY);
        assertThat(request.contentType()).isEqualTo("application/json");
        assertThat(request.json().toString()).isEqualTo("{\"model\":\"gpt-4o-mini-tts\","
                + "\"input\":\"Hello \\\"there\\\" "
                + "\u00e9\\n\",\"voice\":\"coral\",\"response_format\":\"pcm\",\"speed\":1.25,"
                + "\"instructions\":\"Speak warmly.\"}");
    }

    @Test
    void defaultsAndACustomVoiceId() throws Exception {
        server.respond((exchange, request) -> writePaced(startAudio(exchange), new byte[3], 0, 3, 0));
        try (OpenAiEngine engine = engine()) {
            engine.synthesize("Hi.", new RecordingSink(), new CancellationToken());
        }
        try (OpenAiEngine engine = engine("voice", "voice_1234abcd", "model", "tts-1")) {
            engine.synthesize("Hi.", new RecordingSink(), new CancellationToken());
        }
        assertThat(server.requests.get(0).json().toString()).isEqualTo(
                "{\"model\":\"gpt-4o-mini-tts\",\"input\":\"Hi.\",\"voice\":\"alloy\",\"response_format\":\"pcm\"}");
        assertThat(server.requests.get(1).json().toString()).isEqualTo(
                "{\"model\":\"tts-1\",\"input\":\"Hi.\",\"voice\":{\"id\":\"voice_1234abcd\"},"
                        + "\"response_format\":\"pcm\"}");
    }

    @Test
    void blankTextSendsNothingAndDeliversNothing() throws Exception {
        try (OpenAiEngine engine = engine()) {
            RecordingSink sink = new RecordingSink();
            engine.synthesize(" \n\t", sink, new CancellationToken());
            assertThat(sink.formats).isEmpty();
        }
        assertThat(server.requests).isEmpty();
    }

    @Test
    void unauthorizedIsAuthWithTheVendorsMessage() throws Exception {
        try (OpenAiEngine engine = OpenAiEngine.create(Map.of("api-key", "sk-wrong", "base-url", server.baseUrl()),
                name -> null)) {
            TtsException e = failure(engine, "Hello.", new RecordingSink());
            assertThat(e.kind()).isEqualTo(Kind.AUTH);
            assertThat(e).hasMessage("openai: HTTP 401: 'Incorrect API key provided [invalid_request_error]'");
            assertThat(e.retryAfter()).isEmpty();
        }
    }

    @Test
    void rateLimitedCarriesRetryAfter() throws Exception {
        server.respond((exchange, request) -> {
            exchange.getResponseHeaders().set("Retry-After", "7");
            FakeOpenAiServer.raw(exchange, 429, "application/json", "{\"error\":{\"message\":\"Rate limit reached for "
                    + "requests\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}");
        });
        try (OpenAiEngine engine = engine()) {
            RecordingSink sink = new RecordingSink();
            TtsException e = failure(engine, "Hello.", sink);
            assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
            assertThat(e).hasMessage("openai: HTTP 429: 'Rate limit reached for requests [rate_limit_exceeded]'");
            assertThat(sink.formats).isEmpty();
        }
    }

    @Test
    void serverErrorIsUnavailable() throws Exception {
        server.respond((exchange, request) -> FakeOpenAiServer.error(exchange, 500, "The server had an error"));
        try (OpenAiEngine engine = engine()) {
            TtsException e = failure(engine, "Hello.", new RecordingSink());
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e).hasMessage("openai: HTTP 500: 'The server had an error [invalid_request_error]'");
        }
    }

    @Test
    void malformedErrorJsonStillGivesAClearMessage() throws Exception {
        server.respond((exchange, request) -> FakeOpenAiServer.raw(exchange, 400, "application/json",
                "{\"error\": {\"message\": \"Input is too lo"));
        try (OpenAiEngine engine = engine()) {
            TtsException e = failure(engine, "Hello.", new RecordingSink());
            assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST);
            assertThat(e).hasMessage("openai: HTTP 400: '{\"error\": {\"message\": \"Input is too lo'");
        }
    }

    @Test
    void onlyTheStartOfAHugeErrorBodyIsRead() throws Exception {
        server.respond((exchange, request) -> FakeOpenAiServer.raw(exchange, 502, "text/html",
                "<html>" + "x".repeat(1 << 20) + "</html>"));
        try (OpenAiEngine engine = engine()) {
            TtsException e = failure(engine, "Hello.", new RecordingSink());
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e).hasMessage("openai: HTTP 502: '<html>" + "x".repeat(294) + "…' (16384 chars)");
        }
    }

    @Test
    void aSuccessThatIsNotAudioIsAProtocolError() throws Exception {
        server.respond((exchange, request) -> FakeOpenAiServer.raw(exchange, 200, "application/json; charset=utf-8",
                "{\"error\":{\"message\":\"Upstream said no\"}}"));
        try (OpenAiEngine engine = engine()) {
            RecordingSink sink = new RecordingSink();
            TtsException e = failure(engine, "Hello.", sink);
            assertThat(e.kind()).isEqualTo(Kind.PROTOCOL);
            assertThat(e).hasMessage("openai: expected audio from " + server.baseUrl() + "/audio/speech, got "
                    + "Content-Type 'application/json; charset=utf-8': 'Upstream said no'");
            assertThat(sink.formats).isEmpty();
        }
        server.respond((exchange, request) -> FakeOpenAiServer.raw(exchange, 200, "text/html",
                "<h1>Captive portal</h1>"));
        try (OpenAiEngine engine = engine()) {
            assertThat(failure(engine, "Hello.", new RecordingSink())).hasMessageEndingWith(
                    "got Content-Type 'text/html': '<h1>Captive portal</h1>'");
        }
    }

    @Test
    void aBodyCutShortIsUnavailableAfterTheAudioDelivered() throws Exception {
        byte[] audio = audioFor("cut", 3 * HUNDRED_MS);
        int whole = 2 * HUNDRED_MS;
        int end = whole + 1001;
        WaitingSink sink = new WaitingSink(whole);
        try (CutShortServer cut = new CutShortServer("application/octet-stream", "/v1", audio, whole, end, sink.reached);
                OpenAiEngine engine = OpenAiEngine.create(Map.of("api-key", KEY, "base-url", cut.baseUrl()),
                        name -> null)) {
            TtsException e = failure(engine, "Hello.", sink);
            assertThat(cut.failure()).isNull();
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e.getMessage()).startsWith("openai: connection lost after " + sink.bytes().length
                    + " bytes of the response from " + cut.baseUrl() + "/audio/speech: ");
            assertThat(sink.format()).isEqualTo(OpenAiEngine.FORMAT);
            assertThat(sink.bytes().length).isBetween(whole, end);
            assertThat(sink.bytes()).isEqualTo(java.util.Arrays.copyOf(audio, sink.bytes().length));
        }
    }

    @Test
    void aSlowFirstByteTimesOutAsUnavailableNamingTheTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server.respond((exchange, request) -> {
            release.await(GUARD_SECONDS, TimeUnit.SECONDS);
            writePaced(startAudio(exchange), new byte[10], 0, 10, 0);
        });
        try (OpenAiEngine engine = engine("first-byte-timeout-ms", "300")) {
            RecordingSink sink = new RecordingSink();
            TtsException e = failure(engine, "Hello.", sink);
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            // On a loaded machine the 300 ms can run out while still connecting: the JDK then reports a connect
            // timeout, which the engine still names as the first-byte timeout it is.
            assertThat(e.getMessage()).matches(java.util.regex.Pattern.quote("openai: " + server.baseUrl()
                    + "/audio/speech: no response within first-byte-timeout-ms = 300 ms") + "( \\(still connecting\\))?");
            assertThat(sink.formats).isEmpty();
        } finally {
            release.countDown();
        }
    }

    @Test
    void theFirstByteTimeoutEndsWithTheHeadersNotWithTheBody() throws Exception {
        byte[] audio = audioFor("long", 2 * HUNDRED_MS + 1);
        server.respond((exchange, request) -> {
            OutputStream out = startAudio(exchange);
            writePaced(out, audio, 0, HUNDRED_MS, 0);
            Thread.sleep(400); // the body outlasts the 100 ms first-byte timeout four times over
            writePaced(out, audio, HUNDRED_MS, audio.length, 0);
        });
        try (OpenAiEngine engine = engine("first-byte-timeout-ms", "100")) {
            RecordingSink sink = new RecordingSink();
            engine.synthesize("Hello.", sink, new CancellationToken());
            assertThat(sink.bytes()).isEqualTo(audio);
        }
    }

    @Test
    void aCallWaitingForAFreeSlotCanBeCancelled() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server.respond((exchange, request) -> {
            OutputStream out = startAudio(exchange);
            writePaced(out, new byte[HUNDRED_MS], 0, HUNDRED_MS, 0);
            release.await(GUARD_SECONDS, TimeUnit.SECONDS);
        });
        try (OpenAiEngine engine = engine("max-concurrent", "1")) {
            WaitingSink first = new WaitingSink(HUNDRED_MS);
            Future<?> holding = threads.submit(() -> {
                engine.synthesize("First.", first, new CancellationToken());
                return null;
            });
            assertThat(first.reached.await(GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
            CancellationToken cancel = new CancellationToken();
            RecordingSink second = new RecordingSink();
            CompletableFuture<Thread> worker = new CompletableFuture<>();
            Future<TtsException> waiting = threads.submit(() -> {
                worker.complete(Thread.currentThread());
                try {
                    engine.synthesize("Second.", second, cancel);
                    return null;
                } catch (TtsException e) {
                    return e;
                }
            });
            awaitTimedWaiting(worker.get()); // in the engine, waiting for the slot the first call holds
            cancel.cancel();
            assertThat(waiting.get(GUARD_SECONDS, TimeUnit.SECONDS)).isNotNull()
                    .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
            release.countDown();
            holding.get(GUARD_SECONDS, TimeUnit.SECONDS);
            assertThat(second.formats).isEmpty();
        } finally {
            release.countDown();
        }
        assertThat(server.requests).extracting(FakeOpenAiServer.Request::input).containsExactly("First.");
    }

    private static void awaitTimedWaiting(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
        while (thread.getState() != Thread.State.TIMED_WAITING) {
            assertThat(System.nanoTime()).as("guard: %s never waited", thread).isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    @Test
    void cancelMidStreamStopsWithinAChunkAndClosesTheConnection() throws Exception {
        CountDownLatch clientClosed = new CountDownLatch(1);
        server.respond((exchange, request) -> {
            OutputStream out = startAudio(exchange);
            byte[] audio = audioFor("endless", 101);
            writePaced(out, audioFor("start", HUNDRED_MS), 0, HUNDRED_MS, 0);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
            try {
                while (System.nanoTime() < deadline) { // keeps talking until the client hangs up
                    writePaced(out, audio, 0, audio.length, 5);
                }
            } catch (IOException e) {
                clientClosed.countDown();
            }
        });
        try (OpenAiEngine engine = engine()) {
            WaitingSink sink = new WaitingSink(HUNDRED_MS);
            CancellationToken cancel = new CancellationToken();
            Future<TtsException> synthesis = threads.submit(() -> {
                try {
                    engine.synthesize("Hello.", sink, cancel);
                    return null;
                } catch (TtsException e) {
                    return e;
                }
            });
            assertThat(sink.reached.await(GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
            cancel.cancel();
            int chunksAtCancel = sink.chunks();
            TtsException e = synthesis.get(GUARD_SECONDS, TimeUnit.SECONDS);
            assertThat(e).isNotNull();
            assertThat(e.kind()).isEqualTo(Kind.CANCELLED);
            assertThat(sink.chunks()).as("at most one chunk after cancel()").isLessThanOrEqualTo(chunksAtCancel + 1);
            assertThat(clientClosed.await(GUARD_SECONDS, TimeUnit.SECONDS)).as("server saw the connection closed")
                    .isTrue();
            engine.close();
            assertThat(engine.client().awaitTermination(Duration.ofSeconds(GUARD_SECONDS)))
                    .as("no thread or connection of the engine left").isTrue();
        }
    }

    @Test
    void cancelBeforeTheResponseHeadersStopsTheWait() throws Exception {
        CountDownLatch received = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        server.respond((exchange, request) -> {
            received.countDown();
            release.await(GUARD_SECONDS, TimeUnit.SECONDS); // no headers until the test is over
        });
        try (OpenAiEngine engine = engine()) {
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
    void anInterruptIsACancellationAndTheFlagIsKept() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server.respond((exchange, request) -> {
            OutputStream out = startAudio(exchange);
            writePaced(out, audioFor("a", HUNDRED_MS), 0, HUNDRED_MS, 0);
            release.await(GUARD_SECONDS, TimeUnit.SECONDS);
        });
        try (OpenAiEngine engine = engine()) {
            WaitingSink sink = new WaitingSink(HUNDRED_MS);
            CompletableFuture<Thread> worker = new CompletableFuture<>();
            Future<String> outcome = threads.submit(() -> {
                worker.complete(Thread.currentThread());
                try {
                    engine.synthesize("Hello.", sink, new CancellationToken());
                    return "returned";
                } catch (TtsException e) {
                    return e.kind() + " interrupted=" + Thread.currentThread().isInterrupted();
                }
            });
            assertThat(sink.reached.await(GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
            worker.get().interrupt();
            assertThat(outcome.get(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo("CANCELLED interrupted=true");
        } finally {
            release.countDown();
        }
    }

    @Test
    void twentyConcurrentSynthesesOnOneEngineAreEachComplete() throws Exception {
        server.respond((exchange, request) -> {
            byte[] audio = audioFor(request.input(), HUNDRED_MS + 2 * request.input().length() + 1);
            writePaced(startAudio(exchange), audio, 0, audio.length, 1);
        });
        int maxConcurrent = 4;
        try (OpenAiEngine engine = engine("max-concurrent", String.valueOf(maxConcurrent))) {
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
                RecordingSink sink = results.get(i).get(GUARD_SECONDS, TimeUnit.SECONDS);
                assertThat(sink.format()).isEqualTo(OpenAiEngine.FORMAT);
                assertThat(sink.bytes()).as(text).isEqualTo(audioFor(text, HUNDRED_MS + 2 * text.length() + 1));
            }
        }
        assertThat(server.requests).hasSize(20);
        assertThat(server.peakInFlight.get()).as("max-concurrent respected").isBetween(1, maxConcurrent);
    }

    @Test
    void textOverTheLimitIsRequestedInPiecesInOrderAsOneStream() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 5000; i++) {
            text.append(i == 0 ? "" : " ").append("Sentence ").append(i).append(" tells the caller something new.");
        }
        AtomicInteger served = new AtomicInteger();
        server.respond((exchange, request) -> {
            served.incrementAndGet();
            byte[] audio = audioFor(request.input(), 3 * HUNDRED_MS + 1);
            writePaced(startAudio(exchange), audio, 0, audio.length, 0);
        });
        try (OpenAiEngine engine = engine()) {
            RecordingSink sink = new RecordingSink();
            engine.synthesize(text.toString(), sink, new CancellationToken());
            assertThat(server.requests).hasSizeGreaterThanOrEqualTo(2);
            List<String> inputs = server.requests.stream().map(FakeOpenAiServer.Request::input).toList();
            assertThat(inputs).allSatisfy(input -> assertThat(input.length()).isLessThanOrEqualTo(4096));
            assertThat(String.join(" ", inputs)).isEqualTo(text.toString());
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            for (String input : inputs) {
                expected.writeBytes(audioFor(input, 3 * HUNDRED_MS + 1));
            }
            assertThat(sink.formats).hasSize(1);
            assertThat(sink.bytes()).isEqualTo(expected.toByteArray());
        }
    }

    @Test
    void connectionRefusedIsUnavailable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        try (OpenAiEngine engine = OpenAiEngine.create(
                Map.of("api-key", KEY, "base-url", "http://127.0.0.1:" + port + "/v1/"), name -> null)) {
            TtsException e = failure(engine, "Hello.", new RecordingSink());
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e.getMessage()).isEqualTo("openai: http://127.0.0.1:" + port + "/v1/audio/speech: cannot "
                    + "connect, refused or unreachable (ConnectException)");
        }
    }

    @Test
    void theBaseUrlComesFromOpenAiBaseUrlWhenNoOptionGivesIt() throws Exception {
        server.respond((exchange, request) -> writePaced(startAudio(exchange), new byte[5], 0, 5, 0));
        Map<String, String> env = Map.of("OPENAI_BASE_URL", server.baseUrl(), "OPENAI_API_KEY", KEY);
        try (OpenAiEngine engine = OpenAiEngine.create(Map.of(), env::get)) {
            RecordingSink sink = new RecordingSink();
            engine.synthesize("Hello.", sink, new CancellationToken());
            assertThat(sink.bytes()).hasSize(5);
            assertThat(engine.toString()).contains("endpoint=" + server.baseUrl() + "/audio/speech");
        }
        assertThat(server.requests).singleElement()
                .satisfies(r -> assertThat(r.authorization()).isEqualTo("Bearer " + KEY));
        try (OpenAiEngine engine = OpenAiEngine.create(Map.of("api-key", KEY), name -> null)) {
            assertThat(engine.toString()).contains("endpoint=https://api.openai.com/v1/audio/speech");
        }
    }

    @Test
    void aMissingKeyFailsAtCreateNamingTheVariable() {
        for (Map<String, String> env : List.of(Map.<String, String>of(), Map.of("OPENAI_API_KEY", "  "))) {
            assertThatThrownBy(() -> OpenAiEngine.create(Map.of(), env::get))
                    .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTH))
                    .hasMessage("openai: no API key: set OPENAI_API_KEY or pass -E api-key=...");
        }
    }

    @Test
    void theKeyNeverAppearsInAnyOutput() throws Exception {
        List<String> outputs = new ArrayList<>();
        // A vendor that echoes the key it refused: the key is redacted from its message.
        server.respond((exchange, request) -> FakeOpenAiServer.error(exchange, 401,
                "Incorrect API key provided: " + KEY + ". You can find your API key at https://platform.openai.com"));
        try (OpenAiEngine engine = engine()) {
            TtsException e = failure(engine, "Hello.", new RecordingSink());
            assertThat(e.getMessage()).contains("Incorrect API key provided: [redacted].");
            outputs.add(everything(e));
            outputs.add(engine.toString());
        }
        for (int status : new int[] {400, 429, 500, 503}) {
            server.respond((exchange, request) -> FakeOpenAiServer.raw(exchange, status, "text/plain",
                    "bad key " + KEY + " {"));
            try (OpenAiEngine engine = engine("speed", "2", "instructions", "calm")) {
                outputs.add(everything(failure(engine, "Hello.", new RecordingSink())));
                outputs.add(engine.toString());
            }
        }
        CountDownLatch release = new CountDownLatch(1);
        server.respond((exchange, request) -> release.await(GUARD_SECONDS, TimeUnit.SECONDS));
        try (OpenAiEngine engine = engine("first-byte-timeout-ms", "100")) {
            outputs.add(everything(failure(engine, "Hello.", new RecordingSink())));
        } finally {
            release.countDown();
        }
        try (OpenAiEngine engine = OpenAiEngine.create(Map.of("api-key", KEY, "base-url", "http://127.0.0.1:1/v1"),
                name -> null)) {
            outputs.add(everything(failure(engine, "Hello.", new RecordingSink())));
        }
        for (Map<String, String> bad : List.of(Map.of("api-key", KEY, "speed", "9"),
                Map.of("api-key", KEY, "model", "tts-1", "instructions", "x"),
                Map.of("api-key", KEY, "base-url", "ftp://x"), Map.of("api-key", KEY, "colour", "blue"),
                Map.of("api-key", KEY + "\n" + KEY))) {
            try {
                OpenAiEngine.create(bad, name -> null).close();
                throw new AssertionError("created with " + bad.keySet());
            } catch (TtsException e) {
                outputs.add(everything(e));
            }
        }
        outputs.add(new OpenAiEngineProvider().description());
        assertThat(outputs).hasSize(18).allSatisfy(output -> assertThat(output).doesNotContain(KEY)
                .doesNotContain(KEY.substring(8, 20)));
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
    void badOptionsAreBadRequestsNamingTheValue() {
        assertBadRequest(Map.of("speed", "4.5"), "openai: option speed = '4.5' is not a number in [0.25, 4.0]");
        assertBadRequest(Map.of("speed", "fast"), "openai: option speed = 'fast' is not a number in [0.25, 4.0]");
        assertBadRequest(Map.of("speed", "NaN"), "openai: option speed = 'NaN' is not a number in [0.25, 4.0]");
        assertBadRequest(Map.of("model", "tts-1-hd", "instructions", "Whisper."),
                "openai: option instructions is not supported by model 'tts-1-hd' (use gpt-4o-mini-tts)");
        assertBadRequest(Map.of("base-url", "api.openai.com/v1"), "openai: option base-url = 'api.openai.com/v1' is "
                + "not an http(s) URL of the API root such as https://api.openai.com/v1");
        assertBadRequest(Map.of("max-concurrent", "0"), "openai: option max-concurrent = '0' is not an integer in "
                + "[1, 1000]");
        assertBadRequest(Map.of("voise", "alloy"), "openai: unknown option 'voise' (known: api-key, base-url, "
                + "connect-timeout-ms, first-byte-timeout-ms, instructions, max-concurrent, model, speed, voice)");
        assertThatThrownBy(() -> OpenAiEngine.create(Map.of("api-key", "sk-x"),
                Map.of("OPENAI_BASE_URL", "localhost:8080")::get))
                .hasMessage("openai: OPENAI_BASE_URL = 'localhost:8080' is not an http(s) URL of the API root such "
                        + "as https://api.openai.com/v1");
    }

    private static void assertBadRequest(Map<String, String> options, String message) {
        Map<String, String> all = new HashMap<>(options);
        all.put("api-key", "sk-x");
        assertThatThrownBy(() -> OpenAiEngine.create(all, name -> null))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST))
                .hasMessage(message);
    }

    @Test
    void aClosedEngineRefusesWork() throws Exception {
        OpenAiEngine engine = engine();
        engine.close();
        engine.close();
        assertThat(engine.toString()).endsWith(", closed]");
        assertThatThrownBy(() -> engine.synthesize("Hi.", new RecordingSink(), new CancellationToken()))
                .isInstanceOf(IllegalStateException.class).hasMessage("OpenAI engine is closed");
    }

    @Test
    void aSinkFailureIsRethrownUnchanged() throws Exception {
        server.respond((exchange, request) -> writePaced(startAudio(exchange), new byte[HUNDRED_MS], 0, HUNDRED_MS,
                0));
        IllegalStateException boom = new IllegalStateException("sink full");
        try (OpenAiEngine engine = engine()) {
            assertThatThrownBy(() -> engine.synthesize("Hi.", new RecordingSink() {
                @Override
                public void audio(byte[] chunk, int off, int len) {
                    throw boom;
                }
            }, new CancellationToken())).isSameAs(boom);
        }
    }

    @Test
    void aCancelledTokenSendsNothing() throws Exception {
        CancellationToken cancel = new CancellationToken();
        cancel.cancel();
        try (OpenAiEngine engine = engine()) {
            assertThatThrownBy(() -> engine.synthesize("Hi.", new RecordingSink(), cancel))
                    .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
        }
        assertThat(server.requests).isEmpty();
    }
}
