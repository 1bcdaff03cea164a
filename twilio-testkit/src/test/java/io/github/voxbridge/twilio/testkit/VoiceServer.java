package io.github.voxbridge.twilio.testkit;

import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.twilio.protocol.InboundMessage;
import io.github.voxbridge.twilio.protocol.TwilioCodec;
import io.github.voxbridge.twilio.stream.OutboundPlayer;
import io.github.voxbridge.twilio.stream.PlaybackClock;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
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
 * The voice server of the simulator's tests, on loopback (Jetty 12), as a user of voxbridge would write it:
 * <ul>
 *   <li>{@code POST /voice}: the webhook; answers TwiML {@code <Connect><Stream url="ws://127.0.0.1:PORT/media">} with
 *       the configured {@code <Parameter>}s;</li>
 *   <li>{@code /media}: one twilio-frames {@link OutboundPlayer} per call, pacing by the configured clock;</li>
 *   <li>{@code /raw}: an endpoint that sends only what the test tells it to ({@link RawCall#send}), for pauses and
 *       bad messages.</li>
 * </ul>
 * With an auth token, the webhook and both upgrades must carry a valid {@code X-Twilio-Signature}, checked here with
 * an HMAC-SHA1 computed independently of {@link TwilioSignature} (else 403). Everything received is recorded.
 */
final class VoiceServer implements AutoCloseable {

    private static final TwilioCodec CODEC = new TwilioCodec();

    /** One webhook request: its form, its signature header, and whether that header was valid. */
    record Webhook(Map<String, String> form, String signature, boolean valid) {
    }

    /** The server's end of one call: its player, messages it handed to the socket, what Twilio sent. */
    record PlayerCall(OutboundPlayer player, AtomicLong sent, List<InboundMessage> inbound) {
    }

    /** The raw endpoint of one call: the session the test sends on, and the text frames received. */
    record RawCall(Session session, AtomicLong sent, List<String> inbound) {
        void send(String text) throws Exception {
            sent.incrementAndGet();
            org.eclipse.jetty.websocket.api.Callback.Completable done =
                    new org.eclipse.jetty.websocket.api.Callback.Completable();
            session.sendText(text, done);
            done.get(5, TimeUnit.SECONDS);
        }

        /** One message as a text frame and its continuations, one per piece: one message, in pieces. */
        void sendInPieces(String... pieces) throws Exception {
            sent.incrementAndGet();
            for (int i = 0; i < pieces.length; i++) {
                org.eclipse.jetty.websocket.api.Callback.Completable done =
                        new org.eclipse.jetty.websocket.api.Callback.Completable();
                session.sendPartialText(pieces[i], i == pieces.length - 1, done);
                done.get(5, TimeUnit.SECONDS);
            }
        }

        void sendBinary(byte[] bytes) throws Exception {
            sent.incrementAndGet();
            org.eclipse.jetty.websocket.api.Callback.Completable done =
                    new org.eclipse.jetty.websocket.api.Callback.Completable();
            session.sendBinary(java.nio.ByteBuffer.wrap(bytes), done);
            done.get(5, TimeUnit.SECONDS);
        }
    }

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final TtsEngine engine;
    private final PlaybackClock clock;
    private final String authToken;
    private final Map<String, String> twimlParameters;
    /** The path of the stream the webhook's TwiML names: /media (the default) or /raw. */
    volatile String streamPath = "/media";
    /** Whether each call (/media or /raw) closes its WebSocket as soon as {@code stop} arrives. */
    volatile boolean closesOnStop;
    /** Played by each /media call when its start arrives, or null. */
    volatile String greeting;
    final List<Webhook> webhooks = new CopyOnWriteArrayList<>();
    /** The X-Twilio-Signature of each upgrade, and whether it was valid: "valid" / "invalid" / "missing". */
    final List<String> upgrades = new CopyOnWriteArrayList<>();
    /** The X-Twilio-Signature header of each upgrade as received (null if missing), checked or not. */
    final List<String> upgradeSignatures = new CopyOnWriteArrayList<>();
    private final BlockingQueue<PlayerCall> playerCalls = new LinkedBlockingQueue<>();
    private final BlockingQueue<RawCall> rawCalls = new LinkedBlockingQueue<>();

    /**
     * @param engine          what the players speak with
     * @param clock           the players' clock
     * @param authToken       check signatures with it, or null to check none
     * @param twimlParameters the {@code <Parameter>}s of the TwiML
     */
    VoiceServer(TtsEngine engine, PlaybackClock clock, String authToken, Map<String, String> twimlParameters)
            throws Exception {
        this.engine = engine;
        this.clock = clock;
        this.authToken = authToken;
        this.twimlParameters = twimlParameters;
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(server, container -> {
            container.addMapping("/media", (request, response, callback) -> {
                if (!upgradeAllowed(request, response, callback)) {
                    return null;
                }
                return new PlayerEndpoint();
            });
            container.addMapping("/raw", (request, response, callback) -> {
                if (!upgradeAllowed(request, response, callback)) {
                    return null;
                }
                return new RawEndpoint();
            });
        });
        ws.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                if (!"POST".equals(request.getMethod()) || !"/voice".equals(request.getHttpURI().getPath())) {
                    return false;
                }
                webhook(request, response, callback);
                return true;
            }
        });
        server.setHandler(ws);
        server.start();
    }

    URI webhookUri() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/voice");
    }

    URI mediaUri() {
        return URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/media");
    }

    URI rawUri() {
        return URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/raw");
    }

    PlayerCall nextPlayerCall() throws InterruptedException {
        PlayerCall c = playerCalls.poll(10, TimeUnit.SECONDS);
        if (c == null) {
            throw new AssertionError("no call connected to /media within 10 s");
        }
        return c;
    }

    RawCall nextRawCall() throws InterruptedException {
        RawCall c = rawCalls.poll(10, TimeUnit.SECONDS);
        if (c == null) {
            throw new AssertionError("no call connected to /raw within 10 s");
        }
        return c;
    }

    private boolean upgradeAllowed(Request request, Response response, Callback callback) {
        String header = request.getHeaders().get("X-Twilio-Signature");
        upgradeSignatures.add(header);
        if (authToken == null) {
            return true;
        }
        // The URL the TwiML gave (this server's own ws:// address), no parameters.
        String url = "ws://127.0.0.1:" + connector.getLocalPort() + request.getHttpURI().getPath();
        boolean valid = header != null && constantTimeEquals(header, hmacSha1Base64(authToken, url));
        upgrades.add(header == null ? "missing" : valid ? "valid" : "invalid");
        if (!valid) {
            Response.writeError(request, response, callback, 403);
        }
        return valid;
    }

    private void webhook(Request request, Response response, Callback callback) throws Exception {
        String body = Content.Source.asString(request, StandardCharsets.UTF_8);
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        String header = request.getHeaders().get("X-Twilio-Signature");
        boolean valid = authToken == null || header != null && constantTimeEquals(header,
                hmacSha1Base64(authToken, webhookUri() + sortedConcatenation(form)));
        webhooks.add(new Webhook(form, header, valid));
        if (!valid) {
            Response.writeError(request, response, callback, 403);
            return;
        }
        StringBuilder twiml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Connect>"
                + "<Stream url=\"ws://127.0.0.1:" + connector.getLocalPort() + streamPath + "\">");
        twimlParameters.forEach((k, v) -> twiml.append("<Parameter name=\"").append(xml(k)).append("\" value=\"")
                .append(xml(v)).append("\"/>"));
        twiml.append("</Stream></Connect></Response>");
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/xml; charset=utf-8");
        Content.Sink.write(response, true, twiml.toString(), callback);
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }

    /** name1 value1 name2 value2..., names in String order: Twilio's documented signing string after the URL. */
    private static String sortedConcatenation(Map<String, String> form) {
        StringBuilder s = new StringBuilder();
        form.keySet().stream().sorted().forEach(k -> s.append(k).append(form.get(k)));
        return s.toString();
    }

    static String hmacSha1Base64(String key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** One call on /media: Twilio's text frames to the player, the player's messages to the socket. */
    public final class PlayerEndpoint extends Session.Listener.AbstractAutoDemanding {
        private OutboundPlayer player;
        private final List<InboundMessage> inbound = new CopyOnWriteArrayList<>();

        @Override
        public void onWebSocketOpen(Session session) {
            super.onWebSocketOpen(session);
            AtomicLong sent = new AtomicLong();
            player = OutboundPlayer.builder(engine).clock(clock).build(json -> {
                sent.incrementAndGet();
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
            playerCalls.add(new PlayerCall(player, sent, inbound));
        }

        @Override
        public void onWebSocketText(String json) {
            InboundMessage message = player.onMessage(json);
            inbound.add(message);
            if (message instanceof InboundMessage.Start && greeting != null) {
                player.play(greeting);
            } else if (message instanceof InboundMessage.Stop && closesOnStop) {
                getSession().close();
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

    /** One call on /raw: records Twilio's text frames; sends what the test says. */
    public final class RawEndpoint extends Session.Listener.AbstractAutoDemanding {
        private final List<String> inbound = new CopyOnWriteArrayList<>();

        @Override
        public void onWebSocketOpen(Session session) {
            super.onWebSocketOpen(session);
            rawCalls.add(new RawCall(session, new AtomicLong(), inbound));
        }

        @Override
        public void onWebSocketText(String json) {
            inbound.add(json);
            if (closesOnStop && json.contains("\"event\":\"stop\"")) {
                getSession().close();
            }
        }
    }

    /** Parses what Twilio (the simulator) sent, for assertions. */
    static List<InboundMessage> parse(List<String> texts) {
        return texts.stream().map(CODEC::parse).toList();
    }
}
