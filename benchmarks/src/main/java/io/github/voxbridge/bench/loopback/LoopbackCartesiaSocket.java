package io.github.voxbridge.bench.loopback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
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
 * Cartesia's {@code /tts/websocket} on loopback (Jetty 12), as tts-engines.md section 4a describes it, just enough for
 * the real engine: the handshake must carry {@code X-API-Key} (else 401) and a {@code Cartesia-Version} header (else
 * 400). Generation requests with {@code "continue":true} are read and ignored; the one with {@code "continue":false}
 * ends its context's input, and the {@link ScriptedAudio} is played for that {@code context_id} on its own thread
 * (the reader stays free): the first burst as ONE {@code {"type":"chunk","data":"<base64>",…}} message,
 * {@link FirstAudioProbe#markFirstWrite()} just before it is sent (the message is built beforehand), a pause until the
 * consumer has its first media message, the rest as another chunk, then {@code {"type":"done",…}}. The socket stays
 * open: the engine reuses it for the next synthesis with a new {@code context_id} (its "warm sockets"), so one
 * connection carries many syntheses. Jetty's connector sets {@code TCP_NODELAY} on accepted sockets by default.
 * Public, as is {@link Connection}: Jetty calls the endpoint reflectively.
 */
public final class LoopbackCartesiaSocket implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEND_TIMEOUT_SECONDS = 10;

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final ExecutorService scripts = Executors.newCachedThreadPool(runnable -> {
        Thread t = new Thread(runnable, "loopback-cartesia-script");
        t.setDaemon(true);
        return t;
    });
    private final ScriptedAudio audio;
    private final String firstBase64;
    private final String restBase64;

    /**
     * Starts the server on an ephemeral loopback port.
     *
     * @param key   the key the handshake's {@code X-API-Key} header must carry
     * @param audio what every context is answered with
     */
    public LoopbackCartesiaSocket(String key, ScriptedAudio audio) throws Exception {
        this.audio = audio;
        this.firstBase64 = Base64.getEncoder().encodeToString(audio.first());
        this.restBase64 = Base64.getEncoder().encodeToString(audio.rest());
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> container.addMapping("/tts/websocket",
                (request, response, callback) -> {
                    String version = request.getHeaders().get("Cartesia-Version");
                    if (!key.equals(request.getHeaders().get("X-API-Key"))
                            || version == null || version.isBlank()) {
                        response.setStatus(version == null || version.isBlank() ? 400 : 401);
                        Content.Sink.write(response, true, "{\"error\":\"Invalid API key or version\"}", callback);
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

    private static String chunk(String base64, String contextId) {
        return "{\"type\":\"chunk\",\"data\":\"" + base64 + "\",\"done\":false,\"status_code\":206,"
                + "\"context_id\":" + contextId + "}";
    }

    /** One client's socket: one context after another. */
    public final class Connection extends Session.Listener.AbstractAutoDemanding {

        @Override
        public void onWebSocketText(String message) {
            JsonNode request;
            try {
                request = JSON.readTree(message);
            } catch (Exception e) {
                return; // not a generation request: nothing to answer
            }
            JsonNode more = request.path("continue");
            if (request.has("transcript") && more.isBoolean() && !more.booleanValue()) {
                // The id as a JSON string literal, quoted and escaped as the client sent it.
                String contextId = request.path("context_id").toString();
                scripts.submit(() -> play(contextId));
            }
        }

        private Void play(String contextId) throws Exception {
            String first = chunk(firstBase64, contextId);
            String rest = chunk(restBase64, contextId);
            String done = "{\"type\":\"done\",\"done\":true,\"status_code\":206,\"context_id\":" + contextId + "}";
            FirstAudioProbe probe = audio.probes().get();
            probe.markFirstWrite();
            send(first);
            probe.awaitRelease();
            send(rest);
            send(done);
            return null;
        }

        private void send(String text) throws Exception {
            Callback.Completable sent = new Callback.Completable();
            getSession().sendText(text, sent);
            sent.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
