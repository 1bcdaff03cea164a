package io.github.voxbridge.tts.elevenlabs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * ElevenLabs' {@code POST /v1/text-to-speech/{voice}/stream} on loopback (JDK HTTP server), as tts-engines.md
 * section 2a describes it: it checks the method, path, {@code output_format} in the query, the {@code xi-api-key}
 * header (401 {@code invalid_api_key} otherwise), the JSON body ({@code text} and {@code model_id} required, the
 * text within the model's limit, else 400 {@code max_character_limit_exceeded}), records every request and leaves
 * the answer to a valid one to the test's {@link Responder}. Errors are ElevenLabs'
 * {@code {"detail":{"status":…,"message":…}}}. Public: the cli's {@code speak} tests use it from this module's
 * test-jar.
 */
public final class FakeElevenLabsHttp implements AutoCloseable {

    /** What the adapter sent. */
    public record Request(String method, String path, String query, String apiKey, String contentType, JsonNode json) {
    }

    /** Answers a valid request. */
    @FunctionalInterface
    public interface Responder {
        /** Writes the response to {@code request} on {@code exchange}. */
        void respond(HttpExchange exchange, Request request) throws Exception;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every request received, in order. */
    public final List<Request> requests = new CopyOnWriteArrayList<>();
    private final String key;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private volatile Responder responder = (exchange, request) -> error(exchange, 500, "no_responder", "none set");

    /** Starts the server on a free loopback port, accepting {@code key} as the API key. */
    public FakeElevenLabsHttp(String key) throws IOException {
        this.key = key;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The API root to pass as {@code base-url}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Sets how valid requests are answered from now on. */
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
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("xi-api-key"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), json);
            requests.add(request);
            String text = json.path("text").asText("");
            if (!request.path().matches("/v1/text-to-speech/[A-Za-z0-9_-]+/stream")
                    || !request.method().equals("POST")) {
                error(exchange, 404, "not_found", request.method() + " " + request.path());
            } else if (!key.equals(request.apiKey())) {
                error(exchange, 401, "invalid_api_key", "Invalid API key");
            } else if (request.query() == null || !request.query().matches("output_format=[a-z]+_[0-9]+")) {
                error(exchange, 400, "invalid_output_format", "output_format " + request.query());
            } else if (text.isBlank() || !json.path("model_id").isTextual()) {
                error(exchange, 400, "invalid_request", "text and model_id are required");
            } else if (text.length() > ElevenLabsEngine.maxChars(json.path("model_id").asText())) {
                error(exchange, 400, "max_character_limit_exceeded", "Text is too long: " + text.length());
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

    /** ElevenLabs' error body, {@code {"detail":{"status":…,"message":…}}}. */
    public static String detailBody(String code, String message) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("detail").put("status", code).put("message", message);
        return root.toString();
    }

    /** An ElevenLabs error response. */
    public static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        byte[] bytes = detailBody(code, message).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** A chunked 200 of audio, written in {@link FakeElevenLabsSocket#CHUNK_SIZES} pieces, each flushed. */
    public static void audio(HttpExchange exchange, byte[] audio) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "audio/basic");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        int[] sizes = FakeElevenLabsSocket.CHUNK_SIZES;
        int at = 0;
        for (int i = 0; at < audio.length; i++) {
            int n = Math.min(sizes[i % sizes.length], audio.length - at);
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
