package io.github.voxbridge.bench.loopback;

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
 * ElevenLabs' {@code /v1/text-to-speech/{voice}/stream-input} WebSocket on loopback (Jetty 12), as tts-engines.md
 * section 2b describes it, just enough for the real engine: the handshake must carry the {@code xi-api-key} header
 * (else 401, and a path other than stream-input 404, with ElevenLabs' {@code {"detail":…}} body). The init message, the flushed text messages and the
 * keep-alive spaces are read and ignored; on end of input ({@code {"text":""}}) the {@link ScriptedAudio} is played on
 * its own thread (the reader stays free): the first burst as ONE {@code {"audio":"<base64>","isFinal":null}} text
 * message, {@link FirstAudioProbe#markFirstWrite()} just before it is sent (the base64 is encoded beforehand, once), a
 * pause until the consumer has its first media message, the rest as another such message, then
 * {@code {"audio":null,"isFinal":true}} and the server's close, as ElevenLabs ends a stream-input socket.
 *
 * <p>The engine keeps a spare socket open ahead of the next synthesis, greeted with the init message (the engine's
 * "warm sockets"), so connections open and wait here before any synthesis; each carries one synthesis, as on
 * ElevenLabs. Jetty's connector sets {@code TCP_NODELAY} on accepted sockets by default. Public, as is
 * {@link Connection}: Jetty calls the endpoint reflectively.
 */
public final class LoopbackElevenLabsSocket implements AutoCloseable {

    private static final String END_OF_INPUT = "{\"text\":\"\"}";
    private static final String FINAL = "{\"audio\":null,\"isFinal\":true}";
    private static final long SEND_TIMEOUT_SECONDS = 10;

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final ExecutorService scripts = Executors.newCachedThreadPool(runnable -> {
        Thread t = new Thread(runnable, "loopback-elevenlabs-script");
        t.setDaemon(true);
        return t;
    });
    private final ScriptedAudio audio;
    private final String firstMessage;
    private final String restMessage;

    /**
     * Starts the server on an ephemeral loopback port.
     *
     * @param key   the key the handshake's {@code xi-api-key} header must carry
     * @param audio what every end of input is answered with
     */
    public LoopbackElevenLabsSocket(String key, ScriptedAudio audio) throws Exception {
        this.audio = audio;
        this.firstMessage = audioMessage(audio.first());
        this.restMessage = audioMessage(audio.rest());
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server, container -> container.addMapping(
                "/v1/text-to-speech/*", (request, response, callback) -> {
                    boolean streamInput = request.getHttpURI().getPath().endsWith("/stream-input");
                    if (!streamInput || !key.equals(request.getHeaders().get("xi-api-key"))) {
                        response.setStatus(streamInput ? 401 : 404);
                        Content.Sink.write(response, true, streamInput
                                ? "{\"detail\":{\"status\":\"invalid_api_key\",\"message\":\"Invalid API key\"}}"
                                : "{\"detail\":{\"status\":\"not_found\",\"message\":\"No such endpoint\"}}",
                                callback);
                        return null;
                    }
                    return new Connection();
                })));
        server.start();
    }

    private static String audioMessage(byte[] bytes) {
        return "{\"audio\":\"" + Base64.getEncoder().encodeToString(bytes) + "\",\"isFinal\":null}";
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

    /** One client's socket: one synthesis, possibly after waiting as the engine's spare. */
    public final class Connection extends Session.Listener.AbstractAutoDemanding {

        @Override
        public void onWebSocketText(String message) {
            if (message.equals(END_OF_INPUT)) {
                scripts.submit(this::play);
            }
        }

        private Void play() throws Exception {
            FirstAudioProbe probe = audio.probes().get();
            probe.markFirstWrite();
            send(firstMessage);
            probe.awaitRelease();
            send(restMessage);
            send(FINAL);
            Callback.Completable closed = new Callback.Completable();
            getSession().close(1000, "", closed);
            closed.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return null;
        }

        private void send(String text) throws Exception {
            Callback.Completable sent = new Callback.Completable();
            getSession().sendText(text, sent);
            sent.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
