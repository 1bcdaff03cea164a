package io.github.voxbridge.twilio.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * The server side of one Media Streams WebSocket (RFC 6455) on a Jetty connection that Jetty's selector runs
 * without a thread hand-off: reading, parsing a frame and handing its message to the {@link Listener} all happen on
 * the selector thread that saw the socket readable ({@link AbstractConnection.NonBlocking}). Jetty's own WebSocket
 * connection declares its reads blocking, so every inbound message cost a wake-up of a pool thread and a re-armed
 * epoll interest; at 50 messages a second per call that was most of the server's CPU (see benchmarks/README.md).
 * The listener must therefore never block in {@link Listener#onText}; {@link CallSession} parses, decodes and
 * queues there, and hands anything that may wait (a barge-in's {@code clear}, the end of the call) to other threads.
 *
 * <p>Sending: {@link #sendText} copies a frame into the connection's output buffer and, unless told more follow,
 * writes the buffer and waits for the write; one sender at a time (the call's player, under its send lock). Control
 * frames (pong, close) may come from any thread and queue behind a write in flight. Nothing is allocated per
 * message on either side once the first message has sized the buffers.
 *
 * <p>What is not supported, because Twilio uses none of it: extensions (permessage-deflate is not negotiated, so a
 * frame with RSV bits set is a protocol error), subprotocols, sending binary or fragmented messages.
 */
final class MediaSocketConnection extends AbstractConnection.NonBlocking
        implements Connection.UpgradeTo, ClientFrameParser.Sink {

    /** What the connection tells its user. Exactly one of {@link #onClosed} and {@link #onFailure} ends it. */
    interface Listener {
        /** The upgrade is done: {@link #sendText} may be called from now on. */
        void onOpen(MediaSocketConnection socket);

        /** A whole text message, on Jetty's selector thread: must not block. */
        void onText(String text);

        /**
         * A whole text message as its bytes, before they are checked as UTF-8 and made into a {@code String}: the
         * listener may take it here without garbage ({@code true}; it must not keep {@code utf8}, which the
         * connection reuses) or leave it to {@link #onText} ({@code false}). On the selector thread.
         */
        default boolean onTextBytes(byte[] utf8, int length) {
            return false;
        }

        /** A whole binary message of {@code length} bytes (not kept), on the selector thread. */
        void onBinary(long length);

        /**
         * The connection ended without a failure: the client's close frame (its code and reason), or the end of the
         * TCP stream (1006), or the end of a close this side started.
         */
        void onClosed(int code, String reason);

        /**
         * The connection ended because of {@code cause}: a {@link WebSocketFailure} (the client broke the protocol
         * or a limit; the close frame sent carries its code), a {@link TimeoutException} (no traffic for the idle
         * timeout), an I/O error.
         */
        void onFailure(Throwable cause);
    }

    /** Output buffer: a refill of five media frames (about 1.2 KB) and a few marks fit many times over. */
    static final int OUTPUT_BYTES = 8 * 1024;
    /** With less room than this left, a frame sent with "more" is written at once instead of held. */
    private static final int HOLD_ROOM = 1024;
    /** After our close frame is written, how long the client has to answer with its own before the socket closes. */
    static final long CLOSE_LINGER_MILLIS = 2_000;
    /** Marks the output buffer's turn in the write queue (the queue's other entries are control frames). */
    private static final ByteBuffer DATA = ByteBuffer.allocate(0);

    private static final int IDLE = 0;
    private static final int PENDING = 1;
    private static final int FAILED = 2;

    private final Listener listener;
    private final ClientFrameParser parser;
    private final long idleTimeoutMillis;
    private final ByteBuffer in;
    private final AtomicBoolean ended = new AtomicBoolean();

    // Reader state (the selector thread, one read at a time).
    private volatile boolean reading = true;
    /** Why this side is closing the connection: the client broke the protocol, or went silent. */
    private volatile Throwable failure;

    // Writer state.
    private final ByteBuffer out = ByteBuffer.allocateDirect(OUTPUT_BYTES);
    private final ByteBuffer bigHeader = ByteBuffer.allocate(10);
    private final ByteBuffer[] outOnly = {out};
    private ByteBuffer[] dataBuffers;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ArrayDeque<ByteBuffer> queued = new ArrayDeque<>();
    private boolean inFlight;
    private ByteBuffer current;
    private final WriteCompletion completion = new WriteCompletion();
    private volatile int dataState = IDLE;
    private volatile Throwable dataFailure;
    private volatile Thread dataWaiter;
    /** A send timed out or failed: nothing more is sent. Touched by the sender only. */
    private boolean abandoned;

    // Close handshake.
    private final AtomicBoolean closeSent = new AtomicBoolean();
    private volatile ByteBuffer closeFrame;
    private volatile int closeCodeSent;
    private volatile boolean peerClosed;
    /** The client's close frame, once it came: its code and reason (set before {@link #peerClosed}). */
    private volatile int peerCloseCode;
    private volatile String peerCloseReason;

    /**
     * @param endPoint          the upgraded HTTP connection's end point
     * @param executor          Jetty's executor (used only by Jetty)
     * @param maxMessageBytes   the longest message taken (longer: close 1009)
     * @param idleTimeoutMillis no traffic for this long ends the connection ({@link TimeoutException})
     * @param inputBytes        the read buffer's size
     */
    MediaSocketConnection(EndPoint endPoint, Executor executor, Listener listener, long maxMessageBytes,
            long idleTimeoutMillis, int inputBytes) {
        super(endPoint, executor);
        this.listener = listener;
        this.parser = new ClientFrameParser(maxMessageBytes);
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.in = BufferUtil.allocate(inputBytes);
    }

    // ------------------------------------------------------------------------------------ reading

    @Override
    public void onUpgradeTo(ByteBuffer prefilled) {
        // Bytes the client sent right behind its upgrade request, read with it; parsed before anything else.
        if (BufferUtil.hasContent(prefilled)) {
            if (prefilled.remaining() > in.capacity()) {
                throw new IllegalStateException(prefilled.remaining() + " bytes after the upgrade request, more"
                        + " than the input buffer's " + in.capacity());
            }
            BufferUtil.append(in, prefilled);
        }
    }

    @Override
    public void onOpen() {
        super.onOpen();
        getEndPoint().setIdleTimeout(idleTimeoutMillis);
        listener.onOpen(this);
        if (in.hasRemaining()) {
            consume();
        }
        if (reading) {
            fillInterested();
        }
    }

    @Override
    public void onFillable() {
        try {
            while (reading) {
                BufferUtil.clear(in);
                int n = getEndPoint().fill(in);
                if (n > 0) {
                    consume();
                    if (n < in.capacity()) {
                        // Most likely all there was. Not reading again to see 0 saves a system call a message;
                        // the selector is level-triggered and comes straight back if more is waiting.
                        break;
                    }
                } else if (n == 0) {
                    break;
                } else {
                    reading = false;
                    peerClosed = true;
                    end(null, ClientFrameParser.CLOSE_ABNORMAL, "the client closed the TCP connection without a"
                            + " close frame");
                    getEndPoint().close();
                    return;
                }
            }
        } catch (IOException e) {
            reading = false;
            end(e, 0, null);
            getEndPoint().close(e);
            return;
        }
        if (reading) {
            fillInterested();
        }
    }

    private void consume() {
        try {
            parser.parse(in, this);
        } catch (WebSocketFailure f) {
            fail(f);
        } catch (RuntimeException | Error e) {
            // A bug in the listener: this connection ends, Jetty's selector carries on.
            WebSocketFailure f = new WebSocketFailure(ClientFrameParser.CLOSE_SERVER_ERROR, "the server failed"
                    + " reading a message: " + e);
            f.initCause(e);
            fail(f);
        }
    }

    private void fail(WebSocketFailure f) {
        reading = false;
        BufferUtil.clear(in);
        // The close frame first: the listener's reaction may close the stream too, and the first close sent wins.
        // Its write may complete and close the socket at once (onClose), which reports this failure.
        failure = f;
        sendClose(f.closeCode(), f.getMessage());
        end(f, 0, null);
    }

    @Override
    public void text(byte[] utf8, int length) throws WebSocketFailure {
        if (!ended.get() && listener.onTextBytes(utf8, length)) {
            return;
        }
        String text = Utf8Text.decode(utf8, 0, length);
        if (text == null) {
            throw new WebSocketFailure(ClientFrameParser.CLOSE_BAD_PAYLOAD, "a text message of " + length
                    + " bytes that is not valid UTF-8");
        }
        if (!ended.get()) {
            listener.onText(text);
        }
    }

    @Override
    public void binary(long length) {
        if (!ended.get()) {
            listener.onBinary(length);
        }
    }

    @Override
    public void ping(byte[] payload, int length) {
        if (!closeSent.get()) {
            queueControl(frame(ClientFrameParser.OP_PONG, payload, length));
        }
    }

    @Override
    public void closeFrame(int code, String reason) {
        peerCloseCode = code;
        peerCloseReason = reason;
        peerClosed = true;
        reading = false;
        if (closeSent.get()) {
            getEndPoint().close();
        } else {
            // Echo its code (RFC 6455 section 5.5.1); a close without one is answered with an empty close. Sent
            // before the listener hears of it, whose reaction may be a close of its own: the echo must win. Its
            // write may complete and close the socket at once (onClose), which reports this close.
            sendClose(code == ClientFrameParser.CLOSE_NO_STATUS ? 0 : code, "");
        }
        end(null, code, reason);
    }

    @Override
    public boolean onIdleExpired(TimeoutException timeout) {
        if (closeSent.get()) {
            end(null, closeCodeSent, "the client did not answer our close within " + CLOSE_LINGER_MILLIS + " ms");
            return true;
        }
        TimeoutException silent = new TimeoutException("no traffic on the media stream for " + idleTimeoutMillis
                + " ms");
        failure = silent;
        reading = false;
        sendClose(ClientFrameParser.CLOSE_GOING_AWAY, silent.getMessage());
        end(silent, 0, null);
        return true;
    }

    @Override
    protected boolean onReadTimeout(TimeoutException timeout) {
        return onIdleExpired(timeout);
    }

    @Override
    public void onClose(Throwable closeCause) {
        reading = false;
        Throwable cause = closeCause != null ? closeCause : failure;
        if (cause != null) {
            end(cause, 0, null);
        } else {
            if (peerClosed && peerCloseReason != null) {
                end(null, peerCloseCode, peerCloseReason);
            } else {
                end(null, closeSent.get() ? closeCodeSent : ClientFrameParser.CLOSE_ABNORMAL,
                        "the connection closed");
            }
        }
        failData(cause != null ? cause : new ClosedChannelException());
        super.onClose(closeCause);
    }

    /** Tells the listener how the connection ended, once. */
    private void end(Throwable cause, int code, String reason) {
        if (ended.compareAndSet(false, true)) {
            if (cause != null) {
                listener.onFailure(cause);
            } else {
                listener.onClosed(code, reason);
            }
        }
    }

    // ------------------------------------------------------------------------------------ writing

    /**
     * Sends {@code utf8} (position to limit; neither moved nor kept after the return) as one text frame. With
     * {@code more}, the frame may be held and written with the next one (or on {@link #flush}); otherwise this
     * returns once it is written. One sender at a time.
     *
     * @throws TimeoutException   if the write did not complete within {@code timeoutNanos} (the client is not
     *                            reading): nothing more can be sent, the caller should {@link #disconnect()}
     * @throws ExecutionException if the write failed (its cause), or the connection is closing or closed
     */
    void sendText(ByteBuffer utf8, boolean more, long timeoutNanos)
            throws InterruptedException, TimeoutException, ExecutionException {
        checkUsable();
        int length = utf8.remaining();
        int headerBytes = headerBytes(length);
        if (out.position() > 0 && out.remaining() < headerBytes + length) {
            writeData(timeoutNanos, false);
        }
        if (out.remaining() >= headerBytes + length) {
            putHeader(out, ClientFrameParser.OP_TEXT, length);
            out.put(out.position(), utf8, utf8.position(), length);
            out.position(out.position() + length);
            if (!more || out.remaining() < HOLD_ROOM) {
                writeData(timeoutNanos, false);
            }
        } else {
            // Longer than the whole output buffer: its header and the caller's buffer, in one gather write.
            bigHeader.clear();
            putHeader(bigHeader, ClientFrameParser.OP_TEXT, length);
            bigHeader.flip();
            dataBuffers = new ByteBuffer[] {bigHeader, utf8.duplicate()};
            writeData(timeoutNanos, true);
        }
    }

    /** Writes the frames held by {@link #sendText} with {@code more} and waits for the write. */
    void flush(long timeoutNanos) throws InterruptedException, TimeoutException, ExecutionException {
        checkUsable();
        if (out.position() > 0) {
            writeData(timeoutNanos, false);
        }
    }

    private void checkUsable() throws ExecutionException {
        if (abandoned) {
            throw new ExecutionException(new IOException("an earlier message was not written; the media stream"
                    + " is being closed"));
        }
        if (closeSent.get() || ended.get()) {
            throw new ExecutionException(new ClosedChannelException());
        }
    }

    private void writeData(long timeoutNanos, boolean buffersSet)
            throws InterruptedException, TimeoutException, ExecutionException {
        long deadline = System.nanoTime() + timeoutNanos;
        if (!buffersSet) {
            out.flip();
            dataBuffers = outOnly;
        }
        dataFailure = null;
        dataState = PENDING;
        try {
            submit(DATA);
            await(deadline, timeoutNanos);
        } finally {
            if (dataState != PENDING) {
                out.clear();
            }
        }
    }

    private void await(long deadline, long timeoutNanos)
            throws InterruptedException, TimeoutException, ExecutionException {
        while (dataState == PENDING) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                abandoned = true;
                throw new TimeoutException("no completion within " + timeoutNanos / 1_000_000 + " ms");
            }
            dataWaiter = Thread.currentThread();
            if (dataState == PENDING) {
                LockSupport.parkNanos(this, left);
            }
            dataWaiter = null;
            if (Thread.interrupted()) {
                abandoned = true;
                throw new InterruptedException("interrupted while waiting for the write");
            }
        }
        if (dataState == FAILED) {
            abandoned = true;
            throw new ExecutionException(dataFailure);
        }
    }

    private void queueControl(ByteBuffer frame) {
        submit(frame);
    }

    /** Writes {@code what} now, or after the writes ahead of it. */
    private void submit(ByteBuffer what) {
        writeLock.lock();
        try {
            if (inFlight) {
                queued.add(what);
                return;
            }
            inFlight = true;
            current = what;
        } finally {
            writeLock.unlock();
        }
        write(what);
    }

    private void write(ByteBuffer what) {
        if (!getEndPoint().isOpen()) {
            completion.failed(new ClosedChannelException());
            return;
        }
        if (what == DATA) {
            getEndPoint().write(completion, dataBuffers);
        } else {
            getEndPoint().write(completion, what);
        }
    }

    /** The write in flight is done: wakes its sender or finishes a close, then starts the next. */
    private final class WriteCompletion implements Callback {
        @Override
        public void succeeded() {
            ByteBuffer done = current;
            if (done == DATA) {
                dataState = IDLE;
                wakeSender();
            } else if (done == closeFrame) {
                closeWritten();
            }
            next();
        }

        @Override
        public void failed(Throwable cause) {
            writeLock.lock();
            try {
                queued.clear();
                current = null;
                inFlight = false;
            } finally {
                writeLock.unlock();
            }
            failData(cause);
            getEndPoint().close(cause);
        }

        @Override
        public InvocationType getInvocationType() {
            // Only records the outcome and unparks: fine on Jetty's selector thread.
            return InvocationType.NON_BLOCKING;
        }
    }

    private void next() {
        ByteBuffer what;
        writeLock.lock();
        try {
            what = queued.poll();
            current = what;
            inFlight = what != null;
        } finally {
            writeLock.unlock();
        }
        if (what != null) {
            write(what);
        }
    }

    private void failData(Throwable cause) {
        if (dataState == PENDING) {
            dataFailure = cause;
            dataState = FAILED;
            wakeSender();
        }
    }

    private void wakeSender() {
        Thread t = dataWaiter;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    // ------------------------------------------------------------------------------------ closing

    /**
     * Starts the close handshake: a close frame with {@code code} and {@code reason} (cut to fit 123 bytes) goes
     * after the write in flight; the socket closes when the client answers, or {@link #CLOSE_LINGER_MILLIS} after.
     * Returns at once; any thread; later calls do nothing. Frames the sender holds are not written.
     */
    void closeStream(int code, String reason) {
        sendClose(code, reason);
    }

    private void sendClose(int code, String reason) {
        if (!closeSent.compareAndSet(false, true)) {
            return;
        }
        closeCodeSent = code == 0 ? ClientFrameParser.CLOSE_NO_STATUS : code;
        ByteBuffer frame;
        if (code == 0) {
            frame = frame(ClientFrameParser.OP_CLOSE, new byte[0], 0);
        } else {
            byte[] why = reasonBytes(reason);
            byte[] payload = new byte[2 + why.length];
            payload[0] = (byte) (code >> 8);
            payload[1] = (byte) code;
            System.arraycopy(why, 0, payload, 2, why.length);
            frame = frame(ClientFrameParser.OP_CLOSE, payload, payload.length);
        }
        closeFrame = frame;
        submit(frame);
    }

    private void closeWritten() {
        if (peerClosed || !reading) {
            getEndPoint().close();
        } else {
            getEndPoint().setIdleTimeout(CLOSE_LINGER_MILLIS);
        }
    }

    /** Closes the TCP connection at once, with no close handshake (a client that stopped reading). */
    void disconnect() {
        getEndPoint().close();
    }

    /** Whether the connection is open and no close has been sent. */
    boolean isOpen() {
        return getEndPoint().isOpen() && !closeSent.get();
    }

    /** The reason's UTF-8, cut at a character boundary to the 123 bytes a close frame leaves for it. */
    private static byte[] reasonBytes(String reason) {
        byte[] utf8 = (reason == null ? "" : reason).getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= ClientFrameParser.MAX_CONTROL_PAYLOAD - 2) {
            return utf8;
        }
        int end = ClientFrameParser.MAX_CONTROL_PAYLOAD - 2;
        while (end > 0 && (utf8[end] & 0xC0) == 0x80) {
            end--;
        }
        return java.util.Arrays.copyOf(utf8, end);
    }

    // ------------------------------------------------------------------------------------ frames

    private static ByteBuffer frame(int opcode, byte[] payload, int length) {
        ByteBuffer frame = ByteBuffer.allocate(headerBytes(length) + length);
        putHeader(frame, opcode, length);
        frame.put(payload, 0, length);
        return frame.flip();
    }

    private static int headerBytes(int length) {
        return length < 126 ? 2 : length < 65_536 ? 4 : 10;
    }

    /** A server frame's header: FIN, the opcode, no mask (RFC 6455 section 5.1: servers do not mask). */
    private static void putHeader(ByteBuffer to, int opcode, int length) {
        to.put((byte) (0x80 | opcode));
        if (length < 126) {
            to.put((byte) length);
        } else if (length < 65_536) {
            to.put((byte) 126);
            to.putShort((short) length);
        } else {
            to.put((byte) 127);
            to.putLong(length);
        }
    }
}
