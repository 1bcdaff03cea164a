package io.github.voxbridge.tts.transport.websocket;

import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The {@link WebSocket.Listener} of one synthesis: joins the parts of a message ({@code last == false}, tts-engines.md
 * "Cross-vendor pitfalls" 3) and queues each complete message for the synthesizing thread, which takes it with
 * {@link #take} and only then asks the socket for the next one ({@link WebSocket#request request(1)}). So the JDK's
 * reader thread never blocks and never runs engine or sink code, and the queue holds at most one data message, the
 * close or failure, and the cancel wake-up: it is bounded at {@value #CAPACITY}.
 *
 * <p>A part of a message is buffered and the next part requested at once; a message over {@code maxMessageBytes}
 * (bytes of binary, or chars of text) fails the synthesis rather than growing without bound.
 */
final class MessageInbox implements WebSocket.Listener {

    /** One data message (demand is one), one close or failure, one cancel wake-up, and a spare. */
    static final int CAPACITY = 4;

    private final BlockingQueue<InboundMessage> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final int maxMessageBytes;
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private volatile WebSocket socket;
    /** Set by {@link #discardRest()}: every data message from then on is dropped unread. */
    private volatile boolean discarding;

    MessageInbox(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        if (discarding) {
            return null;
        }
        text.append(data);
        if (text.length() > maxMessageBytes) {
            put(new InboundMessage.Oversized("a text message over " + maxMessageBytes + " chars"));
            return null;
        }
        if (last) {
            String message = text.toString();
            text.setLength(0);
            put(new InboundMessage.Text(message)); // the taker requests the next message
        } else {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        if (discarding) {
            return null;
        }
        if (binary.size() + data.remaining() > maxMessageBytes) {
            put(new InboundMessage.Oversized("a binary message over " + maxMessageBytes + " bytes"));
            return null;
        }
        if (data.hasArray()) {
            binary.write(data.array(), data.arrayOffset() + data.position(), data.remaining());
        } else {
            byte[] copy = new byte[data.remaining()];
            data.get(copy);
            binary.writeBytes(copy);
        }
        if (last) {
            byte[] message = binary.toByteArray();
            binary.reset();
            put(new InboundMessage.Binary(message, message.length));
        } else {
            webSocket.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        webSocket.request(1); // the JDK answers the ping itself; a ping is not a message the engine waits for
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        put(new InboundMessage.Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        put(new InboundMessage.Failed(error));
    }

    /**
     * Drops every data message from now on and reads on without limit, up to the server's close frame: a socket we
     * close is read to its end, so it ends with the close handshake rather than a reset. Dropping a connection whose
     * receive buffer holds unread data (a vendor still streaming audio after a cancel) makes the kernel send a TCP
     * reset, and a reset makes the vendor's kernel discard what it had received and not yet handed over: the cancel
     * message itself (RFC 793, 3.4: on a reset "all segment queues should be flushed").
     */
    void discardRest() {
        discarding = true;
        WebSocket ws = socket;
        if (ws != null) {
            ws.request(Long.MAX_VALUE);
        }
    }

    /** Wakes the synthesizing thread after a cancel. */
    void cancelled() {
        put(new InboundMessage.Cancelled());
    }

    /**
     * The next message, waiting at most {@code timeoutMillis}; null if none came. Asks the socket for the one after a
     * data message.
     */
    InboundMessage take(long timeoutMillis) throws InterruptedException {
        InboundMessage message = queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        if (message instanceof InboundMessage.Text || message instanceof InboundMessage.Binary) {
            WebSocket ws = socket;
            if (ws != null) {
                ws.request(1);
            }
        }
        return message;
    }

    /**
     * Drops what arrived while the socket waited between syntheses (data that belongs to none of them, e.g. a late
     * {@code Cleared}), asking the socket for the next message after each.
     *
     * @return false if the socket was closed, failed or refused a message meanwhile: it cannot carry a synthesis
     */
    boolean drainStale() {
        InboundMessage message;
        while ((message = queue.poll()) != null) {
            if (!(message instanceof InboundMessage.Text || message instanceof InboundMessage.Binary)) {
                queue.offer(message); // keep the verdict for the next look
                return false;
            }
            WebSocket ws = socket;
            if (ws != null) {
                ws.request(1);
            }
        }
        return true;
    }

    private void put(InboundMessage message) {
        // Never blocks the JDK's reader: demand is one, so only a close, failure or wake-up can meet a full queue,
        // and then the synthesis is over anyway.
        queue.offer(message);
    }
}
