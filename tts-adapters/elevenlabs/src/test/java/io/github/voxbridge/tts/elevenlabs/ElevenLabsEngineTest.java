package io.github.voxbridge.tts.elevenlabs;

import static io.github.voxbridge.tts.elevenlabs.FakeElevenLabsHttp.audioFor;
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
import java.io.IOException;
import java.io.OutputStream;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The engine against {@link FakeElevenLabsSocket} (Jetty WebSocket, stream-input) and {@link FakeElevenLabsHttp}
 * (JDK HTTP server, /stream), loopback servers speaking ElevenLabs' protocols.
 */
class ElevenLabsEngineTest {

    /** Distinctive, so every failure's message can be searched for it. */
    static final String KEY = "sk_el-test-Qz93DISTINCTIVE-41bb";
    private static final long GUARD_SECONDS = 20;
    /** 100 ms of mu-law 8 kHz. */
    private static final int HUNDRED_MS = 800;
    private static final AudioFormatSpec MULAW_8K = new AudioFormatSpec(SampleEncoding.MULAW, 8_000);
    private static final String INIT = "{\"text\":\" \",\"generation_config\":{\"chunk_length_schedule\":"
            + "[50,120,160,290]}}";

    private FakeElevenLabsSocket socket;
    private FakeElevenLabsHttp http;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeEach
    void start() throws Exception {
        socket = new FakeElevenLabsSocket(KEY);
        http = new FakeElevenLabsHttp(KEY);
    }

    @AfterEach
    void stop() throws Exception {
        socket.close();
        http.close();
        threads.shutdownNow();
    }

    /** Both transports, each against its fake. */
    enum Via {
        WEBSOCKET, HTTP
    }

    private ElevenLabsEngine engine(Via via, String... options) throws TtsException {
        return via == Via.WEBSOCKET ? engine(socket.baseUrl(), options)
                : engine(http.baseUrl(), with(options, "transport", "http"));
    }

    private static String[] with(String[] options, String... more) {
        String[] all = Arrays.copyOf(options, options.length + more.length);
        System.arraycopy(more, 0, all, options.length, more.length);
        return all;
    }

    private static ElevenLabsEngine engine(String baseUrl, String... options) throws TtsException {
        Map<String, String> map = new HashMap<>(Map.of("api-key", KEY, "base-url", baseUrl));
        for (int i = 0; i < options.length; i += 2) {
            map.put(options[i], options[i + 1]);
        }
        return ElevenLabsEngine.create(map, name -> null);
    }

    /** Makes both fakes answer with {@code audio}: the socket as base64 messages then isFinal, HTTP as the body. */
    private void serve(byte[] audio) {
        socket.script(c -> {
            c.audio(audio, 0, audio.length);
            c.end();
        });
        http.respond((exchange, request) -> FakeElevenLabsHttp.audio(exchange, audio));
    }

    /** The failure of a synthesis, checked never to show the key. */
    private static TtsException failure(ElevenLabsEngine engine, String text, RecordingSink sink) {
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
    void webSocketPassesTheMulawBytesThroughExactlyAsDecoded() throws Exception {
        byte[] audio = audioFor("hello", 5 * HUNDRED_MS + 1);
        serve(audio);
        try (ElevenLabsEngine engine = engine(Via.WEBSOCKET)) {
            RecordingSink sink = new RecordingSink();
            engine.synthesize("Hello \"there\" \u00e9\n", sink, new CancellationToken());

            assertThat(sink.format()).isEqualTo(MULAW_8K);
            assertThat(sink.formats).hasSize(1);
            assertThat(sink.bytes()).as("the server's bytes, untouched").isEqualTo(audio);
            assertThat(sink.chunkSizes).as("one chunk per message, odd sizes kept whole")
                    .containsExactly(1, 333, audio.length - 334);
        }
        // The synthesis's socket; a spare for the next one may have been opened after it.
        assertThat(socket.handshakes).first().satisfies(h -> {
            assertThat(h.path()).isEqualTo("/v1/text-to-speech/" + ElevenLabsEngine.DEFAULT_VOICE + "/stream-input");
            assertThat(h.query()).isEqualTo("model_id=eleven_flash_v2_5&output_format=ulaw_8000");
            assertThat(h.apiKey()).isEqualTo(KEY);
        });
        FakeElevenLabsSocket.Connection c = socket.nextConnection();
        assertThat(c.received).as("init, the text ending with a space and flushed, end of input; no key")
                .containsExactly(INIT, "{\"text\":\"Hello \\\"there\\\" \u00e9 \",\"flush\":true}",
                        StreamInputConversation.END_OF_INPUT);
    }

    /** Waits (guarded) until the engine holds its spare socket: the server sees it open a moment before. */
    private static void awaitSpare(ElevenLabsEngine engine) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
        while (engine.socket().warmSockets() == 0) {
            assertThat(System.nanoTime()).as("a spare within the guard time").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void theNextSynthesisStartsOnASpareSocketOpenedAndGreetedAhead() throws Exception {
        socket.script(c -> {
            String text = c.texts().get(0).strip();
            byte[] audio = audioFor(text, HUNDRED_MS + 1);
            c.audio(audio, 0, audio.length);
            c.end();
        });
        try (ElevenLabsEngine engine = engine(Via.WEBSOCKET)) {
            engine.synthesize("First turn.", new RecordingSink(), new CancellationToken());
            FakeElevenLabsSocket.Connection first = socket.nextConnection();
            FakeElevenLabsSocket.Connection spare = socket.nextConnection();
            assertThat(spare).isNotSameAs(first);
            awaitSpare(engine);
            RecordingSink sink = new RecordingSink();
            engine.synthesize("Second turn.", sink, new CancellationToken());
            assertThat(sink.bytes()).isEqualTo(audioFor("Second turn.", HUNDRED_MS + 1));
            assertThat(spare.received.get(0)).as("the init message, sent when the spare opened")
                    .isEqualTo(first.received.get(0)).startsWith("{\"text\":\" \",\"generation_config\"");
            assertThat(spare.texts()).containsExactly("Second turn. ");
            assertThat(spare.received).endsWith(StreamInputConversation.END_OF_INPUT);
        }
    }

    @Test
    void aSpareElevenLabsClosedForInactivityIsReplacedWithoutTheCallerNoticing() throws Exception {
        socket.script(c -> {
            String text = c.texts().get(0).strip();
            byte[] audio = audioFor(text, HUNDRED_MS + 1);
            c.audio(audio, 0, audio.length);
            c.end();
        });
        try (ElevenLabsEngine engine = engine(Via.WEBSOCKET)) {
            engine.synthesize("First turn.", new RecordingSink(), new CancellationToken());
            socket.nextConnection();
            FakeElevenLabsSocket.Connection spare = socket.nextConnection();
            awaitSpare(engine);
            // ElevenLabs' words for it (section 2b, elevenlabs-docs #426)
            spare.close(1008, "Have not received a new text input within the timeout of 20 seconds");
            RecordingSink sink = new RecordingSink();
            engine.synthesize("Second turn.", sink, new CancellationToken());
            assertThat(sink.bytes()).isEqualTo(audioFor("Second turn.", HUNDRED_MS + 1));
            assertThat(socket.nextConnection().texts()).containsExactly("Second turn. ");
        }
    }

    @Test
    void keepIdleZeroOpensNoSpare() throws Exception {
        socket.script(c -> c.end());
        try (ElevenLabsEngine engine = engine(Via.WEBSOCKET, "keep-idle-ms", "0")) {
            engine.synthesize("One.", new RecordingSink(), new CancellationToken());
            engine.synthesize("Two.", new RecordingSink(), new CancellationToken());
            assertThat(socket.handshakes).hasSize(2);
            assertThat(engine.socket().warmSockets()).isZero();
        }
    }

    @Test
    void httpPassesTheMulawBytesThroughUnchanged() throws Exception {
        byte[] audio = audioFor("http", 3 * HUNDRED_MS + 7);
        serve(audio);
        try (ElevenLabsEngine engine = engine(Via.HTTP)) {
            RecordingSink sink = new RecordingSink();
            engine.synthesize("Hello.", sink, new CancellationToken());
            assertThat(sink.format()).isEqualTo(MULAW_8K);
            assertThat(sink.bytes()).isEqualTo(audio);
        }
        assertThat(http.requests).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/v1/text-to-speech/" + ElevenLabsEngine.DEFAULT_VOICE + "/stream");
            assertThat(r.query()).isEqualTo("output_format=ulaw_8000");
            assertThat(r.apiKey()).isEqualTo(KEY);
            assertThat(r.contentType()).isEqualTo("application/json");
            assertThat(r.json().toString()).isEqualTo("{\"text\":\"Hello.\",\"model_id\":\"eleven_flash_v2_5\"}");
        });
    }

    @Test
    void voiceSettingsModelVoiceAndPcmFormatAreSent() throws Exception {
        byte[] audio = audioFor("pcm", 1601); // odd: the last sample split
        serve(audio);
        String[] options = {"voice", "21m00Tcm4TlvDq8ikWAM", "model", "eleven_multilingual_v2", "format",
            "pcm_16000", "stability", "0.5", "similarity-boost", "0.75", "speed", "1.1"};
        String settings = "{\"stability\":0.5,\"similarity_boost\":0.75,\"speed\":1.1}";
        try (ElevenLabsEngine viaSocket = engine(Via.WEBSOCKET, options);
                ElevenLabsEngine viaHttp = engine(Via.HTTP, options)) {
            for (ElevenLabsEngine engine : List.of(viaSocket, viaHttp)) {
                RecordingSink sink = new RecordingSink();
                engine.synthesize("Hi.", sink, new CancellationToken());
                assertThat(sink.format()).isEqualTo(new AudioFormatSpec(SampleEncoding.S16LE, 16_000));
                assertThat(sink.bytes()).isEqualTo(audio);
            }
        }
        assertThat(socket.handshakes.get(0).path()).isEqualTo("/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/stream-input");
        assertThat(socket.handshakes.get(0).query())
                .isEqualTo("model_id=eleven_multilingual_v2&output_format=pcm_16000");
        assertThat(socket.nextConnection().received.get(0)).isEqualTo("{\"text\":\" \",\"voice_settings\":" + settings
                + ",\"generation_config\":{\"chunk_length_schedule\":[50,120,160,290]}}");
        assertThat(http.requests.get(0).query()).isEqualTo("output_format=pcm_16000");
        assertThat(http.requests.get(0).json().toString()).isEqualTo("{\"text\":\"Hi.\",\"model_id\":"
                + "\"eleven_multilingual_v2\",\"voice_settings\":" + settings + "}");
    }

    @Test
    void alawIsPassedThroughAsAlaw() throws Exception {
        serve(new byte[] {1, 2, 3});
        try (ElevenLabsEngine engine = engine(Via.WEBSOCKET, "format", "ALAW_8000")) {
            RecordingSink sink = new RecordingSink();
            engine.synthesize("Hi.", sink, new CancellationToken());
            assertThat(sink.format()).isEqualTo(new AudioFormatSpec(SampleEncoding.ALAW, 8_000));
            assertThat(sink.bytes()).containsExactly(1, 2, 3);
        }
        assertThat(socket.handshakes.get(0).query()).endsWith("&output_format=alaw_8000");
    }

    @Test
    void theEndMarkerIsAcceptedInBothSpellingsAfterAudioInTheSameMessage() throws Exception {
        socket.script(c -> {
            c.text("{\"audio\":null,\"isFinal\":false,\"alignment\":{\"chars\":[\"a\"]}}");
            c.text("{\"audio\":\"\"}");
            c.text("{\"normalizedAlignment\":{}}");
            c.text("{\"audio\":\"AQID\",\"is_final\":true}");
            // nothing after the end marker is read
            c.text("{\"audio\":\"BAUG\"}");
        });
        try (ElevenLabsEngine engine = engine(Via.WEBSOCKET)) {
            RecordingSink sink = new RecordingSink();
            engine.synthesize("Hi.", sink, new CancellationToken());
            assertThat(sink.bytes()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void longTextIsSplitUnderTheModelsLimitAndSpokenInOrder() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 25_000; i++) {
            text.append("Sentence number ").append(i).append(" is part of a long text that goes on and on. ");
        }
        socket.script(c -> {
            for (String piece : c.texts()) {
                byte[] audio = audioFor(piece.strip(), 301);
                c.audio(audio, 0, audio.length);
            }
            c.end();
        });
        http.respond((exchange, request) -> FakeElevenLabsHttp.audio(exchange,
                audioFor(request.json().path("text").asText().strip(), 301)));
        String[] multilingual = {"model", "eleven_multilingual_v2"};
        try (ElevenLabsEngine viaSocket = engine(Via.WEBSOCKET, multilingual);
                ElevenLabsEngine viaHttp = engine(Via.HTTP, multilingual)) {
            RecordingSink a = new RecordingSink();
            viaSocket.synthesize(text.toString(), a, new CancellationToken());
            RecordingSink b = new RecordingSink();
            viaHttp.synthesize(text.toString(), b, new CancellationToken());

            List<String> pieces = socket.nextConnection().texts();
            assertThat(pieces).hasSize(3).allSatisfy(p -> {
                assertThat(p).endsWith(" ");
                assertThat(p.length()).isLessThanOrEqualTo(ElevenLabsEngine.DEFAULT_MAX_CHARS + 1);
            });
            assertThat(String.join("", pieces).strip()).isEqualTo(text.toString().strip());
            assertThat(http.requests.stream().map(r -> r.json().path("text").asText() + " ").toList())
                    .as("the same pieces, in order, over HTTP").isEqualTo(pieces);
            byte[] expected = pieces.stream().map(p -> audioFor(p.strip(), 301))
                    .reduce(new byte[0], ElevenLabsEngineTest::concat);
            assertThat(a.bytes()).isEqualTo(expected);
            assertThat(b.bytes()).isEqualTo(expected);
            assertThat(b.formats).hasSize(1);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void flashModelsTakeFortyThousandCharactersInOneRequest() throws Exception {
        String text = "Short sentence here. ".repeat(1_900); // 39,900 chars
        serve(new byte[] {7});
        try (ElevenLabsEngine engine = engine(Via.HTTP)) {
            engine.synthesize(text, new RecordingSink(), new CancellationToken());
        }
        assertThat(http.requests).hasSize(1);
        assertThat(ElevenLabsEngine.maxChars("eleven_turbo_v2_5")).isEqualTo(40_000);
        assertThat(ElevenLabsEngine.maxChars("eleven_v3_unknown")).isEqualTo(10_000);
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void aRefusedKeyIsAuth(Via via) throws Exception {
        String base = via == Via.WEBSOCKET ? socket.baseUrl() : http.baseUrl();
        try (ElevenLabsEngine engine = ElevenLabsEngine.create(Map.of("api-key", "wrong-key", "base-url", base,
                "transport", via.name().toLowerCase()), name -> null)) {
            TtsException e = failure(engine, "Hello.", new RecordingSink());
            assertThat(e.kind()).isEqualTo(Kind.AUTH);
            assertThat(e).hasMessage("elevenlabs: HTTP 401: 'Invalid API key [invalid_api_key]'");
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void quotaExceededArrivesAs401ButIsRateLimited(Via via) throws Exception {
        String message = "This request exceeds your quota of 10000. You have 12 credits remaining.";
        socket.refuse(FakeElevenLabsSocket.detail(401, "quota_exceeded", message));
        http.respond((exchange, request) -> FakeElevenLabsHttp.error(exchange, 401, "quota_exceeded", message));
        try (ElevenLabsEngine engine = engine(via)) {
            RecordingSink sink = new RecordingSink();
            TtsException e = failure(engine, "Hello.", sink);
            assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
            assertThat(e).hasMessage("elevenlabs: HTTP 401: '" + message + " [quota_exceeded]'");
            assertThat(e.retryAfter()).isEmpty();
            assertThat(sink.formats).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void tooManyRequestsIsRateLimitedWithTheDelay(Via via) throws Exception {
        socket.refuse(new FakeElevenLabsSocket.Refusal(429, Map.of("Retry-After", "3"), FakeElevenLabsHttp
                .detailBody("too_many_concurrent_requests", "Too many concurrent requests.")));
        http.respond((exchange, request) -> {
            exchange.getResponseHeaders().set("Retry-After", "3");
            FakeElevenLabsHttp.error(exchange, 429, "too_many_concurrent_requests", "Too many concurrent requests.");
        });
        try (ElevenLabsEngine engine = engine(via)) {
            TtsException e = failure(engine, "Hello.", new RecordingSink());
            assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
            assertThat(e).hasMessage("elevenlabs: HTTP 429: 'Too many concurrent requests. "
                    + "[too_many_concurrent_requests]'");
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void aServerErrorIsUnavailableWithTheKeyRedacted(Via via) throws Exception {
        socket.refuse(FakeElevenLabsSocket.detail(500, "internal_error", "Something broke for " + KEY));
        http.respond((exchange, request) -> FakeElevenLabsHttp.error(exchange, 500, "internal_error",
                "Something broke for " + KEY));
        try (ElevenLabsEngine engine = engine(via)) {
            TtsException e = failure(engine, "Hello.", new RecordingSink());
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e).hasMessage("elevenlabs: HTTP 500: 'Something broke for [redacted] [internal_error]'");
        }
    }

    @ParameterizedTest
    @CsvSource({
        "quota_exceeded, RATE_LIMITED",
        "invalid_api_key, AUTH",
        "max_character_limit_exceeded, BAD_REQUEST",
        "voice_not_found, BAD_REQUEST",
        "too_many_concurrent_requests, RATE_LIMITED",
        "system_busy, RATE_LIMITED",
        "something_new, UNAVAILABLE"})
    void anErrorMessageOnTheSocketHasTheKindOfItsCode(String code, Kind kind) throws Exception {
        byte[] audio = audioFor("partial", 335);
        socket.script(c -> {
            c.audio(audio, 0, audio.length);
            c.error(code, "Went wrong for " + KEY);
        });
        try (ElevenLabsEngine engine = engine(Via.WEBSOCKET)) {
            RecordingSink sink = new RecordingSink();
            TtsException e = failure(engine, "Hello.", sink);
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e).hasMessage("elevenlabs: ElevenLabs reported " + code
                    + ": 'Went wrong for [redacted]' (code 1008)");
            assertThat(sink.bytes()).as("the audio before the error stays delivered").isEqualTo(audio);
        }
    }

    @Test
    void aCloseWithoutIsFinalIsUnavailableAfterTheAudioDelivered() throws Exception {
        byte[] audio = audioFor("cut", 2 * HUNDRED_MS + 3);
        String idle = "Have not received a new text input within the timeout of 20 seconds.";
        socket.script(c -> {
            c.audio(audio, 0, audio.length);
            c.close(1008, idle);
        });
        try (ElevenLabsEngine engine = engine(Via.WEBSOCKET)) {
            RecordingSink sink = new RecordingSink();
            TtsException e = failure(engine, "Hello.", sink);
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e.getMessage()).isEqualTo("elevenlabs: " + socket.baseUrl().replace("http:", "ws:")
                    + "/v1/text-to-speech/" + ElevenLabsEngine.DEFAULT_VOICE + "/stream-input closed the connection"
                    + " (1008 '" + idle + "') before the end of the audio, after " + audio.length + " bytes");
            assertThat(sink.bytes()).isEqualTo(audio);
        }
        socket.script(c -> {
            c.audio(audio, 0, 5);
            c.close(1000, "");
        });
        try (ElevenLabsEngine engine = engine(Via.WEBSOCKET)) {
            RecordingSink sink = new RecordingSink();
            assertThat(failure(engine, "Hello.", sink).kind()).as("even a normal close, before isFinal")
                    .isEqualTo(Kind.UNAVAILABLE);
            assertThat(sink.bytes()).isEqualTo(Arrays.copyOf(audio, 5));
        }
    }

    @Test
    void aBodyCutShortIsUnavailableAfterTheAudioDelivered() throws Exception {
        byte[] audio = audioFor("cut", 10 * HUNDRED_MS);
        int whole = 7 * HUNDRED_MS; // CutShortServer sends whole chunks of 4801 and 1 bytes first: more than that
        int end = whole + 1001;
        WaitingSink sink = new WaitingSink(whole);
        try (CutShortServer cut = new CutShortServer("audio/basic", "", audio, whole, end, sink.reached);
                ElevenLabsEngine engine = engine(cut.baseUrl(), "transport", "http")) {
            TtsException e = failure(engine, "Hello.", sink);
            assertThat(cut.failure()).isNull();
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e.getMessage()).startsWith("elevenlabs: connection lost after " + sink.bytes().length
                    + " bytes of the response from " + cut.baseUrl() + "/v1/text-to-speech/"
                    + ElevenLabsEngine.DEFAULT_VOICE + "/stream: ");
            assertThat(sink.format()).isEqualTo(MULAW_8K);
            assertThat(sink.bytes().length).isBetween(whole, end);
            assertThat(sink.bytes()).isEqualTo(Arrays.copyOf(audio, sink.bytes().length));
        }
    }

    @Test
    void malformedJsonBadBase64AndBinaryFramesAreProtocolErrors() throws Exception {
        Map<String, String> cases = Map.of(
                "{\"audio\":\"AQID\",", "elevenlabs: expected a JSON object, got '{\"audio\":\"AQID\",'"
                    + " (expected a member name (a string))",
                "[\"isFinal\"]", "elevenlabs: expected a JSON object, got '[\"isFinal\"]'",
                "{\"audio\":\"AQ*D\"}", "elevenlabs: audio is not valid base64 (bad base64 character '*' (U+002A) at 2 of 4"
                        + " (standard alphabet A-Z a-z 0-9 + /, padding =)) in "
                        + "'{\"audio\":\"AQ*D\"}'",
                "{\"audio\":12}", "elevenlabs: audio is not a base64 string in '{\"audio\":12}'");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            socket.script(connection -> {
                connection.text("{\"audio\":\"AQID\"}");
                connection.text(c.getKey());
            });
            try (ElevenLabsEngine engine = engine(Via.WEBSOCKET)) {
                RecordingSink sink = new RecordingSink();
                TtsException e = failure(engine, "Hello.", sink);
                assertThat(e.kind()).as(c.getKey()).isEqualTo(Kind.PROTOCOL);
                assertThat(e).hasMessage(c.getValue());
                assertThat(sink.bytes()).as("the audio before stays delivered").containsExactly(1, 2, 3);
            }
        }
        socket.script(connection -> connection.binary(new byte[] {1, 2, 3}));
        try (ElevenLabsEngine engine = engine(Via.WEBSOCKET)) {
            TtsException e = failure(engine, "Hello.", new RecordingSink());
            assertThat(e.kind()).isEqualTo(Kind.PROTOCOL);
            assertThat(e).hasMessage("elevenlabs: unexpected binary message of 3 bytes (stream-input sends JSON text)");
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void aSlowFirstByteTimesOutAsUnavailableNamingTheTimeout(Via via) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        socket.script(c -> release.await(GUARD_SECONDS, TimeUnit.SECONDS)); // never answers end of input
        http.respond((exchange, request) -> {
            release.await(GUARD_SECONDS, TimeUnit.SECONDS);
            FakeElevenLabsHttp.audio(exchange, new byte[10]);
        });
        try (ElevenLabsEngine engine = engine(via, "first-byte-timeout-ms", "300")) {
            TtsException e = failure(engine, "Hello.", new RecordingSink());
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            String path = "/v1/text-to-speech/" + ElevenLabsEngine.DEFAULT_VOICE;
            assertThat(e).hasMessage(via == Via.WEBSOCKET
                    ? "elevenlabs: " + socket.baseUrl().replace("http:", "ws:") + path
                            + "/stream-input: no message within first-byte-timeout-ms = 300 ms, after 0 bytes"
                    : "elevenlabs: " + http.baseUrl() + path + "/stream: no response within first-byte-timeout-ms"
                            + " = 300 ms");
        } finally {
            release.countDown();
        }
    }

    @Test
    void cancelMidStreamClosesTheSocketAndLeavesNothingBehind() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        socket.script(c -> {
            byte[] audio = audioFor("endless", 101);
            c.audio(audioFor("start", HUNDRED_MS), 0, HUNDRED_MS);
            while (!stop.await(5, TimeUnit.MILLISECONDS)) { // keeps talking until the client goes
                c.audio(audio, 0, audio.length);
            }
        });
        try (ElevenLabsEngine engine = engine(Via.WEBSOCKET)) {
            assertCancelledMidStream(engine);
            FakeElevenLabsSocket.Connection c = socket.nextConnection();
            assertThat(c.closedWith.poll(GUARD_SECONDS, TimeUnit.SECONDS)).as("the server saw the close").isNotNull();
            assertThat(c.received).as("no message after end of input: stream-input has no cancel")
                    .endsWith(StreamInputConversation.END_OF_INPUT);
            engine.close();
            assertThat(engine.socket().awaitTermination(Duration.ofSeconds(GUARD_SECONDS)))
                    .as("no thread or connection of the engine left").isTrue();
        } finally {
            stop.countDown();
        }
    }

    @Test
    void cancelMidBodyAbortsTheRequestAndLeavesNothingBehind() throws Exception {
        CountDownLatch serverSawTheEnd = new CountDownLatch(1);
        http.respond((exchange, request) -> {
            exchange.getResponseHeaders().set("Content-Type", "audio/basic");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(audioFor("start", HUNDRED_MS));
            out.flush();
            byte[] more = audioFor("endless", 101);
            try {
                while (true) { // until the client goes
                    out.write(more);
                    out.flush();
                    Thread.sleep(5);
                }
            } catch (IOException e) {
                serverSawTheEnd.countDown();
            }
        });
        try (ElevenLabsEngine engine = engine(Via.HTTP)) {
            assertCancelledMidStream(engine);
            assertThat(serverSawTheEnd.await(GUARD_SECONDS, TimeUnit.SECONDS)).as("the server saw the abort").isTrue();
            engine.close();
            assertThat(engine.http().awaitTermination(Duration.ofSeconds(GUARD_SECONDS)))
                    .as("no thread or connection of the engine left").isTrue();
        }
    }

    private void assertCancelledMidStream(ElevenLabsEngine engine) throws Exception {
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
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void twentyConcurrentSynthesesEachGetTheirOwnAudio(Via via) throws Exception {
        socket.script(c -> {
            String text = c.texts().get(0).strip();
            byte[] audio = audioFor(text, 700 + text.length() * 13);
            c.audio(audio, 0, audio.length);
            c.end();
        });
        http.respond((exchange, request) -> {
            String text = request.json().path("text").asText();
            FakeElevenLabsHttp.audio(exchange, audioFor(text, 700 + text.length() * 13));
        });
        int calls = 20;
        try (ElevenLabsEngine engine = engine(via, "max-concurrent", String.valueOf(calls))) {
            List<Future<RecordingSink>> results = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                String text = "Caller number " + i + " says hello.";
                results.add(threads.submit(() -> {
                    RecordingSink sink = new RecordingSink();
                    engine.synthesize(text, sink, new CancellationToken());
                    return sink;
                }));
            }
            for (int i = 0; i < calls; i++) {
                String text = "Caller number " + i + " says hello.";
                assertThat(results.get(i).get(GUARD_SECONDS, TimeUnit.SECONDS).bytes())
                        .isEqualTo(audioFor(text, 700 + text.length() * 13));
            }
        }
        if (via == Via.WEBSOCKET) {
            // One socket per synthesis (stream-input spends them), and perhaps a spare opened ahead that was unused.
            assertThat(socket.connections.stream()
                    .filter(c -> c.received.contains(StreamInputConversation.END_OF_INPUT))).hasSize(calls);
            assertThat(socket.handshakes.size()).isGreaterThanOrEqualTo(calls);
        } else {
            assertThat(http.requests).hasSize(calls);
        }
    }

    @Test
    void blankTextSendsNothing() throws Exception {
        try (ElevenLabsEngine engine = engine(Via.WEBSOCKET)) {
            RecordingSink sink = new RecordingSink();
            engine.synthesize(" \n", sink, new CancellationToken());
            assertThat(sink.formats).isEmpty();
        }
        assertThat(socket.handshakes).isEmpty();
    }

    @Test
    void aMissingKeyIsAuthAtCreateNamingTheVariable() {
        assertThatThrownBy(() -> ElevenLabsEngine.create(Map.of(), name -> null))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTH))
                .hasMessage("elevenlabs: no API key: set ELEVENLABS_API_KEY or pass -E api-key=...");
    }

    @Test
    void theKeyComesFromTheEnvironmentAndNeverShows() throws Exception {
        serve(new byte[] {9});
        try (ElevenLabsEngine engine = ElevenLabsEngine.create(Map.of("base-url", socket.baseUrl()),
                name -> name.equals("ELEVENLABS_API_KEY") ? KEY : null)) {
            RecordingSink sink = new RecordingSink();
            engine.synthesize("Hi.", sink, new CancellationToken());
            assertThat(sink.bytes()).containsExactly(9);
            assertThat(engine.toString()).doesNotContain(KEY).contains("eleven_flash_v2_5", "ulaw_8000",
                    "websocket");
        }
        assertThat(socket.handshakes.get(0).query()).doesNotContain(KEY);
        assertThat(socket.nextConnection().received).noneMatch(m -> m.contains(KEY));
    }

    @Test
    void badOptionsAreBadRequestNamingTheValue() {
        assertBadOption("format", "mp3_44100_128", "elevenlabs: option format = 'mp3_44100_128' is not one of "
                + "ulaw_8000, alaw_8000, pcm_8000, pcm_16000, pcm_22050, pcm_24000, pcm_44100");
        assertBadOption("stability", "1.5", "elevenlabs: option stability = '1.5' is not a number in [0.0, 1.0]");
        assertBadOption("similarity-boost", "high",
                "elevenlabs: option similarity-boost = 'high' is not a number in [0.0, 1.0]");
        assertBadOption("speed", "2", "elevenlabs: option speed = '2' is not a number in [0.7, 1.2]");
        assertBadOption("voice", "../admin", "elevenlabs: option voice = '../admin' is not a voice id such as "
                + "JBFqnCBsd6RMkjVDRZzb");
        assertBadOption("model", "eleven flash", "elevenlabs: option model = 'eleven flash' is not a model id such "
                + "as eleven_flash_v2_5");
        assertBadOption("transport", "rest", "elevenlabs: option transport = 'rest' is not websocket or http");
        assertBadOption("base-url", "ftp://x", "elevenlabs: option base-url = 'ftp://x' is not an http(s) URL of "
                + "the API root such as https://api.elevenlabs.io");
        assertBadOption("max-concurrent", "0", "elevenlabs: option max-concurrent = '0' is not an integer in "
                + "[1, 1000]");
        assertThatThrownBy(() -> ElevenLabsEngine.create(Map.of("api-key", KEY, "style", "0.3"), name -> null))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST))
                .hasMessageStartingWith("elevenlabs: unknown option 'style' (known: api-key, base-url, ");
    }

    private static void assertBadOption(String option, String value, String message) {
        assertThatThrownBy(() -> ElevenLabsEngine.create(Map.of("api-key", KEY, option, value), name -> null))
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
            c.end();
        });
        try (ElevenLabsEngine engine = engine(Via.WEBSOCKET)) {
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

    @ParameterizedTest
    @EnumSource(Via.class)
    void aRefusedConnectionIsUnavailable(Via via) throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        try (ElevenLabsEngine engine = via == Via.WEBSOCKET ? engine("http://127.0.0.1:" + port)
                : engine("http://127.0.0.1:" + port, "transport", "http")) {
            TtsException e = failure(engine, "Hello.", new RecordingSink());
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e.getMessage()).startsWith("elevenlabs: " + (via == Via.WEBSOCKET ? "ws" : "http")
                    + "://127.0.0.1:" + port + "/v1/text-to-speech/");
        }
    }

    @ParameterizedTest
    @EnumSource(Via.class)
    void aSinkFailureIsRethrownUnchanged(Via via) throws Exception {
        serve(audioFor("sink", 3 * HUNDRED_MS));
        IllegalStateException broken = new IllegalStateException("the call hung up");
        try (ElevenLabsEngine engine = engine(via)) {
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
        try (ElevenLabsEngine engine = engine(Via.WEBSOCKET)) {
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
            assertThat(socket.nextConnection().closedWith.poll(GUARD_SECONDS, TimeUnit.SECONDS)).isNotNull();
        } finally {
            stop.countDown();
        }
    }
}
