package io.github.voxbridge.tts.polly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Amazon Polly's {@code SynthesizeSpeech} on loopback, as tts-engines.md section 7 describes it: it checks what the
 * SDK sends (method {@code POST}, path {@code /v1/speech}, a JSON body with {@code Text}, {@code VoiceId},
 * {@code OutputFormat}, {@code SampleRate} as a string, {@code Engine}; a SigV4 {@code Authorization} header for the
 * test's access key id, region and service {@code polly}, and {@code X-Amz-Date}) and answers a bad request the way
 * Polly does (400, {@code x-amzn-ErrorType} and {@code {"message": ...}}), records every request, and leaves the
 * answer to a valid one to the test's {@link Responder}. The signature itself is not verified (that is the SDK's
 * code, tested by AWS). Public, in this module's test-jar, for the cli's {@code speak} tests.
 */
public final class FakePollyServer implements AutoCloseable {

    /** What the SDK sent. */
    public record Request(String method, String path, String authorization, String amzDate, String contentType,
            JsonNode json) {

        /** The {@code Text} field: the text to speak. */
        public String text() {
            return json.path("Text").asText();
        }
    }

    /** The answer to a valid request. */
    @FunctionalInterface
    public interface Responder {
        /** Answers {@code request} on {@code exchange} (closed by the server afterwards). */
        void respond(HttpExchange exchange, Request request) throws Exception;
    }

    /** Chunk sizes {@link #writePaced} cycles through: uneven, mostly odd. */
    public static final int[] CHUNK_SIZES = {1, 333, 4801, 77, 1999, 2, 613, 3};

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every request received, in order. */
    public final List<Request> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger peakInFlight = new AtomicInteger();
    private final String accessKeyId;
    private final String region;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private volatile Responder responder = (exchange, request) -> error(exchange, 500, "ServiceFailureException",
            "no responder set");

    /**
     * Starts the server on a free loopback port, accepting requests signed for {@code accessKeyId} in {@code region}.
     */
    public FakePollyServer(String accessKeyId, String region) throws IOException {
        this.accessKeyId = accessKeyId;
        this.region = region;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The endpoint to pass as {@code base-url}, e.g. {@code http://127.0.0.1:40123}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Sets the answer to the next valid requests. */
    public void respond(Responder responder) {
        this.responder = responder;
    }

    private void handle(HttpExchange exchange) throws IOException {
        peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            JsonNode json;
            try {
                json = JSON.readTree(body);
            } catch (IOException e) {
                json = JSON.nullNode();
            }
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("X-Amz-Date"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), json);
            requests.add(request);
            String auth = request.authorization() == null ? "" : request.authorization();
            if (!request.method().equals("POST") || !request.path().equals("/v1/speech")) {
                error(exchange, 404, "UnknownOperationException", request.method() + " " + request.path());
            } else if (!auth.startsWith("AWS4-HMAC-SHA256 Credential=" + accessKeyId + "/")
                    || !auth.contains("/" + region + "/polly/aws4_request") || !auth.contains("Signature=")
                    || request.amzDate() == null) {
                error(exchange, 403, "InvalidSignatureException", "The request signature we calculated does not "
                        + "match the signature you provided.");
            } else if (request.contentType() == null || !request.contentType().startsWith("application/json")
                    || !json.isObject()) {
                error(exchange, 400, "SerializationException", "bad body");
            } else if (!json.path("Text").isTextual() || !json.path("VoiceId").isTextual()
                    || !json.path("OutputFormat").isTextual() || !json.path("SampleRate").isTextual()
                    || !json.path("Engine").isTextual()) {
                error(exchange, 400, "ValidationException", "1 validation error detected: " + json);
            } else if (json.path("Text").asText().length() > PollyEngine.MAX_BILLED_CHARS) {
                error(exchange, 400, "TextLengthExceededException", "Maximum text length has been exceeded");
            } else {
                responder.respond(exchange, request);
            }
        } catch (IOException e) {
            // the client went away; the test that cares watches for it itself
        } catch (Exception e) {
            throw new IOException(e);
        } finally {
            inFlight.decrementAndGet();
            exchange.close();
        }
    }

    /** A Polly error: {@code x-amzn-ErrorType: <code>}, body {@code {"message": ...}} (tts-engines.md section 7). */
    public static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        byte[] bytes = JSON.createObjectNode().put("message", message).toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("x-amzn-ErrorType", code + ":http://internal.amazon.com/coral/com.amazon"
                + ".coral.validate/");
        exchange.getResponseHeaders().set("x-amzn-RequestId", "5e4f3c2a-0000-4000-8000-000000000000");
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Starts a 200 with a chunked audio body of {@code contentType}, as Polly's streamed blob. */
    public static OutputStream startAudio(HttpExchange exchange, String contentType, int characters)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("x-amzn-RequestCharacters", Integer.toString(characters));
        exchange.sendResponseHeaders(200, 0); // 0: chunked
        return exchange.getResponseBody();
    }

    /** Writes {@code audio[from, to)} in chunks of {@link #CHUNK_SIZES}, each flushed, pausing between them. */
    public static void writePaced(OutputStream out, byte[] audio, int from, int to, long pauseMillis)
            throws IOException, InterruptedException {
        int at = from;
        for (int i = 0; at < to; i++) {
            int n = Math.min(CHUNK_SIZES[i % CHUNK_SIZES.length], to - at);
            out.write(audio, at, n);
            out.flush();
            at += n;
            if (pauseMillis > 0) {
                Thread.sleep(pauseMillis);
            }
        }
    }

    /** Deterministic bytes for {@code text}: {@code length} bytes the test can recompute. */
    public static byte[] audioFor(String text, int length) {
        byte[] audio = new byte[length];
        int seed = text.hashCode();
        for (int i = 0; i < length; i++) {
            seed = seed * 1_103_515_245 + 12_345;
            audio[i] = (byte) (seed >>> 23);
        }
        return audio;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
