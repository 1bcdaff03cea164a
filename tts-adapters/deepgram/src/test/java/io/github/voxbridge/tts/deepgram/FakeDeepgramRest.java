package io.github.voxbridge.tts.deepgram;

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

/**
 * Deepgram's REST {@code POST /v1/speak} on loopback (JDK HTTP server), as tts-engines.md section 3a describes it:
 * it checks the method, path, {@code Authorization: Token <key>} (401 {@code INVALID_AUTH} otherwise), the JSON body
 * {@code {"text":…}} (at most 2000 chars, else 413), records every request and leaves the answer to a valid one to
 * the test's {@link Responder}. Public, in this module's test-jar, for the cli's {@code speak} tests.
 */
public final class FakeDeepgramRest implements AutoCloseable {

    /** Chunk and frame sizes the fakes cycle through: uneven, mostly odd. */
    public static final int[] CHUNK_SIZES = {1, 333, 4801, 77, 1999, 2, 613, 3};

    /** What the adapter sent. */
    public record Request(String method, String path, String query, String authorization, String contentType,
            JsonNode json) {
    }

    /** The answer to a valid request. */
    @FunctionalInterface
    public interface Responder {
        /** Answers {@code request} on {@code exchange} (closed by the server afterwards). */
        void respond(HttpExchange exchange, Request request) throws Exception;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every request received, in order. */
    public final List<Request> requests = new CopyOnWriteArrayList<>();
    private final String key;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private volatile Responder responder = (exchange, request) -> error(exchange, 500, "NO_RESPONDER", "none set");

    /** Starts the server on a free loopback port, accepting {@code key} as the API key. */
    public FakeDeepgramRest(String key) throws IOException {
        this.key = key;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The API root to pass as {@code base-url}, e.g. {@code http://127.0.0.1:40123}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Sets the answer to the next valid requests. */
    public void respond(Responder responder) {
        this.responder = responder;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            JsonNode json;
            try {
                json = JSON.readTree(body);
            } catch (IOException e) {
                json = JSON.nullNode();
            }
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), json);
            requests.add(request);
            if (!request.path().equals("/v1/speak") || !request.method().equals("POST")) {
                error(exchange, 404, "NOT_FOUND", request.method() + " " + request.path());
            } else if (!("Token " + key).equals(request.authorization())) {
                error(exchange, 401, "INVALID_AUTH", "Invalid credentials.");
            } else if (!json.path("text").isTextual()) {
                error(exchange, 400, "INVALID_QUERY_PARAMETER", "Input text contains no characters");
            } else if (json.path("text").asText().length() > DeepgramEngine.MAX_TEXT_CHARS) {
                error(exchange, 413, "PAYLOAD_TOO_LARGE", "Input text exceeds maximum character limit of 2000");
            } else {
                responder.respond(exchange, request);
            }
        } catch (IOException e) {
            // the client went away
        } catch (Exception e) {
            throw new IOException(e);
        } finally {
            exchange.close();
        }
    }

    /** A Deepgram error: {@code {"err_code":…,"err_msg":…,"request_id":…}}. */
    public static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        byte[] bytes = JSON.createObjectNode().put("err_code", code).put("err_msg", message)
                .put("request_id", "r-1").toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** A chunked 200 of audio, written in {@link #CHUNK_SIZES} pieces, each flushed. */
    public static void audio(HttpExchange exchange, String contentType, byte[] audio) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        int at = 0;
        for (int i = 0; at < audio.length; i++) {
            int n = Math.min(CHUNK_SIZES[i % CHUNK_SIZES.length], audio.length - at);
            out.write(audio, at, n);
            out.flush();
            at += n;
        }
    }

    /** Deterministic audio-like bytes for {@code text}, {@code length} of them. */
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
