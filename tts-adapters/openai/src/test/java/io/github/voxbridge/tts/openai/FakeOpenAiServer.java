package io.github.voxbridge.tts.openai;

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
 * OpenAI's speech endpoint on loopback, as tts-engines.md section 1 describes it: it checks what the adapter sends
 * (method, path {@code /v1/audio/speech}, {@code Authorization: Bearer <key>}, JSON content type and fields) and
 * answers a bad request the way OpenAI does ({@code {"error":{...}}} with 400/401/404), records every request, and
 * leaves the answer to a valid one to the test's {@link Responder}: typically a chunked 200 of PCM written by
 * {@link #writePaced} in uneven, odd-sized chunks. Public, in this module's test-jar, for the cli's {@code speak}
 * tests.
 */
public final class FakeOpenAiServer implements AutoCloseable {

    /** What the adapter sent. */
    public record Request(String method, String path, String authorization, String contentType, JsonNode json) {

        /** The {@code input} field: the text to speak. */
        public String input() {
            return json.path("input").asText();
        }
    }

    /** The answer to a valid request. */
    @FunctionalInterface
    public interface Responder {
        /** Answers {@code request} on {@code exchange} (closed by the server afterwards). */
        void respond(HttpExchange exchange, Request request) throws Exception;
    }

    /** Chunk sizes {@link #writePaced} cycles through: uneven, mostly odd, splitting samples. */
    public static final int[] CHUNK_SIZES = {1, 333, 4801, 77, 1999, 2, 613, 3};

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every request received, in order. */
    public final List<Request> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger peakInFlight = new AtomicInteger();
    private final String key;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private volatile Responder responder = (exchange, request) -> error(exchange, 500, "no responder set");

    /** Starts the server on a free loopback port, accepting {@code key} as the API key. */
    public FakeOpenAiServer(String key) throws IOException {
        this.key = key;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor); // one virtual thread per exchange: paced and parked answers do not block others
        server.createContext("/", this::handle);
        server.start();
    }

    /** The API root to pass as {@code base-url}, e.g. {@code http://127.0.0.1:40123/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Sets the answer to the next valid requests. */
    public void respond(Responder responder) {
        this.responder = responder;
    }

    private void handle(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        peakInFlight.accumulateAndGet(now, Math::max);
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
                    exchange.getRequestHeaders().getFirst("Content-Type"), json);
            requests.add(request);
            if (!request.path().equals("/v1/audio/speech")) {
                error(exchange, 404, "Invalid URL (" + request.method() + " " + request.path() + ")");
            } else if (!request.method().equals("POST")) {
                error(exchange, 405, "Method not allowed");
            } else if (!("Bearer " + key).equals(request.authorization())) {
                error(exchange, 401, "Incorrect API key provided");
            } else if (!"application/json".equals(request.contentType()) || !json.isObject()) {
                error(exchange, 400, "We could not parse the JSON body of your request.");
            } else if (!json.path("model").isTextual() || !json.path("input").isTextual()
                    || json.path("input").asText().length() > OpenAiEngine.MAX_INPUT_CHARS
                    || !(json.path("voice").isTextual() || json.path("voice").path("id").isTextual())
                    || !json.path("response_format").asText().equals("pcm")) {
                error(exchange, 400, "Invalid request: " + json);
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

    /** An OpenAI error response: {@code {"error":{"message":…,"type":…,"param":null,"code":null}}}. */
    public static void error(HttpExchange exchange, int status, String message) throws IOException {
        String body = JSON.createObjectNode().set("error", JSON.createObjectNode().put("message", message)
                .put("type", "invalid_request_error").putNull("param").putNull("code")).toString();
        raw(exchange, status, "application/json", body);
    }

    /** A response of {@code status} with exactly {@code body}. */
    public static void raw(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    /** Starts a 200 with a chunked {@code application/octet-stream} body, as OpenAI's. */
    public static OutputStream startAudio(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(200, 0); // 0: chunked
        return exchange.getResponseBody();
    }

    /**
     * Writes {@code audio[from, to)} in chunks of {@link #CHUNK_SIZES}, each flushed (one HTTP chunk) and followed by
     * a pause of {@code pauseMillis}, so the client sees the body arrive in pieces.
     */
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

    /** Deterministic PCM-like bytes for {@code text}: {@code length} bytes the test can recompute. */
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
