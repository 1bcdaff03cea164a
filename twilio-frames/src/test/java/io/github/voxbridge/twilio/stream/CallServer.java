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
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The server side of the loopback tests, as a voice agent would write it: a Jetty 12 WebSocket endpoint per call
 * that owns an {@link OutboundPlayer}, hands it every text frame, and closes it when the socket closes. The player
 * paces by the clock set before the call connects, and the endpoint counts the messages it sends.
 */
public final class CallServer implements AutoCloseable {

    /** The server's end of one call: its player, and how many messages the player has handed to the socket. */
    record Call(OutboundPlayer player, AtomicLong sent) {
    }

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
    private final TtsEngine engine;
    private volatile Duration lead = OutboundPlayer.DEFAULT_LEAD;
    private volatile PlaybackClock clock = PlaybackClock.system();

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

    /** The clock of the players of the calls that connect from now on. */
    void clock(PlaybackClock clock) {
        this.clock = clock;
    }

    /** The next call that connects. */
    Call nextCall() throws InterruptedException {
        Call c = calls.poll(10, TimeUnit.SECONDS);
        if (c == null) {
            throw new AssertionError("no call connected within 10 s");
        }
        return c;
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
            AtomicLong count = new AtomicLong();
            player = OutboundPlayer.builder(engine).lead(lead).clock(clock).build(json -> {
                count.incrementAndGet();
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
            calls.add(new Call(player, count));
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
