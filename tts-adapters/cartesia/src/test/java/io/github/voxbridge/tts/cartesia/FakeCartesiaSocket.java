package io.github.voxbridge.tts.cartesia;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * Cartesia's {@code /tts/websocket} on loopback (Jetty 12), as tts-engines.md section 4a describes it. It checks the
 * handshake: the path, and the key either as {@code X-API-Key} with a {@code Cartesia-Version} header or as
 * {@code ?api_key=…&cartesia_version=…} (the query wins when both are there, as Cartesia documents), refusing a
 * wrong or missing key with HTTP 401 and a JSON body. It records every handshake and every text message; when a
 * generation request with {@code "continue":false} arrives it runs the test's {@link Script} for that context on its
 * own thread (so the reader stays free to receive {@code cancel} meanwhile): typically {@code chunk} messages with
 * base64 audio in uneven, odd-sized pieces, a {@code timestamps} message, then {@code done}. {@link #refuse} makes
 * the next handshakes fail with a given status. Public, as is {@link Connection}: Jetty calls the endpoint
 * reflectively, and the cli's {@code speak} tests use it from this module's test-jar.
 */
public final class FakeCartesiaSocket implements AutoCloseable {

    /** Sizes, in bytes of decoded audio, of the successive chunks: uneven, mostly odd. */
    public static final int[] CHUNK_SIZES = {1, 333, 4801, 77, 1999, 2, 613, 3};

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A handshake the client made: path, query and the authentication headers. */
    public record Handshake(String path, String query, String apiKeyHeader, String versionHeader, String authorization) {
    }

    /** What the server does once the client has ended a context's input ({@code "continue":false}). */
    @FunctionalInterface
    public interface Script {
        /** Plays the server's side of context {@code contextId} on {@code connection}. */
        void play(Connection connection, String contextId) throws Exception;
    }

    /** A refused handshake: status, headers, body. */
    public record Refusal(int status, Map<String, String> headers, String body) {
    }

    /** Every handshake received, in order. */
    public final List<Handshake> handshakes = new CopyOnWriteArrayList<>();
    final BlockingQueue<Connection> connections = new LinkedBlockingQueue<>();
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final ExecutorService scripts = Executors.newVirtualThreadPerTaskExecutor();
    private volatile Script script = Connection::done;
    private volatile Refusal refusal;

    /** Starts the server on a free loopback port, accepting {@code key} as the API key. */
    public FakeCartesiaSocket(String key) throws Exception {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> container.addMapping("/tts/websocket",
                (request, response, callback) -> {
                    String query = request.getHttpURI().getQuery();
                    Fields params = org.eclipse.jetty.server.Request.extractQueryParameters(request);
                    String apiKeyHeader = request.getHeaders().get("X-API-Key");
                    String versionHeader = request.getHeaders().get("Cartesia-Version");
                    handshakes.add(new Handshake(request.getHttpURI().getPath(), query, apiKeyHeader, versionHeader,
                            request.getHeaders().get("Authorization")));
                    String givenKey = params.getValue("api_key") != null ? params.getValue("api_key") : apiKeyHeader;
                    String version = params.getValue("cartesia_version") != null ? params.getValue("cartesia_version")
                            : versionHeader;
                    Refusal r = refusal;
                    if (r == null && !key.equals(givenKey)) {
                        r = new Refusal(401, Map.of(), "{\"error\":\"Invalid API key\"}");
                    }
                    if (r == null && (version == null || version.isBlank())) {
                        r = new Refusal(400, Map.of(), "{\"error\":\"Cartesia-Version is required\"}");
                    }
                    if (r != null) {
                        response.setStatus(r.status());
                        r.headers().forEach((name, value) -> response.getHeaders().put(name, value));
                        response.getHeaders().put("Content-Type", "application/json");
                        Content.Sink.write(response, true, r.body(), callback);
                        return null;
                    }
                    return new Connection();
                })));
        server.start();
    }

    /** The API root to pass as {@code base-url}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    /** Sets what the server does for each context from now on. */
    public void script(Script script) {
        this.script = script;
    }

    /** Refuses every handshake from now on with {@code refusal} ({@code null}: accept again). */
    public void refuse(Refusal refusal) {
        this.refusal = refusal;
    }

    /** The next connection that opened, waiting at most 10 s. */
    public Connection nextConnection() throws InterruptedException {
        Connection c = connections.poll(10, TimeUnit.SECONDS);
        if (c == null) {
            throw new AssertionError("no connection within 10 s");
        }
        return c;
    }

    /** Deterministic audio bytes for {@code seed}, {@code length} of them. */
    public static byte[] audioFor(String seed, int length) {
        byte[] audio = new byte[length];
        int state = seed.hashCode();
        for (int i = 0; i < length; i++) {
            state = state * 1_103_515_245 + 12_345;
            audio[i] = (byte) (state >>> 23);
        }
        return audio;
    }

    @Override
    public void close() throws Exception {
        server.stop();
        scripts.shutdownNow();
    }

    /** One client's socket: what it sent, and what the script sends back. */
    public final class Connection extends Session.Listener.AbstractAutoDemanding {

        /** Every text message received, in order. */
        public final List<String> received = new CopyOnWriteArrayList<>();
        /** The same, parsed, to wait for one. */
        final BlockingQueue<JsonNode> arriving = new LinkedBlockingQueue<>();
        /** The close code the client sent, once it has. */
        final BlockingQueue<Integer> closedWith = new LinkedBlockingQueue<>();

        @Override
        public void onWebSocketOpen(Session session) {
            super.onWebSocketOpen(session);
            connections.add(this);
        }

        @Override
        public void onWebSocketText(String message) {
            received.add(message);
            JsonNode json;
            try {
                json = JSON.readTree(message);
            } catch (Exception e) {
                throw new AssertionError("the client sent something that is not JSON: " + message, e);
            }
            arriving.add(json);
            if (json.has("transcript") && json.path("continue").isBoolean() && !json.get("continue").asBoolean()) {
                Script s = script;
                String contextId = json.path("context_id").asText();
                scripts.submit(() -> {
                    s.play(this, contextId);
                    return null;
                });
            }
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, Callback callback) {
            closedWith.add(statusCode);
            callback.succeed();
        }

        /** The generation requests received (the messages with a transcript), parsed, in order. */
        public List<JsonNode> requests() {
            return received.stream().map(m -> {
                try {
                    return JSON.readTree(m);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).filter(j -> j.has("transcript")).toList();
        }

        /**
         * Sends {@code audio[from, to)} for {@code contextId} as {@code chunk} messages of {@link #CHUNK_SIZES}
         * decoded bytes each, each send waited for.
         */
        public void chunks(String contextId, byte[] audio, int from, int to) throws Exception {
            int at = from;
            for (int i = 0; at < to; i++) {
                int n = Math.min(CHUNK_SIZES[i % CHUNK_SIZES.length], to - at);
                byte[] piece = java.util.Arrays.copyOfRange(audio, at, at + n);
                text("{\"type\":\"chunk\",\"data\":\"" + Base64.getEncoder().encodeToString(piece)
                        + "\",\"done\":false,\"status_code\":206,\"step_time\":12.5,\"context_id\":\"" + contextId
                        + "\"}");
                at += n;
            }
        }

        /** A {@code timestamps} message for {@code contextId}, as Cartesia sends with {@code add_timestamps}. */
        public void timestamps(String contextId) throws Exception {
            text("{\"type\":\"timestamps\",\"done\":false,\"status_code\":206,\"context_id\":\"" + contextId
                    + "\",\"word_timestamps\":{\"words\":[\"Hello\"],\"start\":[0],\"end\":[0.4]}}");
        }

        /** Cartesia's end of a context's audio. */
        public void done(String contextId) throws Exception {
            text("{\"type\":\"done\",\"done\":true,\"status_code\":206,\"context_id\":\"" + contextId + "\"}");
        }

        /** Cartesia's error message for a context. */
        public void error(String contextId, int status, String title, String message, String errorCode) throws Exception {
            text("{\"type\":\"error\",\"done\":true,\"context_id\":\"" + contextId + "\",\"status_code\":" + status
                    + ",\"title\":\"" + title + "\",\"message\":\"" + message + "\",\"error_code\":\"" + errorCode
                    + "\",\"doc_url\":\"https://docs.cartesia.ai\",\"request_id\":\"req-1\"}");
        }

        /** Sends {@code message} as one text frame, waiting until it is sent. */
        public void text(String message) throws Exception {
            Callback.Completable sent = new Callback.Completable();
            getSession().sendText(message, sent);
            sent.get(10, TimeUnit.SECONDS);
        }

        /**
         * A close frame with {@code code} and {@code reason}, waited for. The client may answer it and drop the
         * connection before Jetty reports the frame written; Jetty then fails the callback with a
         * {@link java.nio.channels.ClosedChannelException}, which here means the close went through.
         */
        public void close(int code, String reason) throws Exception {
            Callback.Completable sent = new Callback.Completable();
            getSession().close(code, reason, sent);
            try {
                sent.get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof java.nio.channels.ClosedChannelException)) {
                    throw e;
                }
            }
        }

        /** Waits at most 10 s for a message with {@code field} = true; it, or null if it never came. */
        JsonNode awaitFlag(String field) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                JsonNode m = arriving.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (m != null && m.path(field).asBoolean(false)) {
                    return m;
                }
            }
            return null;
        }
    }
}
