package io.github.voxbridge.tts.deepgram;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
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
 * Deepgram's {@code /v1/speak} WebSocket on loopback (Jetty 12), as tts-engines.md section 3b describes it: it checks
 * the handshake (path, {@code Authorization: Token <key>}, refusing a wrong key with 401, {@code dg-error} and a JSON
 * body), records every handshake and every text message the client sends, and on {@code Flush} runs the test's
 * {@link Script} on its own thread (so the reader stays free to receive {@code Clear} meanwhile), typically audio in
 * uneven, odd-sized binary frames then {@code {"type":"Flushed"}}. {@link #refuse} makes the next handshakes fail
 * with a given status, as an overloaded or failing Deepgram does. Public, as is {@link Connection}: Jetty calls the
 * endpoint reflectively, and the cli's {@code speak} tests use it from this module's test-jar.
 */
public final class FakeDeepgramSocket implements AutoCloseable {

    /** A handshake the client made: its query and Authorization header. */
    public record Handshake(String path, String query, String authorization) {
    }

    /** What the server does once the client has sent {@code Flush}. */
    @FunctionalInterface
    public interface Script {
        /** Plays the server's side of one flush on {@code connection}. */
        void play(Connection connection) throws Exception;
    }

    /** A refused handshake: status, headers, body. */
    public record Refusal(int status, Map<String, String> headers, String body) {
    }

    /** Every handshake received, in order. */
    public final List<Handshake> handshakes = new CopyOnWriteArrayList<>();
    final BlockingQueue<Connection> connections = new LinkedBlockingQueue<>();
    private final String key;
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final ExecutorService scripts = Executors.newVirtualThreadPerTaskExecutor();
    private volatile Script script = connection -> connection.flushed();
    private volatile Refusal refusal;
    private volatile CountDownLatch handshakeArrived;
    private volatile CountDownLatch handshakeGate;

    /** Starts the server on a free loopback port, accepting {@code key} as the API key. */
    public FakeDeepgramSocket(String key) throws Exception {
        this.key = key;
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> container.addMapping("/v1/speak",
                (request, response, callback) -> {
                    String authorization = request.getHeaders().get("Authorization");
                    handshakes.add(new Handshake(request.getHttpURI().getPath(), request.getHttpURI().getQuery(),
                            authorization));
                    CountDownLatch gate = handshakeGate;
                    if (gate != null) {
                        handshakeArrived.countDown();
                        try {
                            gate.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    Refusal r = refusal;
                    if (r == null && !("Token " + key).equals(authorization)) {
                        r = new Refusal(401, Map.of("dg-error", "Invalid credentials."),
                                "{\"err_code\":\"INVALID_AUTH\",\"err_msg\":\"Invalid credentials.\"}");
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

    /** Sets what the server does on each {@code Flush} from now on. */
    public void script(Script script) {
        this.script = script;
    }

    /** Holds every handshake until {@code gate} opens, counting {@code arrived} down when one arrives. */
    void holdHandshakes(CountDownLatch arrived, CountDownLatch gate) {
        this.handshakeArrived = arrived;
        this.handshakeGate = gate;
    }

    /** Refuses every handshake from now on with {@code refusal} ({@code null}: accept again). */
    public void refuse(Refusal refusal) {
        this.refusal = refusal;
    }

    /** The next connection that opened, waiting at most 10 s. */
    Connection nextConnection() throws InterruptedException {
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
        final List<String> received = new CopyOnWriteArrayList<>();
        /** The same, to wait for one. */
        final BlockingQueue<String> arriving = new LinkedBlockingQueue<>();
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
            arriving.add(message);
            if (message.equals(SpeakConversation.FLUSH)) {
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

        /** The text of the {@code Speak} messages received, in order. */
        List<String> spoken() {
            return received.stream().filter(m -> m.startsWith("{\"type\":\"Speak\""))
                    .map(m -> m.substring("{\"type\":\"Speak\",\"text\":\"".length(), m.length() - 2)).toList();
        }

        /** Sends {@code audio[from, to)} as binary frames of {@link FakeDeepgramRest#CHUNK_SIZES}, each waited for. */
        public void audio(byte[] audio, int from, int to) throws Exception {
            int at = from;
            for (int i = 0; at < to; i++) {
                int n = Math.min(FakeDeepgramRest.CHUNK_SIZES[i % FakeDeepgramRest.CHUNK_SIZES.length], to - at);
                Callback.Completable sent = new Callback.Completable();
                getSession().sendBinary(ByteBuffer.wrap(audio, at, n), sent);
                sent.get(10, TimeUnit.SECONDS);
                at += n;
            }
        }

        /** Sends {@code message} as one text frame, waiting until it is sent. */
        public void text(String message) throws Exception {
            Callback.Completable sent = new Callback.Completable();
            getSession().sendText(message, sent);
            sent.get(10, TimeUnit.SECONDS);
        }

        /** Deepgram's end of the audio for a flush. */
        public void flushed() throws Exception {
            text("{\"type\":\"Flushed\",\"sequence_id\":0}");
        }

        void metadata() throws Exception {
            text("{\"type\":\"Metadata\",\"request_id\":\"r-1\",\"model_name\":\"aura-2-thalia-en\","
                    + "\"model_version\":\"2025-01-01\",\"model_uuid\":\"u-1\"}");
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

        /** Waits at most 10 s for a text message equal to {@code expected}; false if it never came. */
        boolean awaitMessage(String expected) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                String m = arriving.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (expected.equals(m)) {
                    return true;
                }
            }
            return false;
        }
    }
}
