package io.github.voxbridge.tts.transport.websocket;

/** What the socket's listener hands to the synthesizing thread: a whole message, the close, a failure, a wake-up. */
sealed interface InboundMessage {

    /** A complete text message. */
    record Text(String text) implements InboundMessage {
    }

    /** A complete binary message, {@code data[0 .. length)}. */
    record Binary(byte[] data, int length) implements InboundMessage {
    }

    /** The server's close frame. */
    record Closed(int statusCode, String reason) implements InboundMessage {
    }

    /** A message larger than the limit: refused, not buffered without bound. */
    record Oversized(String what) implements InboundMessage {
    }

    /** The connection failed (reset, protocol violation). */
    record Failed(Throwable cause) implements InboundMessage {
    }

    /** The synthesis was cancelled: wakes the synthesizing thread. */
    record Cancelled() implements InboundMessage {
    }
}
