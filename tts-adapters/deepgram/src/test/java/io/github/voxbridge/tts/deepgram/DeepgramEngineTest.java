package io.github.voxbridge.tts.deepgram;

import static io.github.voxbridge.tts.deepgram.FakeDeepgramRest.audioFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.RecordingSink;
import io.github.voxbridge.tts.WaitingSink;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.TtsException.Kind;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine against {@link FakeDeepgramSocket} (Jetty WebSocket) and {@link FakeDeepgramRest} (JDK HTTP server),
 * loopback servers speaking Deepgram's {@code /v1/speak} protocols.
 */
class DeepgramEngineTest {

    /** Distinctive, so every failure's message can be searched for it. */
    static final String KEY = "dg-test-Kx81DISTINCTIVE-77aa";
    private static final long GUARD_SECONDS = 20;
    /** 100 ms of mu-law 8 kHz. */
    private static final int HUNDRED_MS = 800;
    private static final AudioFormatSpec MULAW_8K = new AudioFormatSpec(SampleEncoding.MULAW, 8_000);

    private FakeDeepgramSocket socket;
    private FakeDeepgramRest rest;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeEach
    void start() throws Exception {
        socket = new FakeDeepgramSocket(KEY);
        rest = new FakeDeepgramRest(KEY);
    }

    @AfterEach
    void stop() throws Exception {
        socket.close();
        rest.close();
        threads.shutdownNow();
    }

    private DeepgramEngine engine(String baseUrl, String... options) throws TtsException {
        Map<String, String> map = new HashMap<>(Map.of("api-key", KEY, "base-url", baseUrl));
        for (int i = 0; i < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        return DeepgramEngine.create(map, name -> null);
    }

    /** The failure of a synthesis, checked never to show the key. */
    private static TtsException failure(DeepgramEngine engine, String text, RecordingSink sink) {
        try {
            engine.synthesize(text, sink, new CancellationToken());
        } catch (TtsException e) {
            assertNoKey(e);
            return e;
        }
        throw new AssertionError("synthesize succeeded");
    }

    private static void assertNoKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(KEY);
            assertThat(t.toString()).doesNotContain(KEY);
        }
    }

    @Test
    void webSocketPassesTheMulawBytesThroughUnchanged() throws Exception {
        byte[] audio = audioFor("hello", 5 * HUNDRED_MS + 1);
        socket.script(c -> {
            c.metadata();
            c.audio(audio, 0, audio.length);
            c.text("{\"type\":\"Warning\",\"warn_code\":\"EXCESSIVE_FLUSH\",\"warn_msg\":\"slow down\"}");
            c.flushed();
        });
        try (DeepgramEngine engine = engine(socket.baseUrl())) {
            RecordingSink sink = new RecordingSink();
            engine.synthesize("Hello \"there\" \u00e9\n", sink, new CancellationToken());

            assertThat(sink.format()).isEqualTo(MULAW_8K);
            assertThat(sink.formats).hasSize(1);
            assertThat(sink.bytes()).as("the server's bytes, untouched").isEqualTo(audio);
            assertThat(sink.chunkSizes).as("one chunk per binary frame, odd sizes kept")
                    .containsExactly(1, 333, audio.length - 334);
        }
        assertThat(socket.handshakes).singleElement().satisfies(h -> {
            assertThat(h.path()).isEqualTo("/v1/speak");
            assertThat(h.query()).isEqualTo("model=aura-2-thalia-en&encoding=mulaw&sample_rate=8000");
            assertThat(h.authorization()).isEqualTo("Token " + KEY);
        });
        FakeDeepgramSocket.Connection c = socket.nextConnection();
        // The socket was kept for the next synthesis (no Close), then closed with the engine.
        assertThat(c.received).containsExactly("{\"type\":\"Speak\",\"text\":\"Hello \\\"there\\\" \u00e9\\n\"}",
                SpeakConversation.FLUSH);
        assertThat(c.closedWith.poll(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(1000);
    }

    @Test
    void theSocketIsKeptWarmForTheNextSynthesis() throws Exception {
        socket.script(c -> {
            List<String> spoken = c.spoken();
            byte[] audio = audioFor(spoken.get(spoken.size() - 1), HUNDRED_MS + 3);
            c.audio(audio, 0, audio.length);
            c.flushed();
        });
        try (DeepgramEngine engine = engine(socket.baseUrl())) {
            for (String text : List.of("First turn.", "Second turn.", "Third turn.")) {
                RecordingSink sink = new RecordingSink();
                engine.synthesize(text, sink, new CancellationToken());
                assertThat(sink.bytes()).isEqualTo(audioFor(text, HUNDRED_MS + 3));
            }
            assertThat(socket.handshakes).as("one socket for the three").hasSize(1);
            assertThat(engine.socket().warmSockets()).isEqualTo(1);
        }
    }

    @Test
    void aSocketDeepgramClosedWhileIdleIsReplacedWithoutTheCallerNoticing() throws Exception {
        socket.script(c -> {
            List<String> spoken = c.spoken();
            byte[] audio = audioFor(spoken.get(spoken.size() - 1), HUNDRED_MS + 3);
            c.audio(audio, 0, audio.length);
            c.flushed();
        });
        try (DeepgramEngine engine = engine(socket.baseUrl())) {
            engine.synthesize("Before the idle close.", new RecordingSink(), new CancellationToken());
            FakeDeepgramSocket.Connection first = socket.nextConnection();
            first.close(1011, "NET-0001 idle"); // Deepgram's idle limit for TTS sockets is not documented [U]
            RecordingSink sink = new RecordingSink();
            engine.synthesize("After it.", sink, new CancellationToken());
            assertThat(sink.bytes()).isEqualTo(audioFor("After it.", HUNDRED_MS + 3));
            assertThat(socket.handshakes).hasSize(2);
            assertThat(socket.nextConnection().spoken()).containsExactly("After it.");
        }
    }

    @Test
    void keepIdleZeroClosesEachSocketWithClose() throws Exception {
        try (DeepgramEngine engine = engine(socket.baseUrl(), "keep-idle-ms", "0")) {
            engine.synthesize("One.", new RecordingSink(), new CancellationToken());
            engine.synthesize("Two.", new RecordingSink(), new CancellationToken());
            assertThat(socket.handshakes).hasSize(2);
            for (int i = 0; i < 2; i++) {
                FakeDeepgramSocket.Connection c = socket.nextConnection();
                assertThat(c.closedWith.poll(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(1000);
                assertThat(c.received).endsWith(SpeakConversation.FLUSH, SpeakConversation.CLOSE);
            }
        }
    }

    @Test
    void restPassesTheMulawBytesThroughUnchanged() throws Exception {
        byte[] audio = audioFor("rest", 3 * HUNDRED_MS + 7);
        rest.respond((exchange, request) -> FakeDeepgramRest.audio(exchange, "audio/basic", audio));
        try (DeepgramEngine engine = engine(rest.baseUrl(), "transport", "rest")) {
            RecordingSink sink = new RecordingSink();
            engine.synthesize("Hello.", sink, new CancellationToken());
            assertThat(sink.format()).isEqualTo(MULAW_8K);
            assertThat(sink.bytes()).isEqualTo(audio);
        }
        assertThat(rest.requests).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/v1/speak");
            assertThat(r.query()).isEqualTo("model=aura-2-thalia-en&encoding=mulaw&sample_rate=8000&container=none");
            assertThat(r.authorization()).isEqualTo("Token " + KEY);
            assertThat(r.contentType()).isEqualTo("application/json");
            assertThat(r.json().toString()).isEqualTo("{\"text\":\"Hello.\"}");
        });
    }

    @Test
    void linear16IsS16leAtTheRateAsked() throws Exception {
        byte[] audio = audioFor("pcm", 1601); // odd: the last sample split
        rest.respond((exchange, request) -> FakeDeepgramRest.audio(exchange, "application/octet-stream", audio));
        socket.script(c -> {
            c.audio(audio, 0, audio.length);
            c.flushed();
        });
        try (DeepgramEngine viaRest = engine(rest.baseUrl(), "transport", "rest", "encoding", "linear16",
                "sample-rate", "16000", "model", "aura-2-andromeda-en");
                DeepgramEngine viaSocket = engine(socket.baseUrl(), "encoding", "linear16")) {
            RecordingSink a = new RecordingSink();
            viaRest.synthesize("Hi.", a, new CancellationToken());
            RecordingSink b = new RecordingSink();
            viaSocket.synthesize("Hi.", b, new CancellationToken());
            assertThat(a.format()).isEqualTo(new AudioFormatSpec(SampleEncoding.S16LE, 16_000));
            assertThat(b.format()).isEqualTo(new AudioFormatSpec(SampleEncoding.S16LE, 24_000));
            assertThat(a.bytes()).isEqualTo(audio);
            assertThat(b.bytes()).isEqualTo(audio);
        }
        assertThat(rest.requests.get(0).query())
                .isEqualTo("model=aura-2-andromeda-en&encoding=linear16&sample_rate=16000&container=none");
        assertThat(socket.handshakes.get(0).query())
                .isEqualTo("model=aura-2-thalia-en&encoding=linear16&sample_rate=24000");
    }

    @Test
    void longTextIsSpokenInPiecesUnderTheLimitWithOneFlush() throws Exception {
        String sentence = "This sentence is part of a long text that goes on. ";
        String text = sentence.repeat(100); // 5200 chars
        byte[] audio = audioFor("long", 999);
        socket.script(c -> {
            c.audio(audio, 0, audio.length);
            c.flushed();
        });
        rest.respond((exchange, request) -> FakeDeepgramRest.audio(exchange, "audio/basic", audio));
        try (DeepgramEngine viaSocket = engine(socket.baseUrl());
                DeepgramEngine viaRest = engine(rest.baseUrl(), "transport", "rest")) {
            RecordingSink a = new RecordingSink();
            viaSocket.synthesize(text, a, new CancellationToken());
            assertThat(a.bytes()).isEqualTo(audio);
            RecordingSink b = new RecordingSink();
            viaRest.synthesize(text, b, new CancellationToken());
            assertThat(b.formats).hasSize(1);
            assertThat(b.bytes().length).isEqualTo(audio.length * rest.requests.size());
        }
        FakeDeepgramSocket.Connection c = socket.nextConnection();
        List<String> spoken = c.spoken();
        assertThat(spoken).hasSizeGreaterThan(2).allSatisfy(p -> assertThat(p.length())
                .isLessThanOrEqualTo(DeepgramEngine.MAX_TEXT_CHARS));
        assertThat(String.join("", spoken).replace(" ", "")).isEqualTo(text.replace(" ", ""));
        assertThat(c.received.stream().filter(SpeakConversation.FLUSH::equals)).hasSize(1);
        assertThat(rest.requests).hasSize(spoken.size());
    }

    @Test
    void aRefusedKeyAtTheHandshakeIsAuth() throws Exception {
        try (DeepgramEngine engine = DeepgramEngine.create(Map.of("api-key", "wrong-key", "base-url",
                socket.baseUrl()), name -> null)) {
            TtsException e = failure(engine, "Hello.", new RecordingSink());
            assertThat(e.kind()).isEqualTo(Kind.AUTH);
            assertThat(e).hasMessage("deepgram: HTTP 401: 'Invalid credentials.'");
        }
        try (DeepgramEngine engine = DeepgramEngine.create(Map.of("api-key", "wrong-key", "base-url",
                rest.baseUrl(), "transport", "rest"), name -> null)) {
            TtsException e = failure(engine, "Hello.", new RecordingSink());
            assertThat(e.kind()).isEqualTo(Kind.AUTH);
            assertThat(e).hasMessage("deepgram: HTTP 401: 'Invalid credentials. [INVALID_AUTH]'");
        }
    }

    @Test
    void tooManyRequestsIsRateLimitedWithTheDelay() throws Exception {
        socket.refuse(new FakeDeepgramSocket.Refusal(429, Map.of("Retry-After", "3", "dg-error",
                "Too Many Requests"), "{\"err_code\":\"Too Many Requests\"}"));
        rest.respond((exchange, request) -> {
            exchange.getResponseHeaders().set("Retry-After", "4");
            FakeDeepgramRest.error(exchange, 429, "Too Many Requests", "Too many concurrent requests");
        });
        try (DeepgramEngine engine = engine(socket.baseUrl())) {
            RecordingSink sink = new RecordingSink();
            TtsException e = failure(engine, "Hello.", sink);
            assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
            assertThat(e).hasMessage("deepgram: HTTP 429: 'Too Many Requests'");
            assertThat(sink.formats).isEmpty();
        }
        try (DeepgramEngine engine = engine(rest.baseUrl(), "transport", "rest")) {
            TtsException e = failure(engine, "Hello.", new RecordingSink());
            assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(4));
        }
    }

    @Test
    void aServerErrorAtTheHandshakeIsUnavailable() throws Exception {
        socket.refuse(new FakeDeepgramSocket.Refusal(503, Map.of(), "{\"err_code\":\"SERVICE_UNAVAILABLE\","
                + "\"err_msg\":\"Try again later " + KEY + "\"}"));
        try (DeepgramEngine engine = engine(socket.baseUrl())) {
            TtsException e = failure(engine, "Hello.", new RecordingSink());
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e.getMessage()).startsWith("deepgram: HTTP 503");
        }
    }

    @Test
    void aCloseWithoutFlushedIsUnavailableAfterTheAudioDelivered() throws Exception {
        byte[] audio = audioFor("cut", 2 * HUNDRED_MS + 3);
        socket.script(c -> {
            c.audio(audio, 0, audio.length);
            c.close(1011, "NET-0001");
        });
        try (DeepgramEngine engine = engine(socket.baseUrl())) {
            RecordingSink sink = new RecordingSink();
            TtsException e = failure(engine, "Hello.", sink);
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e).hasMessage("deepgram: ws://127.0.0.1:" + socket.baseUrl().replaceAll(".*:", "")
                    + "/v1/speak closed the connection (1011 'NET-0001') before the end of the audio, after "
                    + audio.length + " bytes");
            assertThat(sink.bytes()).isEqualTo(audio);
        }
        socket.script(c -> {
            c.audio(audio, 0, 5);
            c.close(1000, "");
        });
        try (DeepgramEngine engine = engine(socket.baseUrl())) {
            RecordingSink sink = new RecordingSink();
            assertThat(failure(engine, "Hello.", sink).kind()).as("even a normal close, before Flushed")
                    .isEqualTo(Kind.UNAVAILABLE);
            assertThat(sink.bytes()).isEqualTo(Arrays.copyOf(audio, 5));
        }
    }

    @Test
    void aMalformedTextFrameIsAProtocolError() throws Exception {
        socket.script(c -> {
            c.audio(new byte[] {1, 2, 3}, 0, 3);
            c.text("{\"type\":\"Flushed\",");
        });
        try (DeepgramEngine engine = engine(socket.baseUrl())) {
            RecordingSink sink = new RecordingSink();
            TtsException e = failure(engine, "Hello.", sink);
            assertThat(e.kind()).isEqualTo(Kind.PROTOCOL);
            assertThat(e).hasMessage("deepgram: expected a JSON message with a type, got '{\"type\":\"Flushed\",'");
            assertThat(sink.bytes()).containsExactly(1, 2, 3);
        }
        socket.script(c -> c.text("[\"Flushed\"]"));
        try (DeepgramEngine engine = engine(socket.baseUrl())) {
            assertThat(failure(engine, "Hello.", new RecordingSink()).kind()).isEqualTo(Kind.PROTOCOL);
        }
    }

    @Test
    void cancelMidStreamSendsClearAndReturnsCancelled() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        socket.script(c -> {
            byte[] audio = audioFor("endless", 101);
            c.audio(audioFor("start", HUNDRED_MS), 0, HUNDRED_MS);
            while (!stop.await(5, TimeUnit.MILLISECONDS)) { // keeps talking until the test is over
                c.audio(audio, 0, audio.length);
            }
        });
        try (DeepgramEngine engine = engine(socket.baseUrl())) {
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
            FakeDeepgramSocket.Connection c = socket.nextConnection();
            assertThat(c.awaitMessage(SpeakConversation.CLEAR)).as("the server received Clear").isTrue();
            engine.close();
            assertThat(engine.socket().awaitTermination(Duration.ofSeconds(GUARD_SECONDS)))
                    .as("no thread or connection of the engine left").isTrue();
        } finally {
            stop.countDown();
        }
    }

    @Test
    void concurrentSynthesesEachGetTheirOwnAudio() throws Exception {
        socket.script(c -> {
            List<String> spoken = c.spoken(); // a kept socket carries one synthesis after another
            String text = spoken.get(spoken.size() - 1);
            byte[] audio = audioFor(text, 700 + text.length() * 13);
            c.audio(audio, 0, audio.length);
            c.flushed();
        });
        try (DeepgramEngine engine = engine(socket.baseUrl(), "max-concurrent", "3")) {
            List<Future<RecordingSink>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) { // issue 12: 20 concurrent syntheses on one engine instance
                String text = "Caller number " + i + " says hello.";
                calls.add(threads.submit(() -> {
                    RecordingSink sink = new RecordingSink();
                    engine.synthesize(text, sink, new CancellationToken());
                    return sink;
                }));
            }
            for (int i = 0; i < calls.size(); i++) {
                String text = "Caller number " + i + " says hello.";
                assertThat(calls.get(i).get(GUARD_SECONDS, TimeUnit.SECONDS).bytes())
                        .isEqualTo(audioFor(text, 700 + text.length() * 13));
            }
        }
        // Never more sockets than syntheses allowed at once; finished ones carry the later calls.
        assertThat(socket.handshakes.size()).isBetween(1, 3);
    }

    @Test
    void blankTextSendsNothing() throws Exception {
        try (DeepgramEngine engine = engine(socket.baseUrl())) {
            RecordingSink sink = new RecordingSink();
            engine.synthesize(" \n", sink, new CancellationToken());
            assertThat(sink.formats).isEmpty();
        }
        assertThat(socket.handshakes).isEmpty();
    }

    @Test
    void aMissingKeyIsAuthAtCreateNamingTheVariable() {
        assertThatThrownBy(() -> DeepgramEngine.create(Map.of(), name -> null))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTH))
                .hasMessage("deepgram: no API key: set DEEPGRAM_API_KEY or pass -E api-key=...");
    }

    @Test
    void theKeyComesFromTheEnvironmentAndNeverShows() throws Exception {
        socket.script(c -> {
            c.audio(new byte[] {9}, 0, 1);
            c.flushed();
        });
        try (DeepgramEngine engine = DeepgramEngine.create(Map.of("base-url", socket.baseUrl()),
                name -> name.equals("DEEPGRAM_API_KEY") ? KEY : null)) {
            RecordingSink sink = new RecordingSink();
            engine.synthesize("Hi.", sink, new CancellationToken());
            assertThat(sink.bytes()).containsExactly(9);
            assertThat(engine.toString()).doesNotContain(KEY).contains("aura-2-thalia-en", "mulaw 8000 Hz");
        }
    }

    @Test
    void badOptionsAreBadRequestNamingTheValue() {
        assertBadOption("encoding", "mp3", "deepgram: option encoding = 'mp3' is not mulaw or linear16");
        assertBadOption("sample-rate", "44100",
                "deepgram: option sample-rate = '44100' is not one of [8000, 16000] Hz for encoding mulaw");
        assertBadOption("transport", "carrier-pigeon",
                "deepgram: option transport = 'carrier-pigeon' is not websocket or rest");
        assertBadOption("base-url", "ftp://x",
                "deepgram: option base-url = 'ftp://x' is not an http(s) URL of the API root such as "
                        + "https://api.deepgram.com");
    }

    private static void assertBadOption(String option, String value, String message) {
        assertThatThrownBy(() -> DeepgramEngine.create(Map.of("api-key", KEY, option, value), name -> null))
                .isInstanceOfSatisfying(TtsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST);
                    assertNoKey(e);
                })
                .hasMessage(message);
    }

    @Test
    void audioReachesTheSinkAsItArrivesNotAtTheEnd() throws Exception {
        byte[] audio = audioFor("paced", 5 * HUNDRED_MS + 1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        socket.script(c -> {
            c.audio(audio, 0, HUNDRED_MS);
            release.await(GUARD_SECONDS, TimeUnit.SECONDS); // the first 100 ms, then nothing until the test says
            c.audio(audio, HUNDRED_MS, audio.length);
            finished.countDown();
            c.flushed();
        });
        try (DeepgramEngine engine = engine(socket.baseUrl())) {
            WaitingSink sink = new WaitingSink(HUNDRED_MS);
            Future<?> synthesis = threads.submit(() -> {
                engine.synthesize("Hello.", sink, new CancellationToken());
                return null;
            });
            assertThat(sink.reached.await(GUARD_SECONDS, TimeUnit.SECONDS)).as("first 100 ms delivered").isTrue();
            assertThat(finished.getCount()).as("the server is still holding back the rest").isEqualTo(1);
            release.countDown();
            synthesis.get(GUARD_SECONDS, TimeUnit.SECONDS);
            assertThat(sink.bytes()).isEqualTo(audio);
        } finally {
            release.countDown();
        }
    }

    @Test
    void cancelDuringTheHandshakeReturnsAndTheSocketOpenedLateIsClosed() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        socket.holdHandshakes(arrived, gate);
        try (DeepgramEngine engine = engine(socket.baseUrl())) {
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
            assertThat(arrived.await(GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
            cancel.cancel();
            TtsException e = synthesis.get(GUARD_SECONDS, TimeUnit.SECONDS);
            assertThat(e).isNotNull();
            assertThat(e.kind()).isEqualTo(Kind.CANCELLED);
            gate.countDown(); // the handshake completes only now, after the caller has given up
            FakeDeepgramSocket.Connection c = socket.nextConnection();
            assertThat(c.closedWith.poll(GUARD_SECONDS, TimeUnit.SECONDS)).as("the late socket is closed").isNotNull();
            assertThat(c.received).isEmpty();
            assertThat(sink.formats).isEmpty();
        } finally {
            gate.countDown();
        }
    }

    @Test
    void aSilentServerTimesOutAsUnavailableNamingTheTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        socket.script(c -> release.await(GUARD_SECONDS, TimeUnit.SECONDS)); // never answers the Flush
        try (DeepgramEngine engine = engine(socket.baseUrl(), "first-byte-timeout-ms", "300")) {
            TtsException e = failure(engine, "Hello.", new RecordingSink());
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e).hasMessage("deepgram: " + socket.baseUrl().replace("http:", "ws:")
                    + "/v1/speak: no message within first-byte-timeout-ms = 300 ms, after 0 bytes");
        } finally {
            release.countDown();
        }
    }

    @Test
    void aRefusedConnectionIsUnavailable() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        try (DeepgramEngine engine = engine("http://127.0.0.1:" + port)) {
            TtsException e = failure(engine, "Hello.", new RecordingSink());
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e.getMessage()).startsWith("deepgram: ws://127.0.0.1:" + port + "/v1/speak: ");
        }
    }

    @Test
    void aSinkFailureIsRethrownUnchanged() throws Exception {
        byte[] audio = audioFor("sink", 3 * HUNDRED_MS);
        socket.script(c -> {
            c.audio(audio, 0, audio.length);
            c.flushed();
        });
        IllegalStateException broken = new IllegalStateException("the call hung up");
        try (DeepgramEngine engine = engine(socket.baseUrl())) {
            RecordingSink sink = new RecordingSink() {
                @Override
                public void audio(byte[] chunk, int off, int len) {
                    throw broken;
                }
            };
            assertThatThrownBy(() -> engine.synthesize("Hello.", sink, new CancellationToken())).isSameAs(broken);
        }
    }

    @Test
    void anInterruptIsACancelThatKeepsTheFlag() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        socket.script(c -> {
            c.audio(audioFor("start", HUNDRED_MS), 0, HUNDRED_MS);
            stop.await(GUARD_SECONDS, TimeUnit.SECONDS);
        });
        try (DeepgramEngine engine = engine(socket.baseUrl())) {
            WaitingSink sink = new WaitingSink(HUNDRED_MS);
            CompletableFuture<Thread> worker = new CompletableFuture<>();
            Future<Boolean> flagKept = threads.submit(() -> {
                worker.complete(Thread.currentThread());
                try {
                    engine.synthesize("Hello.", sink, new CancellationToken());
                    throw new AssertionError("synthesize succeeded");
                } catch (TtsException e) {
                    assertThat(e.kind()).isEqualTo(Kind.CANCELLED);
                    return Thread.currentThread().isInterrupted();
                }
            });
            assertThat(sink.reached.await(GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
            worker.get().interrupt();
            assertThat(flagKept.get(GUARD_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(socket.nextConnection().awaitMessage(SpeakConversation.CLEAR)).isTrue();
        } finally {
            stop.countDown();
        }
    }
}
