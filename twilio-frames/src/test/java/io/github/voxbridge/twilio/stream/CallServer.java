package io.github.voxbridge.twilio.stream;

import io.github.voxbridge.tts.TtsEngine;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The server side of the loopback tests, as a voice agent would write it: a Jetty 12 WebSocket endpoint per call
 * that owns an {@link OutboundPlayer}, hands it every text frame, and closes it when the socket closes.
 */
public final class CallServer implements AutoCloseable {

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final BlockingQueue<OutboundPlayer> players = new LinkedBlockingQueue<>();
    private final TtsEngine engine;
    private volatile Duration lead = OutboundPlayer.DEFAULT_LEAD;

    CallServer(TtsEngine engine) throws Exception {
        this.engine = engine;
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server,
                container -> container.addMapping("/media", (request, response, callback) -> new CallEndpoint())));
        server.start();
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/media");
    }

    void lead(Duration lead) {
        this.lead = lead;
    }

    /** The player of the next call that connects. */
    OutboundPlayer nextPlayer() throws InterruptedException {
        OutboundPlayer p = players.poll(5, TimeUnit.SECONDS);
        if (p == null) {
            throw new AssertionError("no call connected within 5 s");
        }
        return p;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** One call: Twilio's text frames in, the player's messages out. */
    public final class CallEndpoint extends Session.Listener.AbstractAutoDemanding {
        private OutboundPlayer player;

        @Override
        public void onWebSocketOpen(Session session) {
            super.onWebSocketOpen(session);
            player = OutboundPlayer.builder(engine).lead(lead).build(json -> {
                Callback.Completable sent = new Callback.Completable();
                session.sendText(json, sent);
                try {
                    sent.get(5, TimeUnit.SECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    throw new IOException("sending to Twilio failed", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while sending", e);
                }
            });
            players.add(player);
        }

        @Override
        public void onWebSocketText(String message) {
            player.onMessage(message);
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, org.eclipse.jetty.websocket.api.Callback callback) {
            player.close();
            callback.succeed();
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            player.close();
        }
    }
}
