package io.github.voxbridge.twilio.server;

import io.github.voxbridge.twilio.protocol.InboundMessage;
import io.github.voxbridge.twilio.protocol.TwilioCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * A client on the media WebSocket that sends exactly what a test tells it, good or bad (the JDK's WebSocket), and
 * records what the server sends. It reads as messages come unless told to stop reading ({@link #stopReading}), in
 * which case it requests nothing more and the TCP connection backs up, as with a stuck client.
 */
final class RawTwilioClient implements AutoCloseable {

    private static final TwilioCodec CODEC = new TwilioCodec();
    static final String STREAM_SID = "MZ00000000000000000000000000000042";

    final List<String> received = new CopyOnWriteArrayList<>();
    final AtomicLong media = new AtomicLong();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile boolean reading = true;
    private final WebSocket ws;

    RawTwilioClient(int port) throws Exception {
        ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/twilio/media"), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            String text = partial.toString();
                            partial.setLength(0);
                            received.add(text);
                            if (text.startsWith("{\"event\":\"media\"")) {
                                media.incrementAndGet();
                            }
                        }
                        if (reading) {
                            socket.request(1);
                        }
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
                        closed.complete(status);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket socket, Throwable error) {
                        closed.completeExceptionally(error);
                    }
                }).get(10, TimeUnit.SECONDS);
    }

    RawTwilioClient send(String text) throws Exception {
        ws.sendText(text, true).get(10, TimeUnit.SECONDS);
        return this;
    }

    RawTwilioClient sendBinary(byte[] bytes) throws Exception {
        ws.sendBinary(ByteBuffer.wrap(bytes), true).get(10, TimeUnit.SECONDS);
        return this;
    }

    /** {@code connected} then {@code start} with these custom parameters. */
    RawTwilioClient start(Map<String, String> parameters) throws Exception {
        send(CODEC.write(new InboundMessage.Connected("Call", "1.0.0")));
        return send(startMessage(2, parameters));
    }

    static String startMessage(long sequence, Map<String, String> parameters) {
        return CODEC.write(new InboundMessage.Start(sequence, STREAM_SID, "AC00000000000000000000000000000042",
                "CA00000000000000000000000000000042", List.of("inbound"), parameters,
                InboundMessage.MediaFormat.TWILIO));
    }

    static String mediaMessage(long sequence, long chunk) {
        byte[] payload = new byte[160];
        java.util.Arrays.fill(payload, (byte) 0xFF);
        return CODEC.write(new InboundMessage.Media(sequence, STREAM_SID, "inbound", chunk, (chunk - 1) * 20,
                payload));
    }

    void stopReading() {
        reading = false;
    }

    void abort() {
        ws.abort();
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + timeout.toMillis() + " ms for " + what);
            }
            Thread.sleep(2);
        }
    }

    @Override
    public void close() {
        ws.abort();
    }
}
