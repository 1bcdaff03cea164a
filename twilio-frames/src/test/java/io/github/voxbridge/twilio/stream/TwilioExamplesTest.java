package io.github.voxbridge.twilio.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.dsp.codec.MuLaw;
import io.github.voxbridge.dsp.resample.TelephonyEncoder;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngines;
import io.github.voxbridge.twilio.protocol.InboundMessage;
import io.github.voxbridge.twilio.protocol.OutboundMessage;
import io.github.voxbridge.twilio.protocol.TwilioCodec;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java examples of README.md and of the Javadoc of {@link TwilioTtsStream}, {@link MediaMessages},
 * {@link OutboundPlayer} and {@link TextTransport}, run against FreeTTS and, where a socket is involved, a real Jetty
 * 12 WebSocket endpoint on loopback with {@link TwilioSimulator} as Twilio (README's endpoint is {@link TwilioCall}).
 * Each region between {@code @start} and {@code @end} is an example, character for character:
 * {@link DocumentationExamplesTest} holds README.md and the Javadoc to them.
 */
class TwilioExamplesTest {

    private static final TwilioCodec CODEC = new TwilioCodec();
    private static final String SID = "MZ11111111111111111111111111111111";

    /** One voice, for the examples that are not about the server; the README example makes its own engine. */
    private static TtsEngine engine;

    @BeforeAll
    static void loadVoice() throws Exception {
        engine = TtsEngines.create("freetts");
    }

    @AfterAll
    static void closeEngine() {
        engine.close();
    }

    /** Closed after each test, last opened first. */
    private final ArrayDeque<AutoCloseable> opened = new ArrayDeque<>();

    private <T extends AutoCloseable> T closeAfter(T resource) {
        opened.push(resource);
        return resource;
    }

    @AfterEach
    void closeOpened() throws Exception {
        while (!opened.isEmpty()) {
            opened.pop().close();
        }
    }

    /** A transport that keeps what it is given, in order. */
    private static final class Recorded implements TextTransport {
        final List<String> sent = new CopyOnWriteArrayList<>();

        @Override
        public void send(String json) {
            sent.add(json);
        }

        List<byte[]> payloads() {
            List<byte[]> payloads = new ArrayList<>();
            for (String json : sent) {
                if (CODEC.parseOutbound(json) instanceof OutboundMessage.Media media) {
                    payloads.add(media.payload());
                }
            }
            return payloads;
        }
    }

    private static void assertSpeech(List<byte[]> payloads) {
        assertThat(payloads).as("media messages").isNotEmpty().allSatisfy(p -> assertThat(p).hasSize(160));
        long loud = payloads.stream().filter(p -> {
            short[] pcm = new short[p.length];
            MuLaw.decode(p, 0, pcm, 0, p.length);
            long energy = 0;
            for (short s : pcm) {
                energy += (long) s * s;
            }
            return Math.sqrt((double) energy / pcm.length) > 500;
        }).count();
        assertThat(loud).as("frames of audible speech").isGreaterThan(payloads.size() / 4);
    }

    /** A Jetty 12 server on loopback whose endpoint for /media the caller makes. */
    private static Server serve(java.util.function.Supplier<Session.Listener> endpoints) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server,
                container -> container.addMapping("/media", (request, response, callback) -> endpoints.get())));
        server.start();
        return server;
    }

    private static URI uri(Server server) {
        return URI.create("ws://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/media");
    }

    private static List<byte[]> payloads(List<TwilioSimulator.Received> received) {
        return received.stream().filter(TwilioSimulator.Received::isMedia)
                .map(r -> ((OutboundMessage.Media) r.message()).payload()).toList();
    }

    /** The next call whose endpoint Jetty opened; a guard against a hang, not a timing assertion. */
    private static <T> T next(BlockingQueue<T> opened) throws InterruptedException {
        T call = opened.poll(10, TimeUnit.SECONDS);
        assertThat(call).as("a call connected").isNotNull();
        return call;
    }

    private static PlaybackOutcome outcome(Utterance u) throws Exception {
        return u.outcome().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void readmeServerExample() throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        // @start region="readme-server"
        TtsEngine engine = TtsEngines.create("freetts", Map.of("voices", "4"));  // once: up to 4 calls speak at once
        server.setHandler(WebSocketUpgradeHandler.from(server, container ->        // Jetty 12: a TwilioCall per call
                container.addMapping("/media", (request, response, callback) -> new TwilioCall(engine))));
        // @end region="readme-server"
        server.start();
        try (engine; TwilioSimulator first = new TwilioSimulator(uri(server));
             TwilioSimulator second = new TwilioSimulator(uri(server))) {
            // Two calls at once on the shared engine: each is greeted, in full (its mark comes after the audio).
            first.start("MZ00000000000000000000000000000001");
            second.start("MZ00000000000000000000000000000002");
            for (TwilioSimulator call : List.of(first, second)) {
                List<TwilioSimulator.Received> got = call.awaitReceived(
                        r -> r.stream().anyMatch(m -> m.message() instanceof OutboundMessage.Mark), 30_000);
                assertThat(got.getLast().message()).isInstanceOf(OutboundMessage.Mark.class);
                assertSpeech(payloads(got));
            }
            assertThat(payloads(first.received())).as("the same greeting on both calls")
                    .hasSameSizeAs(payloads(second.received()));
        } finally {
            server.stop();
        }
    }

    @Test
    void readmeCallExample() throws Exception {
        Iterator<String> llmTokens = List.of("Your order", " ships", " tomorrow.", " Anything", " else?").iterator();
        CallServer server = closeAfter(new CallServer(engine));
        TwilioSimulator twilio = closeAfter(new TwilioSimulator(server.uri()));
        OutboundPlayer player = server.nextCall().player();
        twilio.start(SID);
        // @start region="readme-call"
        Utterance hello = player.play("Thanks for calling. How can I help?");
        Utterance reply = player.playStreaming(llmTokens);                   // speech starts at the first sentence
        hello.outcome().thenAccept(o -> System.out.println("heard: " + o));  // Played once Twilio echoes the mark
        player.interrupt();                                                  // the caller talks: clear Twilio's buffer
        // @end region="readme-call"
        assertThat(outcome(hello)).isInstanceOfAny(PlaybackOutcome.Interrupted.class, PlaybackOutcome.Played.class);
        assertThat(outcome(reply)).isInstanceOf(PlaybackOutcome.Interrupted.class);
        Utterance again = player.play("Sorry, go ahead.");
        assertThat(outcome(again)).as("after barge-in the player goes on").isInstanceOf(PlaybackOutcome.Played.class);
        assertSpeech(payloads(twilio.received()));
    }

    @Test
    void readmeLowerLevelExamples() throws Exception {
        String streamSid = SID;
        Recorded transport = new Recorded();
        short[] pcm24k = new short[480];
        for (int i = 0; i < pcm24k.length; i++) {
            pcm24k[i] = (short) (9_000 * Math.sin(2 * Math.PI * 440 * i / 24_000.0));
        }
        short[] samples = {0, 1, -1, 32767, -32768, 1000};
        byte[] codes = new byte[samples.length];
        // @start region="readme-lower-levels"
        // Lower level: the media messages of one utterance, 20 ms each, the first one out long before synthesis ends
        // (tts.publish(text) gives the same as a Flow.Publisher).
        TwilioTtsStream tts = TwilioTtsStream.builder(engine).streamSid(streamSid).build();
        try (MediaMessages messages = tts.generate("Hello from voxbridge.")) {
            while (messages.hasNext()) {
                transport.send(messages.next());
            }
        }

        // Lowest level: 24 kHz 16-bit PCM -> 8 kHz mu-law, 20 ms at a time, no garbage per chunk.
        TelephonyEncoder encoder = TelephonyEncoder.muLaw(24_000);  // flat to 3.4 kHz, aliases 80 dB down, 3 ms delay
        byte[] ulaw = new byte[encoder.maxOutputBytesFor(480)];      // 160: the most any 20 ms chunk gives
        int n = encoder.encode(pcm24k, 0, 480, ulaw, 0);             // fewer the first time (the delay), then 160
        MuLaw.encode(samples, 0, codes, 0, samples.length);          // bit-exact with ITU-T G.191 for every input
        // @end region="readme-lower-levels"
        assertSpeech(transport.payloads());
        assertThat(ulaw).hasSize(160);
        assertThat(n).isBetween(1, 159);
        assertThat(encoder.encode(pcm24k, 0, 480, ulaw, 0)).isEqualTo(160);
        short[] decoded = new short[codes.length];
        MuLaw.decode(codes, 0, decoded, 0, codes.length);
        for (int i = 0; i < samples.length; i++) {
            // mu-law keeps about 4 significant bits past the segment: within 1/16 of the value, or 8 near zero.
            assertThat((int) decoded[i]).as("sample %d", samples[i])
                    .isCloseTo(samples[i], org.assertj.core.data.Offset.offset(Math.max(8, Math.abs(samples[i]) / 16)));
        }
    }

    @Test
    void twilioTtsStreamExample() throws Exception {
        Recorded transport = new Recorded();
        InboundMessage.Start start = (InboundMessage.Start) CODEC.parse(CODEC.write(new InboundMessage.Start(1, SID,
                "AC00000000000000000000000000000000", "CA00000000000000000000000000000000", List.of("inbound"),
                Map.of(), InboundMessage.MediaFormat.TWILIO)));
        // @start region="twilio-tts-stream-generate"
        TwilioTtsStream tts = TwilioTtsStream.builder(engine).streamSid(start.streamSid()).build();
        try (MediaMessages messages = tts.generate("Thanks for calling. How can I help?")) {
            while (messages.hasNext()) {
                transport.send(messages.next());         // 20 ms of 8 kHz mu-law per message
            }
        }
        // @end region="twilio-tts-stream-generate"
        assertSpeech(transport.payloads());
        assertThat(transport.sent).allSatisfy(json -> assertThat(json).contains(SID));
    }

    @Test
    void mediaMessagesExample() throws Exception {
        Recorded transport = new Recorded();
        TwilioTtsStream tts = TwilioTtsStream.builder(engine).streamSid(SID).build();
        // @start region="media-messages-loop"
        try (MediaMessages messages = tts.generate("Hello, how can I help?")) {
            while (messages.hasNext()) {
                transport.send(messages.next());
            }
            GenerationStats stats = messages.stats();    // e.g. for a log line or a metric
            System.out.println("first message after " + stats.firstMessageNanos() / 1_000_000 + " ms");
        }
        // @end region="media-messages-loop"
        assertSpeech(transport.payloads());
    }

    @Test
    void outboundPlayerExample() throws Exception {
        Recorded transport = new Recorded();
        // @start region="outbound-player-call"
        // In the WebSocket endpoint of one call: engine shared by all calls, transport sends one text frame.
        OutboundPlayer player = OutboundPlayer.builder(engine).build(transport);
        // For every text frame from Twilio: player.onMessage(json). When the socket closes: player.close().

        Utterance greeting = player.play("Thanks for calling. How can I help?");
        greeting.outcome().thenAccept(outcome -> System.out.println(outcome));  // Played, Interrupted, Failed or Ended
        // the caller starts talking:
        player.interrupt();
        // @end region="outbound-player-call"
        assertThat(outcome(greeting)).isInstanceOf(PlaybackOutcome.Interrupted.class);
        player.close();
    }

    /** A Jetty endpoint whose transport is {@link TextTransport}'s example; hands its player to the test. */
    public static final class TransportEndpoint extends Session.Listener.AbstractAutoDemanding {
        private final BlockingQueue<OutboundPlayer> players;
        private OutboundPlayer player;

        TransportEndpoint(BlockingQueue<OutboundPlayer> players) {
            this.players = players;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            super.onWebSocketOpen(session);
            // @start region="text-transport-jetty"
            // Jetty 12: wait until each frame is written, so messages keep their order and failures surface here
            TextTransport transport = json -> {
                try {
                    Callback.Completable.with(sent -> session.sendText(json, sent)).get(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while sending to Twilio");
                } catch (ExecutionException | TimeoutException e) {
                    throw new IOException("sending to Twilio failed", e);
                }
            };
            // @end region="text-transport-jetty"
            player = OutboundPlayer.builder(engine).build(transport);
            players.add(player);
        }

        @Override
        public void onWebSocketText(String json) {
            player.onMessage(json);
        }

        @Override
        public void onWebSocketClose(int status, String reason, Callback callback) {
            player.close();
            callback.succeed();
        }
    }

    @Test
    void textTransportExample() throws Exception {
        BlockingQueue<OutboundPlayer> players = new LinkedBlockingQueue<>();
        Server server = serve(() -> new TransportEndpoint(players));
        try (TwilioSimulator twilio = new TwilioSimulator(uri(server))) {
            OutboundPlayer player = next(players);
            twilio.start(SID);
            Utterance hello = player.play("Hello.");
            assertThat(outcome(hello)).isInstanceOf(PlaybackOutcome.Played.class);
            assertSpeech(payloads(twilio.received()));
        } finally {
            server.stop();
        }
    }
}
