package io.github.voxbridge.tts.transport.websocket;

import io.github.voxbridge.tts.TtsException;
import java.net.http.HttpHeaders;
import java.util.List;

/**
 * One engine's side of one WebSocket synthesis: what it sends and what it makes of each complete message it
 * receives. {@link WebSocketEngineClient#converse} owns the socket, the threads, the timeouts and the failures; a
 * conversation holds only the vendor's message shapes. Its methods are called on the thread that called
 * {@code converse} (the synthesizing thread), one at a time, so a conversation may call the sink directly.
 *
 * <p>Deepgram speaks audio as binary frames and JSON text for control; ElevenLabs and Cartesia send JSON text frames
 * carrying base64 audio, which a conversation decodes in {@link #onText} (tts-engines.md, summary table).
 */
public interface WebSocketConversation {

    /**
     * The text messages to send once the socket is open, in order (e.g. Deepgram's {@code Speak} for each piece of
     * text, then {@code Flush}). Each is sent after the previous one has been handed to the socket.
     */
    List<String> opening();

    /**
     * A complete text message from the server (its partial frames already joined).
     *
     * @return true if it is the vendor's end marker (Deepgram {@code Flushed}, Cartesia {@code done}, ElevenLabs
     *         {@code isFinal}): the synthesis is complete
     * @throws TtsException PROTOCOL for a message that cannot be understood (malformed JSON, bad base64), or the kind
     *                      of an error the vendor reports in it
     */
    boolean onText(String message) throws TtsException;

    /**
     * A complete binary message from the server (its partial frames already joined), {@code data[0 .. length)},
     * {@code length >= 0}. The array is lent for the call only.
     *
     * @return true if it ends the synthesis (no vendor here does: their end markers are text)
     * @throws TtsException PROTOCOL if the vendor sends no binary messages
     */
    boolean onBinary(byte[] data, int length) throws TtsException;

    /**
     * What to send when the synthesis is cancelled before the socket is closed (Deepgram {@code Clear}, Cartesia's
     * {@code cancel}), or null to just close.
     */
    String cancelMessage();

    /** What to send after the end marker before closing the socket (Deepgram {@code Close}), or null to just close. */
    String closingMessage();

    /**
     * The bytes of audio this conversation has handed to its sink so far, for the messages of a failure ("closed
     * ... after N bytes"); -1 (the default) when the audio is the binary messages, which the client counts itself.
     * ElevenLabs and Cartesia send audio as base64 in text messages: only they know how much it was.
     */
    default long audioBytes() {
        return -1;
    }

    /**
     * The vendor's words in a refused handshake's response headers (Deepgram {@code dg-error}), or null. The default
     * has none.
     */
    default String handshakeError(HttpHeaders headers) {
        return null;
    }
}
