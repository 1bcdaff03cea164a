package io.github.voxbridge.tts.polly;

import static io.github.voxbridge.tts.polly.FakePollyServer.audioFor;
import static io.github.voxbridge.tts.polly.FakePollyServer.startAudio;
import static io.github.voxbridge.tts.polly.FakePollyServer.writePaced;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.RecordingSink;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.TtsException.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/** {@link PollyEngine} through the real AWS SDK against {@link FakePollyServer} on loopback. */
class PollyEngineTest {

    static final String ACCESS_KEY_ID = "AKIAVOXBRIDGETEST";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY1";
    static final String REGION = "eu-west-1";
    static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET));
    /** 100 ms of 8 kHz mu-law, in bytes. */
    static final int HUNDRED_MS = 800;

    private FakePollyServer server;
    /** Every exception message and toString of the failing cases, checked for the secret at the end. */
    private final List<String> outputs = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = new FakePollyServer(ACCESS_KEY_ID, REGION);
    }

    @AfterEach
    void stop() {
        server.close();
        assertThat(String.join("\n", outputs)).doesNotContain(SECRET);
    }

    private PollyEngine engine(String... options) throws TtsException {
        Map<String, String> all = new HashMap<>();
        all.put("region", REGION);
        all.put("base-url", server.baseUrl());
        for (int i = 0; i < options.length; i += 2) {
            all.put(options[i], options[i + 1]);
        }
        PollyEngine engine = PollyEngine.create(all, CREDENTIALS);
        outputs.add(engine.toString());
        return engine;
    }

    private TtsException failure(PollyEngine engine, String text, RecordingSink sink) {
        try {
            engine.synthesize(text, sink, new CancellationToken());
        } catch (TtsException e) {
            outputs.add(everything(e));
            return e;
        }
        throw new AssertionError("no failure");
    }

    @Test
    void mulawIsPassedThroughByteForByte() throws Exception {
        byte[] audio = audioFor("mulaw", 20 * HUNDRED_MS + 7);
        server.respond((exchange, request) -> writePaced(startAudio(exchange, "audio/mulaw", 21), audio, 0,
                audio.length, 1));
        try (PollyEngine engine = engine()) {
            RecordingSink sink = new RecordingSink();
            engine.synthesize("Hello from voxbridge.", sink, new CancellationToken());
            assertThat(sink.format()).isEqualTo(PollyEngine.MULAW);
            assertThat(sink.bytes()).isEqualTo(audio);
            assertThat(sink.chunks()).isGreaterThan(1); // streamed, not buffered into one piece
        }
        FakePollyServer.Request request = server.requests.getFirst();
        assertThat(request.json().path("Text").asText()).isEqualTo("Hello from voxbridge.");
        assertThat(request.json().path("VoiceId").asText()).isEqualTo("Joanna");
        assertThat(request.json().path("OutputFormat").asText()).isEqualTo("mulaw");
        assertThat(request.json().path("SampleRate").isTextual()).isTrue();
        assertThat(request.json().path("SampleRate").asText()).isEqualTo("8000");
        assertThat(request.json().path("Engine").asText()).isEqualTo("neural");
        assertThat(request.authorization()).startsWith("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY_ID + "/")
                .contains("/" + REGION + "/polly/aws4_request").doesNotContain(SECRET);
    }

    @Test
    void audioReachesTheSinkBeforeTheBodyEnds() throws Exception {
        // The fake sends 100 ms, then holds the rest until the sink has those 100 ms: a client that buffered the
        // body would wait forever (the guard fails the test instead).
        byte[] audio = audioFor("streamed", 3 * HUNDRED_MS);
        CountDownLatch firstHeard = new CountDownLatch(1);
        server.respond((exchange, request) -> {
            OutputStream out = startAudio(exchange, "audio/mulaw", 3);
            writePaced(out, audio, 0, HUNDRED_MS, 0);
            if (!firstHeard.await(20, TimeUnit.SECONDS)) {
                throw new AssertionError("the first 100 ms never reached the sink");
            }
            writePaced(out, audio, HUNDRED_MS, audio.length, 0);
        });
        RecordingSink sink = new RecordingSink() {
            private int heard;

            @Override
            public void audio(byte[] chunk, int off, int len) {
                super.audio(chunk, off, len);
                heard += len;
                if (heard >= HUNDRED_MS) {
                    firstHeard.countDown();
                }
            }
        };
        try (PollyEngine engine = engine()) {
            engine.synthesize("Streamed.", sink, new CancellationToken());
        }
        assertThat(sink.bytes()).isEqualTo(audio);
    }

    @Test
    void twentyConcurrentSynthesesShareOneEngineWithinMaxConcurrent() throws Exception {
        server.respond((exchange, request) -> {
            byte[] audio = audioFor(request.text(), 2 * HUNDRED_MS + 1);
            writePaced(startAudio(exchange, "audio/mulaw", 3), audio, 0, audio.length, 2);
        });
        try (PollyEngine engine = engine("max-concurrent", "4");
                java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors
                        .newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String text = "Caller number " + i + ".";
                results.add(callers.submit(() -> {
                    RecordingSink sink = new RecordingSink();
                    engine.synthesize(text, sink, new CancellationToken());
                    return sink.bytes();
                }));
            }
            for (int i = 0; i < 20; i++) {
                assertThat(results.get(i).get(60, TimeUnit.SECONDS))
                        .isEqualTo(audioFor("Caller number " + i + ".", 2 * HUNDRED_MS + 1));
            }
        }
        assertThat(server.requests).hasSize(20);
        assertThat(server.peakInFlight.get()).isBetween(1, 4);
    }

    @Test
    void pcmIsS16le16000WithTheChosenVoiceAndEngine() throws Exception {
        byte[] audio = audioFor("pcm", 3201); // odd: a sample split at the end too
        server.respond((exchange, request) -> writePaced(startAudio(exchange, "audio/pcm", 3), audio, 0,
                audio.length, 0));
        try (PollyEngine engine = engine("format", "pcm", "voice", "Ruth", "engine", "generative")) {
            RecordingSink sink = new RecordingSink();
            engine.synthesize("Hi.", sink, new CancellationToken());
            assertThat(sink.format()).isEqualTo(PollyEngine.PCM);
            assertThat(sink.bytes()).isEqualTo(audio);
        }
        FakePollyServer.Request request = server.requests.getFirst();
        assertThat(request.json().path("OutputFormat").asText()).isEqualTo("pcm");
        assertThat(request.json().path("SampleRate").asText()).isEqualTo("16000");
        assertThat(request.json().path("VoiceId").asText()).isEqualTo("Ruth");
        assertThat(request.json().path("Engine").asText()).isEqualTo("generative");
    }

    @Test
    void throttlingSentAs400IsRateLimitedAndNotRetried() throws Exception {
        server.respond((exchange, request) -> {
            exchange.getResponseHeaders().set("Retry-After", "3");
            FakePollyServer.error(exchange, 400, "ThrottlingException", "Rate exceeded");
        });
        try (PollyEngine engine = engine()) {
            TtsException e = failure(engine, "Hi.", new RecordingSink());
            assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
            assertThat(e).hasMessage("polly: HTTP 400 'ThrottlingException': 'Rate exceeded'");
            assertThat(e.retryAfter()).hasValue(java.time.Duration.ofSeconds(3));
        }
        assertThat(server.requests).hasSize(1); // the SDK's own retries are off
    }

    @Test
    void otherErrorsMapToTheirKinds() throws Exception {
        assertKind(400, "InvalidSsmlException", "Invalid SSML request", Kind.BAD_REQUEST);
        assertKind(400, "TextLengthExceededException", "Maximum text length has been exceeded", Kind.BAD_REQUEST);
        assertKind(403, "InvalidSignatureException", "Signature expired", Kind.AUTH);
        assertKind(400, "UnrecognizedClientException", "The security token included in the request is invalid.",
                Kind.AUTH);
        assertKind(500, "ServiceFailureException", "Internal failure", Kind.UNAVAILABLE);
        assertKind(503, "ServiceUnavailable", "Service unavailable", Kind.UNAVAILABLE);
        assertThat(server.requests).hasSize(6); // one each: no retries
    }

    private void assertKind(int status, String code, String message, Kind kind) throws Exception {
        server.respond((exchange, request) -> FakePollyServer.error(exchange, status, code, message));
        try (PollyEngine engine = engine()) {
            TtsException e = failure(engine, "Hi.", new RecordingSink());
            assertThat(e.kind()).as(code).isEqualTo(kind);
            assertThat(e).hasMessage("polly: HTTP " + status + " '" + code + "': '" + message + "'");
        }
    }

    @Test
    void theFakeRefusesAWrongSignatureScopeAsAuth() throws Exception {
        // The fake checks the SigV4 scope: a client signing for another region is refused, and that is AUTH.
        Map<String, String> options = Map.of("region", "us-west-2", "base-url", server.baseUrl());
        try (PollyEngine engine = PollyEngine.create(options, CREDENTIALS)) {
            TtsException e = failure(engine, "Hi.", new RecordingSink());
            assertThat(e.kind()).isEqualTo(Kind.AUTH);
            assertThat(e.getMessage()).contains("InvalidSignatureException");
        }
    }

    @Test
    void aBodyShorterThanItsLengthIsUnavailableAfterTheAudio() throws Exception {
        byte[] audio = audioFor("cut", 5 * HUNDRED_MS);
        try (CutShortServer cut = new CutShortServer(audio, 3 * HUNDRED_MS + 1, audio.length);
                PollyEngine engine = PollyEngine.create(Map.of("region", REGION, "base-url", cut.baseUrl()),
                        CREDENTIALS)) {
            RecordingSink sink = new RecordingSink();
            TtsException e = failure(engine, "Hi.", sink);
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e.getMessage()).startsWith("polly: connection lost after 2401 bytes of the response from "
                    + cut.baseUrl() + ": ");
            assertThat(sink.bytes()).isEqualTo(java.util.Arrays.copyOf(audio, 3 * HUNDRED_MS + 1));
            assertThat(cut.failure()).isNull();
        }
    }

    @Test
    void noServerIsUnavailable() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        try (PollyEngine engine = PollyEngine.create(Map.of("region", REGION, "base-url",
                "http://127.0.0.1:" + port), CREDENTIALS)) {
            TtsException e = failure(engine, "Hi.", new RecordingSink());
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e.getMessage()).startsWith("polly: no response from http://127.0.0.1:" + port + ": ");
        }
    }

    @Test
    void cancelMidStreamStopsTheStreamAndClosesTheConnection() throws Exception {
        byte[] audio = audioFor("long", 600 * HUNDRED_MS);
        CountDownLatch serverSawClose = new CountDownLatch(1);
        server.respond((exchange, request) -> {
            OutputStream out = startAudio(exchange, "audio/mulaw", 3);
            try {
                writePaced(out, audio, 0, audio.length, 5); // a minute of audio, paced: cancelled long before
            } catch (IOException e) {
                serverSawClose.countDown();
                throw e;
            }
        });
        CancellationToken cancel = new CancellationToken();
        CountDownLatch someAudio = new CountDownLatch(1);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        RecordingSink sink = new RecordingSink() {
            @Override
            public void audio(byte[] chunk, int off, int len) {
                super.audio(chunk, off, len);
                synchronized (received) {
                    received.write(chunk, off, len);
                    if (received.size() >= HUNDRED_MS) {
                        someAudio.countDown();
                    }
                }
            }
        };
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        try (PollyEngine engine = engine()) {
            Thread caller = Thread.ofPlatform().start(() -> {
                try {
                    engine.synthesize("Go on and on.", sink, cancel);
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            assertThat(someAudio.await(20, TimeUnit.SECONDS)).isTrue();
            cancel.cancel();
            caller.join(20_000);
            assertThat(caller.isAlive()).isFalse();
            assertThat(thrown.get()).isInstanceOfSatisfying(TtsException.class,
                    e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
            assertThat(serverSawClose.await(20, TimeUnit.SECONDS)).isTrue();
        }
        synchronized (received) {
            assertThat(received.size()).isLessThan(audio.length);
            assertThat(received.toByteArray()).isEqualTo(java.util.Arrays.copyOf(audio, received.size()));
        }
    }

    @Test
    void cancelBeforeTheHeadersAbortsTheWait() throws Exception {
        CountDownLatch requestArrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        server.respond((exchange, request) -> {
            requestArrived.countDown();
            release.await(20, TimeUnit.SECONDS); // no headers until the test is done
        });
        CancellationToken cancel = new CancellationToken();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        try (PollyEngine engine = engine("first-byte-timeout-ms", "60000")) {
            Thread caller = Thread.ofPlatform().start(() -> {
                try {
                    engine.synthesize("Hi.", new RecordingSink(), cancel);
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            assertThat(requestArrived.await(20, TimeUnit.SECONDS)).isTrue();
            cancel.cancel();
            caller.join(20_000);
            assertThat(caller.isAlive()).isFalse();
            assertThat(thrown.get()).isInstanceOfSatisfying(TtsException.class,
                    e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
        } finally {
            release.countDown();
        }
    }

    @Test
    void longTextIsSplitUnder3000CharsAndSpokenInOrder() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 7_500; i++) {
            text.append("Sentence number ").append(i).append(" says something worth hearing. ");
        }
        server.respond((exchange, request) -> {
            byte[] audio = audioFor(request.text(), 1001);
            writePaced(startAudio(exchange, "audio/mulaw", request.text().length()), audio, 0, audio.length, 0);
        });
        try (PollyEngine engine = engine()) {
            RecordingSink sink = new RecordingSink();
            engine.synthesize(text.toString(), sink, new CancellationToken());
            assertThat(server.requests).hasSizeGreaterThanOrEqualTo(3);
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            List<String> texts = new ArrayList<>();
            for (FakePollyServer.Request r : server.requests) {
                assertThat(r.text().length()).isLessThanOrEqualTo(PollyEngine.MAX_BILLED_CHARS);
                texts.add(r.text());
                expected.writeBytes(audioFor(r.text(), 1001));
            }
            assertThat(String.join(" ", texts)).isEqualTo(text.toString().strip());
            assertThat(sink.formats).hasSize(1);
            assertThat(sink.bytes()).isEqualTo(expected.toByteArray());
        }
    }

    @Test
    void noCredentialsIsAuthAtCreateSayingHowToProvideThem() {
        AwsCredentialsProvider none = () -> {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain "
                    + "AwsCredentialsProviderChain(credentialsProviders=[SystemPropertyCredentialsProvider(), "
                    + "EnvironmentVariableCredentialsProvider(), ProfileCredentialsProvider()])");
        };
        assertThatThrownBy(() -> PollyEngine.create(Map.of("region", REGION), none))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTH))
                .hasMessageStartingWith("polly: no AWS credentials found: set AWS_ACCESS_KEY_ID and "
                        + "AWS_SECRET_ACCESS_KEY")
                .hasMessageContaining("AWS_PROFILE");
    }

    @Test
    void badOptionsAreBadRequestsNamingTheValue() {
        assertBadRequest(Map.of("engine", "turbo"),
                "polly: option engine = 'turbo' is not one of generative, long-form, neural, standard");
        assertBadRequest(Map.of("format", "mp3"),
                "polly: option format = 'mp3' is not mulaw (8000 Hz, passed through) or pcm (s16le 16000 Hz)");
        assertBadRequest(Map.of("voice", "Joanna\"}"),
                "polly: option voice = 'Joanna\"}' is not a Polly VoiceId such as Joanna, Matthew or Ruth");
        assertBadRequest(Map.of("region", "Europe"),
                "polly: option region = 'Europe' is not an AWS region such as us-east-1");
        assertBadRequest(Map.of("base-url", "polly.example.com"), "polly: option base-url = 'polly.example.com' "
                + "is not an http(s) URL of the API root such as https://polly.us-east-1.amazonaws.com (no path)");
        assertBadRequest(Map.of("max-concurrent", "0"),
                "polly: option max-concurrent = '0' is not an integer in [1, 1000]");
        assertBadRequest(Map.of("voise", "Joanna"), "polly: unknown option 'voise' (known: base-url, "
                + "connect-timeout-ms, engine, first-byte-timeout-ms, format, max-concurrent, region, voice)");
    }

    private void assertBadRequest(Map<String, String> options, String message) {
        Map<String, String> all = new HashMap<>(options);
        all.putIfAbsent("region", REGION);
        assertThatThrownBy(() -> PollyEngine.create(all, CREDENTIALS))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST))
                .hasMessage(message);
    }

    @Test
    void aClosedEngineRefusesWork() throws Exception {
        PollyEngine engine = engine();
        engine.close();
        engine.close();
        assertThat(engine.toString()).endsWith(", closed]").doesNotContain(SECRET).doesNotContain(ACCESS_KEY_ID);
        assertThatThrownBy(() -> engine.synthesize("Hi.", new RecordingSink(), new CancellationToken()))
                .isInstanceOf(IllegalStateException.class).hasMessage("Polly engine is closed");
    }

    @Test
    void aSinkFailureIsRethrownUnchanged() throws Exception {
        server.respond((exchange, request) -> writePaced(startAudio(exchange, "audio/mulaw", 3),
                new byte[HUNDRED_MS], 0, HUNDRED_MS, 0));
        IllegalStateException boom = new IllegalStateException("sink full");
        try (PollyEngine engine = engine()) {
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
        try (PollyEngine engine = engine()) {
            assertThatThrownBy(() -> engine.synthesize("Hi.", new RecordingSink(), cancel))
                    .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
        }
        assertThat(server.requests).isEmpty();
    }

    /** The exception's toString, its causes' and suppressed exceptions'. */
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

    /**
     * An HTTP/1.1 server on loopback answering one request with a 200 whose {@code Content-Length} is
     * {@code audio.length} but which sends only {@code audio[0, sent)} and closes. Raw sockets, because
     * {@code com.sun.net.httpserver} never sends a body shorter than its length.
     */
    static final class CutShortServer implements AutoCloseable {

        private final ServerSocket socket;
        private final Thread thread;
        private volatile Throwable failure;

        CutShortServer(byte[] audio, int sent, int length) throws IOException {
            socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            thread = Thread.ofVirtual().start(() -> {
                try (Socket connection = socket.accept()) {
                    readRequest(connection.getInputStream());
                    OutputStream out = connection.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: audio/mulaw\r\nContent-Length: " + length
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(audio, 0, 77);
                    out.flush();
                    out.write(audio, 77, sent - 77);
                    out.flush();
                } catch (Throwable e) {
                    failure = e;
                }
            });
        }

        String baseUrl() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        Throwable failure() {
            return failure;
        }

        private static void readRequest(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("request ended in its headers");
                }
                head.write(b);
                matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            int length = 0;
            for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(line.indexOf(':') + 1).strip());
                }
            }
            in.readNBytes(length);
        }

        @Override
        public void close() throws IOException, InterruptedException {
            socket.close();
            thread.join(10_000);
        }
    }
}
