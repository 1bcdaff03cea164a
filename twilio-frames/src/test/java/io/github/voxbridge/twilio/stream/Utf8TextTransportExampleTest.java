package io.github.voxbridge.twilio.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.dsp.codec.MuLaw;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngines;
import io.github.voxbridge.twilio.protocol.OutboundMessage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.junit.jupiter.api.Test;

/**
 * The example of {@link Utf8TextTransport}'s Javadoc, run: a Jetty 12 endpoint whose player sends every media
 * message as bytes through Jetty's core API, to {@link TwilioSimulator} as Twilio over loopback, speaking FreeTTS.
 * The simulator's JDK client reads each one as a text frame and parses it: so Jetty sent TEXT frames, whole.
 */
class Utf8TextTransportExampleTest {

    private static final String SID = "MZ22222222222222222222222222222222";

    /** A Jetty endpoint whose transport is the example's; hands its player to the test. */
    public static final class BytesEndpoint extends Session.Listener.AbstractAutoDemanding {
        private final TtsEngine engine;
        private final BlockingQueue<OutboundPlayer> players;
        private OutboundPlayer player;

        BytesEndpoint(TtsEngine engine, BlockingQueue<OutboundPlayer> players) {
            this.engine = engine;
            this.players = players;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            super.onWebSocketOpen(session);
            // @start region="utf8-text-transport-jetty"
            // Jetty 12's core API sends a TEXT frame from a ByteBuffer; wait until it is written (the buffer is reused).
            CoreSession core = ((WebSocketSession) session).getCoreSession();
            Utf8TextTransport transport = utf8 -> {
                try {
                    Callback.Completable.with(sent -> core.sendFrame(new Frame(OpCode.TEXT, utf8), sent, false))
                            .get(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while sending to Twilio");
                } catch (ExecutionException | TimeoutException e) {
                    throw new IOException("sending to Twilio failed", e);
                }
            };
            // @end region="utf8-text-transport-jetty"
            player = OutboundPlayer.builder(engine).build(transport);
            players.add(player);
        }

        @Override
        public void onWebSocketText(String json) {
            player.onMessage(json);
        }

        @Override
        public void onWebSocketClose(int status, String reason, org.eclipse.jetty.websocket.api.Callback callback) {
            player.close();
            callback.succeed();
        }
    }

    @Test
    void utf8TextTransportExample() throws Exception {
        BlockingQueue<OutboundPlayer> players = new LinkedBlockingQueue<>();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        try (TtsEngine engine = TtsEngines.create("freetts")) {
            server.setHandler(WebSocketUpgradeHandler.from(server, container -> container.addMapping("/media",
                    (request, response, callback) -> new BytesEndpoint(engine, players))));
            server.start();
            URI uri = URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/media");
            try (TwilioSimulator twilio = new TwilioSimulator(uri)) {
                OutboundPlayer player = players.poll(10, TimeUnit.SECONDS);
                assertThat(player).as("the call connected").isNotNull();
                twilio.start(SID);
                Utterance hello = player.play("Hello.");
                assertThat(hello.outcome().toCompletableFuture().get(30, TimeUnit.SECONDS))
                        .as("the mark, sent as bytes too, came back").isInstanceOf(PlaybackOutcome.Played.class);
                List<byte[]> payloads = twilio.received().stream().filter(TwilioSimulator.Received::isMedia)
                        .map(r -> ((OutboundMessage.Media) r.message()).payload()).toList();
                assertThat(payloads).hasSize((int) hello.framesSent()).allSatisfy(p -> assertThat(p).hasSize(160));
                assertThat(payloads.stream().filter(Utf8TextTransportExampleTest::audible).count())
                        .as("frames of audible speech").isGreaterThan(payloads.size() / 4);
            }
        } finally {
            server.stop();
        }
    }

    private static boolean audible(byte[] payload) {
        short[] pcm = new short[payload.length];
        MuLaw.decode(payload, 0, pcm, 0, payload.length);
        long energy = 0;
        for (short s : pcm) {
            energy += (long) s * s;
        }
        return Math.sqrt((double) energy / pcm.length) > 500;
    }
}
