package io.github.voxbridge.tts.cartesia;

import static io.github.voxbridge.tts.cartesia.FakeCartesiaSocket.audioFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/** The engine against {@link FakeCartesiaSocket}, a loopback Jetty server speaking Cartesia's {@code /tts/websocket}. */
class CartesiaEngineTest {

    /** Distinctive, so every failure's message can be searched for it. */
    static final String KEY = "sk_car_test-Qz93DISTINCTIVE-41bb";
    private static final long GUARD_SECONDS = 20;
    /** 100 ms of mu-law 8 kHz. */
    private static final int HUNDRED_MS = 800;
    private static final AudioFormatSpec MULAW_8K = new AudioFormatSpec(SampleEncoding.MULAW, 8_000);

    private FakeCartesiaSocket socket;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeEach
    void start() throws Exception {
        socket = new FakeCartesiaSocket(KEY);
    }

    @AfterEach
    void stop() throws Exception {
        socket.close();
        threads.shutdownNow();
    }

    private CartesiaEngine engine(String... options) throws TtsException {
        Map<String, String> map = new HashMap<>(Map.of("api-key", KEY, "base-url", socket.baseUrl()));
        for (int i = 0; i < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        return CartesiaEngine.create(map, name -> null);
    }

    /** The failure of a synthesis, checked never to show the key. */
    private static TtsException failure(CartesiaEngine engine, String text, RecordingSink sink) {
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
            for (Throwable s : t.getSuppressed()) {
                assertNoKey(s);
            }
        }
    }

    private static String port(FakeCartesiaSocket server) {
        return server.baseUrl().replaceAll(".*:", "");
    }

    @Test
    void theMulawBytesPassThroughUnchangedInTheirOddSizedChunks() throws Exception {
        byte[] audio = audioFor("hello", 5 * HUNDRED_MS + 1);
        socket.script((c, context) -> {
            c.chunks(context, audio, 0, audio.length);
            c.timestamps(context);
            c.text("{\"type\":\"flush_done\",\"done\":false,\"flush_done\":true,\"flush_id\":1,\"status_code\":206,"
                    + "\"context_id\":\"" + context + "\"}");
            c.done(context);
        });
        try (CartesiaEngine engine = engine()) {
            RecordingSink sink = new RecordingSink();
            engine.synthesize("Hello \"there\" \u00e9\n", sink, new CancellationToken());

            assertThat(sink.format()).isEqualTo(MULAW_8K);
            assertThat(sink.formats).hasSize(1);
            assertThat(sink.bytes()).as("the server's bytes, untouched").isEqualTo(audio);
            assertThat(sink.chunkSizes).as("one sink chunk per chunk message, odd sizes kept whole")
                    .containsExactly(1, 333, audio.length - 334);
        }
        assertThat(socket.handshakes).singleElement().satisfies(h -> {
            assertThat(h.path()).isEqualTo("/tts/websocket");
            assertThat(h.query()).isNull();
            assertThat(h.apiKeyHeader()).isEqualTo(KEY);
            assertThat(h.versionHeader()).isEqualTo("2026-03-01");
            assertThat(h.authorization()).isNull();
        });
        FakeCartesiaSocket.Connection c = socket.nextConnection();
        List<JsonNode> requests = c.requests();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).toString()).isEqualTo("{\"model_id\":\"sonic-3\",\"transcript\":"
                + "\"Hello \\\"there\\\" \u00e9\\n\",\"voice\":{\"mode\":\"id\",\"id\":\""
                + CartesiaEngine.DEFAULT_VOICE + "\"},\"output_format\":{\"container\":\"raw\",\"encoding\":"
                + "\"pcm_mulaw\",\"sample_rate\":8000},\"language\":\"en\",\"add_timestamps\":false,"
                + "\"max_buffer_delay_ms\":0,\"context_id\":\"" + requests.get(0).get("context_id").asText()
                + "\",\"continue\":true}");
        assertThat(requests.get(1).get("transcript").asText()).isEmpty();
        assertThat(requests.get(1).get("continue").asBoolean()).isFalse();
        assertThat(c.received).as("no cancel after done").hasSize(2);
        assertThat(c.closedWith.poll(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(1000);
    }

    @Test
    void theSocketIsKeptWarmAndEachSynthesisHasItsOwnContext() throws Exception {
        socket.script((c, context) -> {
            byte[] audio = audioFor(context, HUNDRED_MS + 1);
            c.chunks(context, audio, 0, audio.length);
            c.done(context);
        });
        try (CartesiaEngine engine = engine()) {
            for (String text : List.of("First turn.", "Second turn.", "Third turn.")) {
                RecordingSink sink = new RecordingSink();
                engine.synthesize(text, sink, new CancellationToken());
                assertThat(sink.bytes()).hasSize(HUNDRED_MS + 1);
            }
            assertThat(socket.handshakes).as("one socket for the three").hasSize(1);
            assertThat(engine.socket().warmSockets()).isEqualTo(1);
            List<JsonNode> requests = socket.nextConnection().requests();
            assertThat(requests).hasSize(6);
            assertThat(requests.stream().map(r -> r.get("context_id").asText()).distinct()).hasSize(3);
        }
    }

    @Test
    void aSocketCartesiaClosedWhileIdleIsReplacedWithoutTheCallerNoticing() throws Exception {
        socket.script((c, context) -> {
            byte[] audio = audioFor(context, HUNDRED_MS + 1);
            c.chunks(context, audio, 0, audio.length);
            c.done(context);
        });
        try (CartesiaEngine engine = engine()) {
            engine.synthesize("Before the idle close.", new RecordingSink(), new CancellationToken());
            socket.nextConnection().close(1000, "idle timeout"); // Cartesia closes idle sockets (section 4a)
            RecordingSink sink = new RecordingSink();
            engine.synthesize("After it.", sink, new CancellationToken());
            assertThat(sink.bytes()).hasSize(HUNDRED_MS + 1);
            assertThat(socket.handshakes).hasSize(2);
            assertThat(socket.nextConnection().requests().get(0).get("transcript").asText()).isEqualTo("After it.");
        }
    }

    @Test
    void longTextIsOneContextOfContinuationsJoiningToTheText() throws Exception {
        String sentence = "This sentence is part of a long text that goes on and on. ";
        String text = (sentence.repeat(40) + "The end.");
        byte[] audio = audioFor("long", 999);
        socket.script((c, context) -> {
            c.chunks(context, audio, 0, audio.length);
            c.done(context);
        });
        try (CartesiaEngine engine = engine()) {
            RecordingSink sink = new RecordingSink();
            engine.synthesize(text, sink, new CancellationToken());
            assertThat(sink.bytes()).isEqualTo(audio);
        }
        List<JsonNode> requests = socket.nextConnection().requests();
        assertThat(requests).hasSizeGreaterThan(3);
        String context = requests.get(0).get("context_id").asText();
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < requests.size(); i++) {
            JsonNode r = requests.get(i);
            boolean last = i == requests.size() - 1;
            assertThat(r.get("context_id").asText()).isEqualTo(context);
            assertThat(r.get("continue").asBoolean()).isEqualTo(!last);
            assertThat(r.get("transcript").asText().length()).isLessThanOrEqualTo(CartesiaEngine.PIECE_CHARS + 1);
            ObjectNode others = ((ObjectNode) r.deepCopy()).without(List.of("transcript", "continue"));
            ObjectNode first = ((ObjectNode) requests.get(0).deepCopy()).without(List.of("transcript", "continue"));
            assertThat(others).as("every field but transcript and continue the same").isEqualTo(first);
            joined.append(r.get("transcript").asText());
        }
        assertThat(requests.get(requests.size() - 1).get("transcript").asText()).isEmpty();
        assertThat(joined.toString()).as("transcripts joined verbatim are the text").isEqualTo(text);
    }

    @Test
    void pcmS16leAt24kHzReachesTheSinkAsS16le() throws Exception {
        byte[] audio = audioFor("pcm", 4_801); // odd: the last sample split
        socket.script((c, context) -> {
            c.chunks(context, audio, 0, audio.length);
            c.done(context);
        });
        try (CartesiaEngine s16 = engine("encoding", "pcm_s16le", "sample-rate", "24000");
                CartesiaEngine f32 = engine("encoding", "pcm_f32le");
                CartesiaEngine alaw = engine("encoding", "pcm_alaw", "sample-rate", "16000")) {
            RecordingSink a = new RecordingSink();
            s16.synthesize("Hi.", a, new CancellationToken());
            assertThat(a.format()).isEqualTo(new AudioFormatSpec(SampleEncoding.S16LE, 24_000));
            assertThat(a.bytes()).isEqualTo(audio);
            RecordingSink b = new RecordingSink();
            f32.synthesize("Hi.", b, new CancellationToken());
            assertThat(b.format()).isEqualTo(new AudioFormatSpec(SampleEncoding.F32LE, 24_000));
            assertThat(b.bytes()).isEqualTo(audio);
            RecordingSink d = new RecordingSink();
            alaw.synthesize("Hi.", d, new CancellationToken());
            assertThat(d.format()).isEqualTo(new AudioFormatSpec(SampleEncoding.ALAW, 16_000));
        }
        List<String> formats = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            formats.add(socket.nextConnection().requests().get(0).get("output_format").toString());
        }
        assertThat(formats).containsExactly(
                "{\"container\":\"raw\",\"encoding\":\"pcm_s16le\",\"sample_rate\":24000}",
                "{\"container\":\"raw\",\"encoding\":\"pcm_f32le\",\"sample_rate\":24000}",
                "{\"container\":\"raw\",\"encoding\":\"pcm_alaw\",\"sample_rate\":16000}");
    }

    @Test
    void voiceModelLanguageSpeedAndTheNewerVersionsVoiceShape() throws Exception {
        socket.script((c, context) -> {
            c.chunks(context, new byte[] {7}, 0, 1);
            c.done(context);
        });
        try (CartesiaEngine engine = engine("voice", "my-voice-1", "model", "sonic-3.5", "language", "de",
                "speed", "1.25", "version", "2026-08-14")) {
            engine.synthesize("Hallo.", new RecordingSink(), new CancellationToken());
        }
        assertThat(socket.handshakes.get(0).versionHeader()).isEqualTo("2026-08-14");
        JsonNode request = socket.nextConnection().requests().get(0);
        assertThat(request.get("voice").toString()).isEqualTo("{\"id\":\"my-voice-1\"}");
        assertThat(request.get("model_id").asText()).isEqualTo("sonic-3.5");
        assertThat(request.get("language").asText()).isEqualTo("de");
        assertThat(request.get("generation_config").toString()).isEqualTo("{\"speed\":1.25}");
    }

    @Test
    void queryAuthPutsKeyAndVersionInTheQueryAndNeverShowsIt() throws Exception {
        byte[] audio = audioFor("query", 777);
        socket.script((c, context) -> {
            c.chunks(context, audio, 0, audio.length);
            c.done(context);
        });
        try (CartesiaEngine engine = engine("auth", "query")) {
            RecordingSink sink = new RecordingSink();
            engine.synthesize("Hello.", sink, new CancellationToken());
            assertThat(sink.bytes()).isEqualTo(audio);
            assertThat(engine.toString()).doesNotContain(KEY).contains("auth=query", "ws://127.0.0.1:")
                    .doesNotContain("?");
        }
        assertThat(socket.handshakes).singleElement().satisfies(h -> {
            assertThat(h.path()).isEqualTo("/tts/websocket");
            assertThat(h.query()).isEqualTo("api_key=" + KEY + "&cartesia_version=2026-03-01");
            assertThat(h.apiKeyHeader()).isNull();
            assertThat(h.versionHeader()).isNull();
        });
        // A failure with the key in the URI names the endpoint without its query.
        socket.script((c, context) -> {
            c.chunks(context, audio, 0, 5);
            c.close(1011, "internal error");
        });
        try (CartesiaEngine engine = engine("auth", "query")) {
            TtsException e = failure(engine, "Hello.", new RecordingSink());
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e.getMessage()).contains("ws://127.0.0.1:" + port(socket) + "/tts/websocket closed");
        }
        socket.refuse(new FakeCartesiaSocket.Refusal(500, Map.of(), "{\"error\":\"boom\"}"));
        try (CartesiaEngine engine = engine("auth", "query")) {
            assertThat(failure(engine, "Hello.", new RecordingSink()).kind()).isEqualTo(Kind.UNAVAILABLE);
        }
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        try (CartesiaEngine engine = engine("auth", "query", "base-url", "http://127.0.0.1:" + port)) {
            TtsException e = failure(engine, "Hello.", new RecordingSink());
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e.getMessage()).startsWith("cartesia: ws://127.0.0.1:" + port + "/tts/websocket: ");
        }
    }

    @Test
    void aRefusedKeyIsAuthEitherWay() throws Exception {
        for (String auth : List.of("header", "query")) {
            try (CartesiaEngine engine = CartesiaEngine.create(Map.of("api-key", "wrong-key", "base-url",
                    socket.baseUrl(), "auth", auth), name -> null)) {
                TtsException e = failure(engine, "Hello.", new RecordingSink());
                assertThat(e.kind()).isEqualTo(Kind.AUTH);
                assertThat(e).hasMessage("cartesia: HTTP 401: 'Invalid API key'");
                assertThat(e.getMessage()).doesNotContain("wrong-key");
            }
        }
    }

    @Test
    void tooManySocketsIsRateLimitedWithTheDelay() throws Exception {
        socket.refuse(new FakeCartesiaSocket.Refusal(429, Map.of("Retry-After", "3"),
                "{\"error\":\"Too many concurrent connections\"}"));
        try (CartesiaEngine engine = engine()) {
            RecordingSink sink = new RecordingSink();
            TtsException e = failure(engine, "Hello.", sink);
            assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
            assertThat(e).hasMessage("cartesia: HTTP 429: 'Too many concurrent connections'");
            assertThat(sink.formats).isEmpty();
        }
    }

    @Test
    void aServerErrorAtTheHandshakeIsUnavailable() throws Exception {
        socket.refuse(new FakeCartesiaSocket.Refusal(500, Map.of(), "{\"error\":\"Internal error for " + KEY
                + "\"}"));
        try (CartesiaEngine engine = engine()) {
            TtsException e = failure(engine, "Hello.", new RecordingSink());
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e).hasMessage("cartesia: HTTP 500: 'Internal error for [redacted]'");
        }
    }

    @Test
    void anErrorMessageMidStreamFailsWithTheKindOfItsStatusAfterTheAudio() throws Exception {
        record Case(int status, Kind kind) {
        }
        byte[] audio = audioFor("error", 400);
        for (Case k : List.of(new Case(429, Kind.RATE_LIMITED), new Case(401, Kind.AUTH),
                new Case(403, Kind.AUTH), new Case(400, Kind.BAD_REQUEST), new Case(404, Kind.BAD_REQUEST),
                new Case(422, Kind.BAD_REQUEST), new Case(500, Kind.UNAVAILABLE), new Case(503, Kind.UNAVAILABLE),
                new Case(0, Kind.UNAVAILABLE))) {
            socket.script((c, context) -> {
                c.chunks(context, audio, 0, audio.length);
                c.error(context, k.status(), "Concurrency limit", "Too many active contexts " + KEY,
                        "concurrency_limited");
            });
            try (CartesiaEngine engine = engine()) {
                RecordingSink sink = new RecordingSink();
                TtsException e = failure(engine, "Hello.", sink);
                assertThat(e.kind()).as("status %d", k.status()).isEqualTo(k.kind());
                assertThat(e).hasMessage("cartesia: Cartesia reported an error" + (k.status() == 0 ? "" : " "
                        + k.status()) + " ['concurrency_limited']: 'Concurrency limit: Too many active contexts "
                        + "[redacted]'");
                assertThat(sink.bytes()).as("the audio before the error delivered").isEqualTo(audio);
            }
        }
        // The older shape: {"error": "..."} with a status.
        socket.script((c, context) -> c.text("{\"type\":\"error\",\"done\":true,\"error\":\"Invalid voice\","
                + "\"status_code\":400,\"context_id\":\"" + context + "\"}"));
        try (CartesiaEngine engine = engine()) {
            TtsException e = failure(engine, "Hello.", new RecordingSink());
            assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST);
            assertThat(e).hasMessage("cartesia: Cartesia reported an error 400: 'Invalid voice'");
        }
    }

    @Test
    void aCloseWithoutDoneIsUnavailableAfterTheAudioDelivered() throws Exception {
        byte[] audio = audioFor("cut", 2 * HUNDRED_MS + 3);
        socket.script((c, context) -> {
            c.chunks(context, audio, 0, audio.length);
            c.close(1011, "server error");
        });
        try (CartesiaEngine engine = engine()) {
            RecordingSink sink = new RecordingSink();
            TtsException e = failure(engine, "Hello.", sink);
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e).hasMessage("cartesia: ws://127.0.0.1:" + port(socket) + "/tts/websocket "
                    + "closed the connection (1011 'server error') before the end of the audio, after "
                    + audio.length + " bytes");
            assertThat(sink.bytes()).isEqualTo(audio);
        }
        socket.script((c, context) -> {
            c.chunks(context, audio, 0, 5);
            c.close(1000, "");
        });
        try (CartesiaEngine engine = engine()) {
            RecordingSink sink = new RecordingSink();
            assertThat(failure(engine, "Hello.", sink).kind()).as("even a normal close, before done")
                    .isEqualTo(Kind.UNAVAILABLE);
            assertThat(sink.bytes()).isEqualTo(Arrays.copyOf(audio, 5));
        }
    }

    @Test
    void malformedFramesBadBase64AndUnknownAudioAreProtocolErrors() throws Exception {
        socket.script((c, context) -> {
            c.chunks(context, new byte[] {1, 2, 3}, 0, 3);
            c.text("{\"type\":\"done\",");
        });
        try (CartesiaEngine engine = engine()) {
            RecordingSink sink = new RecordingSink();
            TtsException e = failure(engine, "Hello.", sink);
            assertThat(e.kind()).isEqualTo(Kind.PROTOCOL);
            assertThat(e).hasMessage("cartesia: expected a JSON message with a type, got '{\"type\":\"done\",'"
                    + " (expected a member name (a string))");
            assertThat(sink.bytes()).containsExactly(1, 2, 3);
        }
        for (String bad : List.of("[\"done\"]", "{\"done\":true}", "{\"type\":\"chunk\",\"context_id\":\"x\"}",
                "{\"type\":\"chunk\",\"data\":\"%%%not base64\"}", "{\"type\":\"chunk\",\"data\":12}",
                "{\"type\":\"audio\",\"data\":\"AAEC\"}")) {
            socket.script((c, context) -> c.text(bad));
            try (CartesiaEngine engine = engine()) {
                assertThat(failure(engine, "Hello.", new RecordingSink()).kind()).as(bad).isEqualTo(Kind.PROTOCOL);
            }
        }
        socket.script((c, context) -> c.text("{\"type\":\"chunk\",\"data\":\"%%%not base64\"}"));
        try (CartesiaEngine engine = engine()) {
            assertThat(failure(engine, "Hello.", new RecordingSink()))
                    .hasMessageStartingWith("cartesia: chunk data is not base64 (");
        }
    }

    @Test
    void messagesOfAnotherContextAreIgnored() throws Exception {
        byte[] ours = audioFor("ours", 901);
        byte[] theirs = audioFor("theirs", 333);
        socket.script((c, context) -> {
            c.chunks("cancelled-context", theirs, 0, theirs.length);
            c.chunks(context, ours, 0, 400);
            c.done("cancelled-context");
            c.error("cancelled-context", 500, "Gone", "context cancelled", "cancelled");
            c.text("{\"type\":\"brand_new\",\"context_id\":\"" + context + "\"}"); // no data: ignored
            c.chunks(context, ours, 400, ours.length);
            c.done(context);
        });
        try (CartesiaEngine engine = engine()) {
            RecordingSink sink = new RecordingSink();
            engine.synthesize("Hello.", sink, new CancellationToken());
            assertThat(sink.bytes()).isEqualTo(ours);
        }
    }

    @Test
    void aSilentServerTimesOutAsUnavailable() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        socket.script((c, context) -> release.await(GUARD_SECONDS, TimeUnit.SECONDS)); // never answers
        try (CartesiaEngine engine = engine("first-byte-timeout-ms", "300")) {
            TtsException e = failure(engine, "Hello.", new RecordingSink());
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e).hasMessage("cartesia: ws://127.0.0.1:" + port(socket)
                    + "/tts/websocket: no message within first-byte-timeout-ms = 300 ms, after 0 bytes");
        } finally {
            release.countDown();
        }
    }

    @Test
    void cancelMidStreamSendsCancelForTheContextThenClosesAndLeavesNothing() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        socket.script((c, context) -> {
            byte[] audio = audioFor("endless", 101);
            c.chunks(context, audioFor("start", HUNDRED_MS), 0, HUNDRED_MS);
            while (!stop.await(5, TimeUnit.MILLISECONDS)) { // keeps talking until the test is over
                c.chunks(context, audio, 0, audio.length);
            }
        });
        CartesiaEngine engine = engine();
        try {
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
            assertNoKey(e);
            assertThat(sink.chunks()).as("at most one chunk after cancel()").isLessThanOrEqualTo(chunksAtCancel + 1);
            FakeCartesiaSocket.Connection c = socket.nextConnection();
            String context = c.requests().get(0).get("context_id").asText();
            JsonNode cancelMessage = c.awaitFlag("cancel");
            assertThat(cancelMessage).as("the server received cancel").isNotNull();
            assertThat(cancelMessage.toString()).isEqualTo("{\"context_id\":\"" + context + "\",\"cancel\":true}");
            assertThat(c.closedWith.poll(GUARD_SECONDS, TimeUnit.SECONDS)).as("and the close").isNotNull();
        } finally {
            stop.countDown();
            engine.close();
        }
        assertThat(engine.socket().awaitTermination(Duration.ofSeconds(GUARD_SECONDS)))
                .as("no thread or connection of the engine left").isTrue();
    }

    @Test
    void twentyConcurrentSynthesesOnOneEngineEachGetTheirOwnAudio() throws Exception {
        socket.script((c, context) -> {
            String text = c.requests().get(0).get("transcript").asText();
            byte[] audio = audioFor(text, 700 + text.length() * 13);
            c.chunks(context, audio, 0, audio.length);
            c.done(context);
        });
        int calls = 20;
        try (CartesiaEngine engine = engine("max-concurrent", String.valueOf(calls))) {
            List<Future<RecordingSink>> futures = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                String text = "Caller number " + i + " says hello.";
                futures.add(threads.submit(() -> {
                    RecordingSink sink = new RecordingSink();
                    engine.synthesize(text, sink, new CancellationToken());
                    return sink;
                }));
            }
            for (int i = 0; i < calls; i++) {
                String text = "Caller number " + i + " says hello.";
                assertThat(futures.get(i).get(GUARD_SECONDS, TimeUnit.SECONDS).bytes())
                        .isEqualTo(audioFor(text, 700 + text.length() * 13));
            }
        }
        assertThat(socket.handshakes).hasSize(calls);
        List<String> contexts = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            contexts.add(socket.nextConnection().requests().get(0).get("context_id").asText());
        }
        assertThat(contexts).doesNotHaveDuplicates();
    }

    @Test
    void blankTextSendsNothing() throws Exception {
        try (CartesiaEngine engine = engine()) {
            RecordingSink sink = new RecordingSink();
            engine.synthesize(" \n", sink, new CancellationToken());
            assertThat(sink.formats).isEmpty();
        }
        assertThat(socket.handshakes).isEmpty();
    }

    @Test
    void aSinkFailureIsRethrownUnchanged() throws Exception {
        byte[] audio = audioFor("sink", 3 * HUNDRED_MS);
        socket.script((c, context) -> {
            c.chunks(context, audio, 0, audio.length);
            c.done(context);
        });
        IllegalStateException broken = new IllegalStateException("the call hung up");
        try (CartesiaEngine engine = engine()) {
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
    void aMissingKeyIsAuthAtCreateNamingTheVariable() {
        assertThatThrownBy(() -> CartesiaEngine.create(Map.of(), name -> null))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTH))
                .hasMessage("cartesia: no API key: set CARTESIA_API_KEY or pass -E api-key=...");
    }

    @Test
    void theKeyComesFromTheEnvironmentAndNeverShows() throws Exception {
        socket.script((c, context) -> {
            c.chunks(context, new byte[] {9}, 0, 1);
            c.done(context);
        });
        try (CartesiaEngine engine = CartesiaEngine.create(Map.of("base-url", socket.baseUrl()),
                name -> name.equals("CARTESIA_API_KEY") ? KEY : null)) {
            RecordingSink sink = new RecordingSink();
            engine.synthesize("Hi.", sink, new CancellationToken());
            assertThat(sink.bytes()).containsExactly(9);
            assertThat(engine.toString()).doesNotContain(KEY).contains("sonic-3", "pcm_mulaw 8000 Hz",
                    "auth=header", "version=2026-03-01");
        }
    }

    @Test
    void badOptionsAreBadRequestNamingTheValue() {
        assertBadOption("encoding", "mp3",
                "cartesia: option encoding = 'mp3' is not pcm_mulaw, pcm_alaw, pcm_s16le or pcm_f32le");
        assertBadOption("sample-rate", "11025",
                "cartesia: option sample-rate = '11025' is not one of [8000, 16000, 22050, 24000, 44100, 48000] Hz");
        assertBadOption("auth", "cookie", "cartesia: option auth = 'cookie' is not header or query");
        assertBadOption("version", "latest",
                "cartesia: option version = 'latest' is not a dated API version such as 2026-03-01");
        assertBadOption("speed", "2", "cartesia: option speed = '2' is not a number from 0.6 to 1.5");
        assertBadOption("speed", "fast", "cartesia: option speed = 'fast' is not a number from 0.6 to 1.5");
        assertBadOption("language", "english!",
                "cartesia: option language = 'english!' is not a language code such as en, es or pt-BR");
        assertBadOption("voice", "two words",
                "cartesia: option voice = 'two words' is not a voice id such as " + CartesiaEngine.DEFAULT_VOICE);
        assertBadOption("model", "", "cartesia: option model = '' is not a model name such as sonic-3");
        assertBadOption("base-url", "ftp://x",
                "cartesia: option base-url = 'ftp://x' is not an http(s) URL of the API root such as "
                        + "https://api.cartesia.ai");
        assertBadOption("max-concurrent", "0", null);
        assertThatThrownBy(() -> CartesiaEngine.create(Map.of("api-key", KEY, "colour", "blue"), name -> null))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST))
                .hasMessageContaining("colour");
        assertThatThrownBy(() -> CartesiaEngine.create(Map.of("api-key", "key+with/slash", "auth", "query"),
                name -> null))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTH))
                .hasMessageNotContaining("key+with/slash");
    }

    private static void assertBadOption(String option, String value, String message) {
        var thrown = assertThatThrownBy(() -> CartesiaEngine.create(Map.of("api-key", KEY, option, value),
                name -> null))
                .isInstanceOfSatisfying(TtsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST);
                    assertNoKey(e);
                });
        if (message != null) {
            thrown.hasMessage(message);
        }
    }

    @Test
    void audioReachesTheSinkAsItArrivesNotAtTheEnd() throws Exception {
        byte[] audio = audioFor("paced", 5 * HUNDRED_MS + 1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        socket.script((c, context) -> {
            c.chunks(context, audio, 0, HUNDRED_MS);
            release.await(GUARD_SECONDS, TimeUnit.SECONDS); // the first 100 ms, then nothing until the test says
            c.chunks(context, audio, HUNDRED_MS, audio.length);
            finished.countDown();
            c.done(context);
        });
        try (CartesiaEngine engine = engine()) {
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
    void anInterruptIsACancelThatKeepsTheFlagAndSendsCancel() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        socket.script((c, context) -> {
            c.chunks(context, audioFor("start", HUNDRED_MS), 0, HUNDRED_MS);
            stop.await(GUARD_SECONDS, TimeUnit.SECONDS);
        });
        try (CartesiaEngine engine = engine()) {
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
            assertThat(socket.nextConnection().awaitFlag("cancel")).isNotNull();
        } finally {
            stop.countDown();
        }
    }
}
