package io.github.voxbridge.twilio.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A {@link TextTransport} that takes each message as the UTF-8 bytes of its text: with it, an
 * {@link OutboundPlayer} sends every media message from one buffer it reuses, so nothing is allocated per 20 ms
 * frame between the engine and the socket (with a plain {@code TextTransport}, each frame is a new {@code String}
 * of about 350 bytes).
 *
 * {@snippet id="utf8-text-transport-jetty" :
 * // Jetty 12's core API sends a TEXT frame from a ByteBuffer; wait until it is written (the buffer is reused).
 * CoreSession core = ((WebSocketSession) session).getCoreSession();
 * Utf8TextTransport transport = utf8 -> {
 *     try {
 *         Callback.Completable.with(sent -> core.sendFrame(new Frame(OpCode.TEXT, utf8), sent, false))
 *                 .get(5, TimeUnit.SECONDS);
 *     } catch (InterruptedException e) {
 *         Thread.currentThread().interrupt();
 *         throw new InterruptedIOException("interrupted while sending to Twilio");
 *     } catch (ExecutionException | TimeoutException e) {
 *         throw new IOException("sending to Twilio failed", e);
 *     }
 * };
 * }
 * (That example still allocates a callback and a frame object per message; the project's {@code CallSession}
 * shows how to reuse both.)
 *
 * <p>Marks and {@code clear} (a few per utterance) arrive through {@link #send(String)}, which by default encodes
 * the text and passes it to {@link #sendText}; so an implementation writes one method, and every message goes
 * through it in order. The calling rules are those of {@link TextTransport}: one thread at a time, in order, return
 * once the message is handed to the socket.
 */
@FunctionalInterface
public interface Utf8TextTransport extends TextTransport {

    /**
     * Sends one message, the bytes from {@code utf8}'s position to its limit, as one WebSocket <b>text</b> frame
     * (Twilio drops binary frames).
     *
     * <p>The buffer belongs to the caller and is reused for the next message: it is valid only until this method
     * returns. Send it (and wait for the write to finish) or copy it before returning; never keep it. An
     * asynchronous write that has not finished when this method must give up (a timeout) has to be abandoned with
     * the connection, since the caller will write the next message into the same buffer. The position and limit
     * may be left anywhere; the content must not be changed.
     *
     * @param utf8 a complete Twilio message (media, mark or clear): ASCII, hence also UTF-8
     * @throws IOException if the connection is broken; the player then ends, as if Twilio had sent {@code stop}
     */
    void sendText(ByteBuffer utf8) throws IOException;

    /**
     * Sends one message as {@link #sendText(ByteBuffer)} does, saying whether another follows at once. With
     * {@code more} true the transport may hold the message back (a copy of it: the buffer's rules are those of
     * {@link #sendText(ByteBuffer)}) and write it together with the messages after it, in one write to the socket
     * instead of several: a player refilling 100 ms of audio sends five frames back to back. A held message goes
     * out with the next message sent with {@code more} false (or through {@link #send(String)}), or on
     * {@link #flush()}, whichever comes first.
     *
     * <p>An {@link OutboundPlayer} passes {@code true} only for a frame whose successor is ready and due, and calls
     * {@link #flush()} before it waits for anything (the pacer, the engine, the next utterance), so a held frame is
     * never later than the time it takes to write the few after it. The default ignores {@code more} and sends at
     * once, which is always correct.
     *
     * @param utf8 a complete Twilio message, as for {@link #sendText(ByteBuffer)}
     * @param more whether the caller sends another message right after this one
     * @throws IOException if the connection is broken
     */
    default void sendText(ByteBuffer utf8, boolean more) throws IOException {
        sendText(utf8);
    }

    /**
     * Writes every message held back by {@link #sendText(ByteBuffer, boolean)} and returns once they are written.
     * The default does nothing: the default {@code sendText(utf8, more)} holds nothing back.
     *
     * @throws IOException if the connection is broken
     */
    default void flush() throws IOException {
    }

    /** Sends {@code json} as its UTF-8 bytes through {@link #sendText}: one small array per call. */
    @Override
    default void send(String json) throws IOException {
        sendText(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
    }
}
