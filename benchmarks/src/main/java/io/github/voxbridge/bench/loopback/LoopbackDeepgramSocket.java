package io.github.voxbridge.bench.loopback;

import java.nio.ByteBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * Deepgram's {@code /v1/speak} WebSocket on loopback (Jetty 12), as tts-engines.md section 3b describes it, just
 * enough for the real engine: the handshake must carry {@code Authorization: Token <key>} (else 401); on the client's
 * {@code {"type":"Flush"}} the {@link ScriptedAudio} is played on its own thread (the reader stays free): the first
 * burst as one binary frame, {@link FirstAudioProbe#markFirstWrite()} just before it, a pause until the consumer has
 * its first media message, the rest as another binary frame, then {@code {"type":"Flushed"}}. The client's
 * {@code Close} is answered by Jetty's close handshake. Jetty's connector sets {@code TCP_NODELAY} on accepted
 * sockets by default ({@code ServerConnector.setAcceptedTcpNoDelay}), so frames are not held back by Nagle.
 * Public, as is {@link Connection}: Jetty calls the endpoint reflectively.
 */
public final class LoopbackDeepgramSocket implements AutoCloseable {

    private static final String FLUSH = "{\"type\":\"Flush\"}";
    private static final String FLUSHED = "{\"type\":\"Flushed\",\"sequence_id\":0}";
    private static final long SEND_TIMEOUT_SECONDS = 10;

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final ExecutorService scripts = Executors.newCachedThreadPool(runnable -> {
        Thread t = new Thread(runnable, "loopback-deepgram-script");
        t.setDaemon(true);
        return t;
    });
    private final ScriptedAudio audio;

    /**
     * Starts the server on an ephemeral loopback port.
     *
     * @param key   the key the handshake must carry
     * @param audio what every {@code Flush} is answered with
     */
    public LoopbackDeepgramSocket(String key, ScriptedAudio audio) throws Exception {
        this.audio = audio;
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> container.addMapping("/v1/speak",
                (request, response, callback) -> {
                    if (!("Token " + key).equals(request.getHeaders().get("Authorization"))) {
                        response.setStatus(401);
                        response.getHeaders().put("dg-error", "Invalid credentials.");
                        Content.Sink.write(response, true, "{\"err_code\":\"INVALID_AUTH\"}", callback);
                        return null;
                    }
                    return new Connection();
                })));
        server.start();
    }

    /** The API root to pass as {@code base-url}: {@code http://127.0.0.1:<port>} (the engine derives ws://). */
    public String baseUrl() {
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
        scripts.shutdownNow();
    }

    /** One client's socket. */
    public final class Connection extends Session.Listener.AbstractAutoDemanding {

        @Override
        public void onWebSocketText(String message) {
            if (message.equals(FLUSH)) {
                scripts.submit(this::play);
            }
        }

        private Void play() throws Exception {
            FirstAudioProbe probe = audio.probes().get();
            probe.markFirstWrite();
            send(audio.first());
            probe.awaitRelease();
            send(audio.rest());
            Callback.Completable sent = new Callback.Completable();
            getSession().sendText(FLUSHED, sent);
            sent.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return null;
        }

        private void send(byte[] bytes) throws Exception {
            Callback.Completable sent = new Callback.Completable();
            getSession().sendBinary(ByteBuffer.wrap(bytes), sent);
            sent.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
