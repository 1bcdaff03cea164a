package io.github.voxbridge.tts.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * Google Cloud Text-to-Speech's {@code text:synthesize} on loopback, as tts-engines.md sections 5 and 9 describe
 * it: it checks the method, the path {@code /v1/text:synthesize}, the {@code key} query parameter or, made with
 * {@link #withBearerTokens}, an {@code Authorization: Bearer} header with a token it accepts and no key (401
 * UNAUTHENTICATED otherwise), the JSON content type and fields (400 INVALID_ARGUMENT otherwise, including input over
 * 5,000 bytes), records every request, and leaves the answer to a valid one to the test's {@link Responder}:
 * typically {@code {"audioContent": base64(WAV)}} from {@link #audio}. Public, in this module's test-jar, for the
 * cli's {@code speak} tests.
 */
public final class FakeGoogleServer implements AutoCloseable {

    /** What the adapter sent. */
    public record Request(String method, String path, String query, String contentType, String authorization,
            String userProject, JsonNode json) {

        /** The {@code input.text} field: the text to speak. */
        public String text() {
            return json.path("input").path("text").asText();
        }
    }

    /** The answer to a valid request. */
    @FunctionalInterface
    public interface Responder {
        /** Answers {@code request} on {@code exchange} (closed by the server afterwards). */
        void respond(HttpExchange exchange, Request request) throws Exception;
    }

    /** The JSON mapper the fake writes its answers with. */
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> ENCODINGS = Set.of("MULAW", "LINEAR16");

    /** Every request received, in order. */
    public final List<Request> requests = new CopyOnWriteArrayList<>();
    private final String key;
    /** In bearer mode, whether a token is one the token endpoint issued; null in key mode. */
    private final Predicate<String> tokens;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private volatile Responder responder = (exchange, request) -> error(exchange, 500, "no responder set",
            "INTERNAL");

    /** Starts the server on a free loopback port, accepting {@code key} as the {@code key} query parameter. */
    public FakeGoogleServer(String key) throws IOException {
        this(key, null);
    }

    /** A server that takes {@code Authorization: Bearer <token>} for the tokens {@code valid} accepts, no key. */
    static FakeGoogleServer withBearerTokens(Predicate<String> valid) throws IOException {
        return new FakeGoogleServer(null, valid);
    }

    private FakeGoogleServer(String key, Predicate<String> tokens) throws IOException {
        this.key = key;
        this.tokens = tokens;
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
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("x-goog-user-project"), json);
            requests.add(request);
            JsonNode config = json.path("audioConfig");
            if (!request.path().equals("/v1/text:synthesize")) {
                error(exchange, 404, "Not found", "NOT_FOUND");
            } else if (!request.method().equals("POST")) {
                error(exchange, 405, "Method not allowed", "INVALID_ARGUMENT");
            } else if (tokens == null ? !("key=" + key).equals(request.query()) : !authorized(request)) {
                error(exchange, 401, "API keys are not supported by this API or the key is invalid.",
                        "UNAUTHENTICATED");
            } else if (request.contentType() == null || !request.contentType().startsWith("application/json")
                    || !json.isObject() || !json.path("input").path("text").isTextual()
                    || !json.path("voice").path("languageCode").isTextual()
                    || !json.path("voice").path("name").isTextual()
                    || !ENCODINGS.contains(config.path("audioEncoding").asText())
                    || !config.path("sampleRateHertz").isInt()) {
                error(exchange, 400, "Invalid JSON payload: " + json, "INVALID_ARGUMENT");
            } else if (request.text().getBytes(StandardCharsets.UTF_8).length > 5000) {
                error(exchange, 400, "Either `input.text` or `input.ssml` is longer than the limit of 5000 bytes.",
                        "INVALID_ARGUMENT");
            } else {
                responder.respond(exchange, request);
            }
        } catch (IOException e) {
            // the client went away; the test that cares watches for it itself
        } catch (Exception e) {
            throw new IOException(e);
        } finally {
            exchange.close();
        }
    }

    private boolean authorized(Request request) {
        String header = request.authorization();
        return request.query() == null && header != null && header.startsWith("Bearer ")
                && tokens.test(header.substring("Bearer ".length()));
    }

    /** A Google error: {@code {"error":{"code":…,"message":…,"status":…}}}. */
    public static void error(HttpExchange exchange, int status, String message, String code) throws IOException {
        String body = JSON.createObjectNode().set("error", JSON.createObjectNode().put("code", status)
                .put("message", message).put("status", code)).toString();
        raw(exchange, status, body);
    }

    /** A JSON response of {@code status} with exactly {@code body}. */
    public static void raw(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    /** A 200 of {@code {"audioContent": base64(wav)}}. */
    public static void audio(HttpExchange exchange, byte[] wav) throws IOException {
        raw(exchange, 200, JSON.createObjectNode().put("audioContent", Base64.getEncoder().encodeToString(wav))
                .toString());
    }

    /**
     * A WAV: RIFF header, {@code fmt } (16 bytes), a {@code LIST} chunk of odd size (padded) before the data, so
     * the header is not the classic 44 bytes, then {@code data} of {@code declared} size holding {@code data}.
     *
     * @param tag 7 mu-law, 1 PCM
     */
    public static byte[] wav(int tag, int bits, int rate, int channels, byte[] data, long declared) {
        byte[] list = "INFOISFT\u0005\u0000\u0000\u0000Lavf\u0000".getBytes(StandardCharsets.ISO_8859_1); // 17: odd
        int blockAlign = channels * bits / 8;
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + 16 + 8 + list.length + 1 + 8 + data.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(b.capacity() - 8)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) tag)
                .putShort((short) channels).putInt(rate).putInt(rate * blockAlign).putShort((short) blockAlign)
                .putShort((short) bits);
        b.put("LIST".getBytes(StandardCharsets.US_ASCII)).putInt(list.length).put(list).put((byte) 0);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) declared).put(data);
        return b.array();
    }

    /** {@link #wav} of mono 8 kHz mu-law with its true data size. */
    public static byte[] muLawWav(byte[] data) {
        return wav(7, 8, 8000, 1, data, data.length);
    }

    /** Deterministic audio-like bytes for {@code text}: {@code length} bytes the test can recompute. */
    public static byte[] audioFor(String text, int length) {
        byte[] audio = new byte[length];
        int seed = text.hashCode();
        for (int i = 0; i < length; i++) {
            seed = seed * 1_103_515_245 + 12_345;
            audio[i] = (byte) (seed >>> 23);
        }
        return audio;
    }

    /** {@code parts} one after another. */
    public static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
