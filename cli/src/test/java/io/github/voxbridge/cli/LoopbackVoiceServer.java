package io.github.voxbridge.cli;

import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.prerecorded.PrerecordedEngine;
import io.github.voxbridge.twilio.protocol.InboundMessage;
import io.github.voxbridge.twilio.stream.OutboundPlayer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A voice server as a user of voxbridge would write one, on loopback (Jetty 12), for {@code simulate}'s tests:
 * {@code POST /twilio/voice} answers TwiML {@code <Connect><Stream url="ws://127.0.0.1:PORT/media">}, and each
 * {@code /media} call gets a twilio-frames {@link OutboundPlayer} that speaks a greeting of {@value #GREETING_FRAMES}
 * frames (from the prerecorded engine) when the stream starts, then a mark. With an auth token, the webhook and the
 * upgrade must carry a valid {@code X-Twilio-Signature} (an HMAC-SHA1 computed here, not by the simulator's
 * signer), else 403. The caller's media payloads of each call are recorded.
 */
final class LoopbackVoiceServer implements AutoCloseable {

    /** The greeting: 25 frames, 500 ms. */
    static final int GREETING_FRAMES = 25;

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final TtsEngine engine;
    private final String authToken;
    /** For each call, in order of connection: the caller's media payloads, in order of arrival. */
    final List<List<byte[]>> callerMedia = new CopyOnWriteArrayList<>();

    /**
     * @param dir       where the greeting's audio file goes
     * @param authToken check signatures with it, or null to check none
     */
    LoopbackVoiceServer(Path dir, String authToken) throws Exception {
        byte[] greeting = new byte[GREETING_FRAMES * 160];
        for (int i = 0; i < greeting.length; i++) {
            greeting[i] = (byte) (0x20 + i % 64);
        }
        this.engine = PrerecordedEngine.builder().raw("greeting", Files.write(dir.resolve("greeting.ulaw"), greeting),
                new AudioFormatSpec(SampleEncoding.MULAW, 8000)).build();
        this.authToken = authToken;
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(server, container ->
                container.addMapping("/media", (request, response, callback) -> {
                    String url = "ws://127.0.0.1:" + connector.getLocalPort() + "/media";
                    if (!signedOver(request, url)) {
                        Response.writeError(request, response, callback, 403);
                        return null;
                    }
                    return new Call();
                }));
        ws.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                if (!"POST".equals(request.getMethod()) || !"/twilio/voice".equals(request.getHttpURI().getPath())) {
                    return false;
                }
                webhook(request, response, callback);
                return true;
            }
        });
        server.setHandler(ws);
        server.start();
    }

    /** {@code http://127.0.0.1:PORT}, without the webhook's path. */
    String baseUrl() {
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    private void webhook(Request request, Response response, Callback callback) throws Exception {
        Map<String, String> form = new TreeMap<>(); // sorted by name: Twilio's signing order
        for (String pair : Content.Source.asString(request, StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        StringBuilder signed = new StringBuilder(baseUrl() + "/twilio/voice");
        form.forEach((name, value) -> signed.append(name).append(value));
        if (!signedOver(request, signed.toString())) {
            Response.writeError(request, response, callback, 403);
            return;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/xml; charset=utf-8");
        Content.Sink.write(response, true, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Connect><Stream url=\""
                + "ws://127.0.0.1:" + connector.getLocalPort() + "/media\"/></Connect></Response>", callback);
    }

    /** Whether the request is signed over {@code data} with the token (always, without a token). */
    private boolean signedOver(Request request, String data) {
        if (authToken == null) {
            return true;
        }
        String header = request.getHeaders().get("X-Twilio-Signature");
        if (header == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            byte[] expected = Base64.getEncoder().encode(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
            return MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        server.stop();
        engine.close();
    }

    /** One call on /media: Twilio's messages to the player, the player's to the socket. */
    public final class Call extends Session.Listener.AbstractAutoDemanding {
        private OutboundPlayer player;
        private final List<byte[]> media = new CopyOnWriteArrayList<>();

        @Override
        public void onWebSocketOpen(Session session) {
            super.onWebSocketOpen(session);
            callerMedia.add(media);
            player = OutboundPlayer.builder(engine).build(json -> {
                try {
                    org.eclipse.jetty.websocket.api.Callback.Completable.with(done -> session.sendText(json, done))
                            .get(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while sending to Twilio");
                } catch (ExecutionException | TimeoutException e) {
                    throw new IOException("sending to Twilio failed", e);
                }
            });
        }

        @Override
        public void onWebSocketText(String json) {
            InboundMessage message = player.onMessage(json);
            if (message instanceof InboundMessage.Start) {
                player.play("greeting");
            } else if (message instanceof InboundMessage.Media m) {
                media.add(m.payload());
            }
        }

        @Override
        public void onWebSocketClose(int status, String reason, org.eclipse.jetty.websocket.api.Callback callback) {
            player.close();
            callback.succeed();
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            player.close();
        }
    }
}
