package io.github.voxbridge.tts.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.transport.http.ApiKey;
import io.github.voxbridge.tts.transport.http.HttpEngineSettings;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shared WebSocket plumbing against a generic loopback server (Jetty 12), not any vendor's: messages sent in
 * parts arrive whole, many sends in a row arrive complete and in order (one outstanding at a time), the closing
 * message and the close frame follow the end marker.
 */
class WebSocketEngineClientTest {

    private static final long GUARD_SECONDS = 20;

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final BlockingQueue<Endpoint> endpoints = new LinkedBlockingQueue<>();
    private final List<Endpoint> opened = new CopyOnWriteArrayList<>();
    /** On which {@code "go"} of a connection the server closes it (1008) instead of answering; 0 for never. */
    private volatile int closeOnGo;

    @BeforeEach
    void start() throws Exception {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(WebSocketUpgradeHandler.from(server,
                container -> container.addMapping("/ws", (request, response, callback) -> new Endpoint())));
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    /**
     * Records the text it receives; on {@code "go"} answers a text message and a binary message each in two parts,
     * then {@code "end"}. Public: Jetty calls it reflectively.
     */
    public final class Endpoint extends Session.Listener.AbstractAutoDemanding {
        final List<String> received = new CopyOnWriteArrayList<>();
        final BlockingQueue<Integer> closedWith = new LinkedBlockingQueue<>();
        final BlockingQueue<String> arriving = new LinkedBlockingQueue<>();
        private int goes;

        @Override
        public void onWebSocketOpen(Session session) {
            super.onWebSocketOpen(session);
            endpoints.add(this);
            opened.add(this);
        }

        @Override
        public void onWebSocketText(String message) {
            received.add(message);
            arriving.add(message);
            if (message.equals("go")) {
                Session s = getSession();
                if (++goes == closeOnGo) {
                    s.close(1008, "Have not received a new text input within the timeout", Callback.NOOP);
                    return;
                }
                s.sendPartialText("{\"a\":", false, Callback.NOOP);
                s.sendPartialText("1}", true, Callback.NOOP);
                s.sendPartialBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), false, Callback.NOOP);
                s.sendPartialBinary(ByteBuffer.wrap(new byte[] {4, 5}), true, Callback.NOOP);
                s.sendText("end", Callback.NOOP);
            }
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, Callback callback) {
            closedWith.add(statusCode);
            callback.succeed();
        }
    }

    /** Collects what it is handed; {@code "end"} is its end marker. */
    private static class Collecting implements WebSocketConversation {
        final List<String> texts = new ArrayList<>();
        final List<byte[]> binaries = new ArrayList<>();
        private final List<String> opening;

        Collecting(List<String> opening) {
            this.opening = opening;
        }

        @Override
        public List<String> opening() {
            return opening;
        }

        @Override
        public boolean onText(String message) {
            if (message.equals("end")) {
                return true;
            }
            texts.add(message);
            return false;
        }

        @Override
        public boolean onBinary(byte[] data, int length) {
            binaries.add(Arrays.copyOf(data, length));
            return false;
        }

        @Override
        public String cancelMessage() {
            return "stop";
        }

        @Override
        public String closingMessage() {
            return "bye";
        }
    }

    @Test
    void partsAreJoinedAndManySendsArriveInOrder() throws Exception {
        List<String> opening = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            opening.add("message " + i + " " + "x".repeat(i * 7));
        }
        opening.add("go");
        Collecting conversation = new Collecting(opening);
        HttpEngineSettings settings = new HttpEngineSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), 2);
        try (WebSocketEngineClient client = new WebSocketEngineClient("test", settings, ApiKey.of("k-123"))) {
            client.converse(URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/ws"),
                    Map.of("Authorization", "Token k-123"), new CancellationToken(), conversation);
            client.close();
            assertThat(client.awaitTermination(Duration.ofSeconds(GUARD_SECONDS))).isTrue();
        }
        assertThat(conversation.texts).containsExactly("{\"a\":1}");
        assertThat(conversation.binaries).singleElement().isEqualTo(new byte[] {1, 2, 3, 4, 5});
        Endpoint endpoint = endpoints.poll(GUARD_SECONDS, TimeUnit.SECONDS);
        assertThat(endpoint).isNotNull();
        assertThat(endpoint.closedWith.poll(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(1000);
        List<String> expected = new ArrayList<>(opening);
        expected.add("bye");
        assertThat(endpoint.received).containsExactlyElementsOf(expected);
    }

    @Test
    void theEndpointInMessagesHasNoQuery() {
        assertThat(WebSocketEngineClient.endpoint(URI.create("wss://api.example.com:8443/v1/speak?key=secret")))
                .isEqualTo("wss://api.example.com:8443/v1/speak");
    }

    @Test
    void aCancelledTokenStopsBeforeConnecting() {
        CancellationToken cancel = new CancellationToken();
        cancel.cancel();
        HttpEngineSettings settings = new HttpEngineSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), 1);
        try (WebSocketEngineClient client = new WebSocketEngineClient("test", settings, null)) {
            try {
                client.converse(URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/ws"), Map.of(), cancel,
                        new Collecting(List.of("go")));
                throw new AssertionError("converse succeeded");
            } catch (TtsException e) {
                assertThat(e.kind()).isEqualTo(TtsException.Kind.CANCELLED);
            }
        }
        assertThat(endpoints).isEmpty();
    }

    private URI uri() {
        return URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/ws");
    }

    private static HttpEngineSettings settings() {
        return new HttpEngineSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), 4);
    }

    private Endpoint nextEndpoint() throws InterruptedException {
        Endpoint e = endpoints.poll(GUARD_SECONDS, TimeUnit.SECONDS);
        assertThat(e).as("a connection within the guard time").isNotNull();
        return e;
    }

    private static String nextMessage(Endpoint endpoint) throws InterruptedException {
        String m = endpoint.arriving.poll(GUARD_SECONDS, TimeUnit.SECONDS);
        assertThat(m).as("a message within the guard time").isNotNull();
        return m;
    }

    @Test
    void aReusableSocketCarriesOneSynthesisAfterAnother() throws Exception {
        WebSocketEngineClient client = new WebSocketEngineClient("test", settings(), null,
                WarmSockets.reusable(Duration.ofSeconds(60)));
        Collecting first = new Collecting(List.of("one", "go"));
        Collecting second = new Collecting(List.of("two", "go"));
        client.converse(uri(), Map.of("Authorization", "Token k"), new CancellationToken(), first);
        assertThat(client.warmSockets()).isEqualTo(1);
        client.converse(uri(), Map.of("Authorization", "Token k"), new CancellationToken(), second);
        assertThat(second.texts).containsExactly("{\"a\":1}");
        Endpoint endpoint = nextEndpoint();
        assertThat(opened).hasSize(1);
        // No closing message and no close between the two: the socket stayed open for the second.
        assertThat(endpoint.received).containsExactly("one", "go", "two", "go");
        assertThat(endpoint.closedWith).isEmpty();

        client.close();
        assertThat(endpoint.closedWith.poll(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(1000);
        assertThat(client.awaitTermination(Duration.ofSeconds(GUARD_SECONDS))).isTrue();
        assertThat(client.warmSockets()).isZero();
    }

    @Test
    void otherHeadersOrEndpointsGetTheirOwnSocket() throws Exception {
        try (WebSocketEngineClient client = new WebSocketEngineClient("test", settings(), null,
                WarmSockets.reusable(Duration.ofSeconds(60)))) {
            client.converse(uri(), Map.of("Authorization", "Token a"), new CancellationToken(),
                    new Collecting(List.of("go")));
            client.converse(uri(), Map.of("Authorization", "Token b"), new CancellationToken(),
                    new Collecting(List.of("go")));
            assertThat(opened).hasSize(2);
            assertThat(client.warmSockets()).isEqualTo(2);
        }
    }

    @Test
    void aWarmSocketClosedAsTheNextSynthesisStartsIsReplacedTransparently() throws Exception {
        closeOnGo = 2; // the vendor's idle close crossing our first message on the kept socket
        try (WebSocketEngineClient client = new WebSocketEngineClient("test", settings(), null,
                WarmSockets.reusable(Duration.ofSeconds(60)))) {
            client.converse(uri(), Map.of(), new CancellationToken(), new Collecting(List.of("go")));
            Collecting second = new Collecting(List.of("two", "go"));
            client.converse(uri(), Map.of(), new CancellationToken(), second);
            assertThat(second.texts).containsExactly("{\"a\":1}");
            assertThat(second.binaries).singleElement().isEqualTo(new byte[] {1, 2, 3, 4, 5});
            assertThat(opened).hasSize(2);
            assertThat(opened.get(0).received).containsExactly("go", "two", "go");
            // The fresh socket got the whole opening again.
            assertThat(opened.get(1).received).containsExactly("two", "go");
        }
    }

    @Test
    void aWarmSocketTheVendorClosedWhileItWaitedIsNotUsed() throws Exception {
        try (WebSocketEngineClient client = new WebSocketEngineClient("test", settings(), null,
                WarmSockets.reusable(Duration.ofSeconds(60)))) {
            client.converse(uri(), Map.of(), new CancellationToken(), new Collecting(List.of("go")));
            Endpoint first = nextEndpoint();
            first.getSession().close(1008, "idle", Callback.NOOP);
            // Wait for the client to see the close (its listener answers with its own close frame).
            assertThat(first.closedWith.poll(GUARD_SECONDS, TimeUnit.SECONDS)).isNotNull();
            Collecting second = new Collecting(List.of("two", "go"));
            client.converse(uri(), Map.of(), new CancellationToken(), second);
            assertThat(second.texts).containsExactly("{\"a\":1}");
            assertThat(opened).hasSize(2);
            assertThat(first.received).containsExactly("go");
        }
    }

    @Test
    void aFreshSocketClosedEarlyIsReportedNotRetried() throws Exception {
        closeOnGo = 1;
        try (WebSocketEngineClient client = new WebSocketEngineClient("test", settings(), null,
                WarmSockets.reusable(Duration.ofSeconds(60)))) {
            try {
                client.converse(uri(), Map.of(), new CancellationToken(), new Collecting(List.of("go")));
                throw new AssertionError("converse succeeded");
            } catch (TtsException e) {
                assertThat(e.kind()).isEqualTo(TtsException.Kind.UNAVAILABLE);
                assertThat(e.getMessage()).contains("closed the connection (1008", "after 0 bytes");
            }
            assertThat(opened).hasSize(1);
            assertThat(client.warmSockets()).isZero();
        }
    }

    @Test
    void anUnusedSocketIsClosedAfterItsIdleTime() throws Exception {
        try (WebSocketEngineClient client = new WebSocketEngineClient("test", settings(), null,
                WarmSockets.reusable(Duration.ofMillis(200)))) {
            client.converse(uri(), Map.of(), new CancellationToken(), new Collecting(List.of("go")));
            Endpoint endpoint = nextEndpoint();
            assertThat(endpoint.closedWith.poll(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(1000);
            assertThat(client.warmSockets()).isZero();
            assertThat(endpoint.received).containsExactly("go");
        }
    }

    @Test
    void aSpareIsOpenedGreetedAndKeptAliveForTheNextSynthesis() throws Exception {
        WarmSockets spare = new WarmSockets(Duration.ofSeconds(60), false, true, List.of("hello"), "ping",
                Duration.ofMillis(50));
        try (WebSocketEngineClient client = new WebSocketEngineClient("test", settings(), null, spare)) {
            client.converse(uri(), Map.of("Authorization", "Token k"), new CancellationToken(),
                    new Collecting(List.of("one", "go")));
            Endpoint first = nextEndpoint();
            assertThat(first.received).startsWith("hello", "one", "go");
            assertThat(first.closedWith.poll(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(1000);
            Endpoint spareEndpoint = nextEndpoint();
            assertThat(nextMessage(spareEndpoint)).isEqualTo("hello");
            assertThat(nextMessage(spareEndpoint)).isEqualTo("ping");

            // The server sees the spare open a moment before the client holds it.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
            while (client.warmSockets() == 0) {
                assertThat(System.nanoTime()).as("the spare within the guard time").isLessThan(deadline);
                Thread.sleep(5);
            }
            Collecting second = new Collecting(List.of("two", "go"));
            client.converse(uri(), Map.of("Authorization", "Token k"), new CancellationToken(), second);
            assertThat(second.texts).containsExactly("{\"a\":1}");
            assertThat(spareEndpoint.closedWith.poll(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(1000);
            assertThat(spareEndpoint.received).contains("two", "go", "bye");
            assertThat(spareEndpoint.received.indexOf("two")).isGreaterThan(spareEndpoint.received.indexOf("ping"));
        }
    }

    @Test
    void cancellingTheTokenOfAFinishedSynthesisLeavesTheKeptSocketAlone() throws Exception {
        try (WebSocketEngineClient client = new WebSocketEngineClient("test", settings(), null,
                WarmSockets.reusable(Duration.ofSeconds(60)))) {
            CancellationToken first = new CancellationToken();
            client.converse(uri(), Map.of(), first, new Collecting(List.of("go")));
            first.cancel();
            client.converse(uri(), Map.of(), new CancellationToken(), new Collecting(List.of("go")));
            assertThat(opened).hasSize(1);
            assertThat(opened.get(0).received).containsExactly("go", "go");
        }
    }

    @Test
    void aSocketWhoseSynthesisFailedIsNotKept() throws Exception {
        try (WebSocketEngineClient client = new WebSocketEngineClient("test", settings(), null,
                WarmSockets.reusable(Duration.ofSeconds(60)))) {
            Collecting failing = new Collecting(List.of("go")) {
                @Override
                public boolean onBinary(byte[] data, int length) {
                    throw new IllegalStateException("sink full");
                }
            };
            try {
                client.converse(uri(), Map.of(), new CancellationToken(), failing);
                throw new AssertionError("converse succeeded");
            } catch (IllegalStateException e) {
                assertThat(e).hasMessage("sink full");
            }
            assertThat(client.warmSockets()).isZero();
            assertThat(nextEndpoint().closedWith.poll(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(1000);
        }
    }

    /**
     * Runs {@code conversation} (opening with {@code "wait"}, which the server does not answer) on a client whose wait
     * for a message is 300 ms, cancels it from another thread once the server has the opening, and returns the
     * server's side after the synthesis ended CANCELLED and the client closed the socket normally. {@code ended} runs
     * when {@code converse} returns.
     */
    private Endpoint cancelledWhileWaiting(CancellationToken cancel, WebSocketConversation conversation,
            Runnable ended) throws Exception {
        HttpEngineSettings quick = new HttpEngineSettings(Duration.ofSeconds(5), Duration.ofMillis(300), 1);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        try (WebSocketEngineClient client = new WebSocketEngineClient("test", quick, null,
                WarmSockets.reusable(Duration.ofSeconds(60)))) {
            Future<TtsException> synthesis = threads.submit(() -> {
                try {
                    client.converse(uri(), Map.of(), cancel, conversation);
                    return null;
                } catch (TtsException e) {
                    return e;
                } finally {
                    ended.run();
                }
            });
            Endpoint endpoint = nextEndpoint();
            assertThat(nextMessage(endpoint)).isEqualTo("wait");
            threads.submit(cancel::cancel);
            TtsException e = synthesis.get(GUARD_SECONDS, TimeUnit.SECONDS);
            assertThat(e.kind()).isEqualTo(TtsException.Kind.CANCELLED);
            assertThat(endpoint.closedWith.poll(GUARD_SECONDS, TimeUnit.SECONDS)).isEqualTo(1000);
            assertThat(client.warmSockets()).isZero();
            return endpoint;
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aCancelSeenByTheSynthesisBeforeItsHookRunsStillSendsTheCancelMessageOnce() throws Exception {
        CancellationToken cancel = new CancellationToken();
        CountDownLatch conversed = new CountDownLatch(1);
        // Registered first, so it runs first on cancel(): it holds the client's own hook back until converse has
        // returned. The synthesis sees the flag when its wait for a message times out, and must tell the vendor
        // itself; the hook, running late, must not send a second cancel on the socket.
        cancel.onCancel(() -> {
            try {
                conversed.await(GUARD_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Endpoint endpoint = cancelledWhileWaiting(cancel, new Collecting(List.of("wait")), conversed::countDown);
        assertThat(endpoint.received).containsExactly("wait", "stop");
    }

    /**
     * The other order: the client's cancel hook has ended the synthesis's turn but not yet queued the cancel message
     * (its thread held up: here the conversation takes a second to build the message) when the synthesis, its wait
     * for a message over, sees the flag and ends. It must not close the socket under the hook: the vendor gets the
     * cancel, then the close. (Before the hook queued its messages inside the turn, the synthesis's close went first
     * and the cancel was dropped: 6 of 400 cancels in a loop of CartesiaEngineTest's case on a loaded machine.)
     */
    @Test
    void aCancelHookHeldUpAfterEndingTheTurnStillSendsItsCancelBeforeTheClose() throws Exception {
        Collecting slowToCancel = new Collecting(List.of("wait")) {
            @Override
            public String cancelMessage() {
                try {
                    Thread.sleep(1_000); // longer than the synthesis's 300 ms wait for a message
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "stop";
            }
        };
        Endpoint endpoint = cancelledWhileWaiting(new CancellationToken(), slowToCancel, () -> { });
        assertThat(endpoint.received).containsExactly("wait", "stop");
    }
}
