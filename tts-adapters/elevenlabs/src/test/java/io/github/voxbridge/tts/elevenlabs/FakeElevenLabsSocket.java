package io.github.voxbridge.tts.elevenlabs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * ElevenLabs' {@code /v1/text-to-speech/{voice}/stream-input} WebSocket on loopback (Jetty 12), as tts-engines.md
 * section 2b describes it: it checks the handshake (path, {@code model_id} and {@code output_format} in the query,
 * the {@code xi-api-key} header, refusing a wrong key with 401 and ElevenLabs' {@code {"detail":{…}}} body),
 * records every handshake and every text message the client sends, and on end of input ({@code {"text":""}}) runs
 * the test's {@link Script} on its own thread (so the reader stays free to see the client's close meanwhile),
 * typically audio in uneven base64 messages of odd byte counts, then {@code isFinal} and the server's close.
 * {@link #refuse} makes the next handshakes fail with a given status. Public, as is {@link Connection}: Jetty calls
 * the endpoint reflectively, and the cli's {@code speak} tests use it from this module's test-jar.
 */
public final class FakeElevenLabsSocket implements AutoCloseable {

    /** Sizes in bytes of the decoded audio of successive messages: uneven, mostly odd. */
    public static final int[] CHUNK_SIZES = {1, 333, 4801, 77, 1999, 2, 613, 3};

    /** A handshake the client made: path, query and {@code xi-api-key} header. */
    public record Handshake(String path, String query, String apiKey) {
    }

    /** What the server does once the client has sent end of input. */
    @FunctionalInterface
    public interface Script {
        /** Plays the server's side after end of input on {@code connection}. */
        void play(Connection connection) throws Exception;
    }

    /** A refused handshake: status, headers, body. */
    public record Refusal(int status, Map<String, String> headers, String body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every handshake received, in order. */
    public final List<Handshake> handshakes = new CopyOnWriteArrayList<>();
    final BlockingQueue<Connection> connections = new LinkedBlockingQueue<>();
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final ExecutorService scripts = Executors.newVirtualThreadPerTaskExecutor();
    private volatile Script script = Connection::end;
    private volatile Refusal refusal;

    /** Starts the server on a free loopback port, accepting {@code key} as the API key. */
    public FakeElevenLabsSocket(String key) throws Exception {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> container.addMapping(
                "/v1/text-to-speech/*", (request, response, callback) -> {
                    String path = request.getHttpURI().getPath();
                    String query = request.getHttpURI().getQuery();
                    String apiKey = request.getHeaders().get("xi-api-key");
                    handshakes.add(new Handshake(path, query, apiKey));
                    Refusal r = refusal;
                    if (r == null && !path.matches("/v1/text-to-speech/[A-Za-z0-9_-]+/stream-input")) {
                        r = detail(404, "not_found", "No such endpoint " + path);
                    } else if (r == null && (query == null || !query.matches(".*\\bmodel_id=[^&]+.*")
                            || !query.matches(".*\\boutput_format=[a-z]+_[0-9]+.*"))) {
                        r = detail(400, "invalid_request", "model_id and output_format are required: " + query);
                    } else if (r == null && !key.equals(apiKey)) {
                        r = detail(401, "invalid_api_key", "Invalid API key");
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

    /** A refusal with ElevenLabs' error body {@code {"detail":{"status":…,"message":…}}}. */
    public static Refusal detail(int status, String code, String message) {
        return new Refusal(status, Map.of(), FakeElevenLabsHttp.detailBody(code, message));
    }

    /** The API root to pass as {@code base-url}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    /** Sets what the server does after each end of input from now on. */
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

    @Override
    public void close() throws Exception {
        server.stop();
        scripts.shutdownNow();
    }

    /** One client's socket: what it sent, and what the script sends back. */
    public final class Connection extends Session.Listener.AbstractAutoDemanding {

        /** Every text message received, in order. */
        public final List<String> received = new CopyOnWriteArrayList<>();
        /** The close code the client sent (or 1006 if the connection just dropped), once it has. */
        final BlockingQueue<Integer> closedWith = new LinkedBlockingQueue<>();

        @Override
        public void onWebSocketOpen(Session session) {
            super.onWebSocketOpen(session);
            connections.add(this);
        }

        @Override
        public void onWebSocketText(String message) {
            received.add(message);
            if (message.equals(StreamInputConversation.END_OF_INPUT)) {
                Script s = script;
                scripts.submit(() -> {
                    s.play(this);
                    return null;
                });
            }
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, Callback callback) {
            closedWith.add(statusCode);
            callback.succeed();
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            closedWith.add(1006);
        }

        /** The texts of the client's text messages (between init and end of input), in order. */
        public List<String> texts() throws IOException {
            List<String> texts = new java.util.ArrayList<>();
            for (String m : received.subList(1, received.size())) {
                JsonNode json = JSON.readTree(m);
                if (!json.path("text").asText().isBlank()) { // not the init, a keep-alive or end of input
                    texts.add(json.path("text").asText());
                }
            }
            return texts;
        }

        /**
         * Sends {@code audio[from, to)} as ElevenLabs does, in {@code {"audio":"<base64>","isFinal":null,…}}
         * messages whose decoded sizes cycle through {@link #CHUNK_SIZES}, each waited for.
         */
        public void audio(byte[] audio, int from, int to) throws Exception {
            int at = from;
            for (int i = 0; at < to; i++) {
                int n = Math.min(CHUNK_SIZES[i % CHUNK_SIZES.length], to - at);
                byte[] piece = java.util.Arrays.copyOfRange(audio, at, at + n);
                text("{\"audio\":\"" + Base64.getEncoder().encodeToString(piece) + "\",\"isFinal\":null,"
                        + "\"normalizedAlignment\":{\"charStartTimesMs\":[0],\"charDurationsMs\":[50],"
                        + "\"chars\":[\"H\"]},\"alignment\":null}");
                at += n;
            }
        }

        /** Sends {@code message} as one text frame, waiting until it is sent. */
        public void text(String message) throws Exception {
            Callback.Completable sent = new Callback.Completable();
            getSession().sendText(message, sent);
            sent.get(10, TimeUnit.SECONDS);
        }

        /** A binary message, which ElevenLabs never sends on this socket. */
        public void binary(byte[] data) throws Exception {
            Callback.Completable sent = new Callback.Completable();
            getSession().sendBinary(java.nio.ByteBuffer.wrap(data), sent);
            sent.get(10, TimeUnit.SECONDS);
        }

        /** ElevenLabs' end of the audio, then its close (section 2b, end of input). */
        public void end() throws Exception {
            text("{\"audio\":null,\"isFinal\":true,\"normalizedAlignment\":null,\"alignment\":null}");
            close(1000, "");
        }

        /** An error message as ElevenLabs sends one, then its close 1008. */
        public void error(String code, String message) throws Exception {
            text(JSON.createObjectNode().put("message", message).put("error", code).put("code", 1008).toString());
            close(1008, message);
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
    }
}
