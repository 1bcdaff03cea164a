package io.github.voxbridge.twilio.testkit;

/**
 * Something the server did that Twilio would reject or ignore; recorded, never thrown: the call goes on.
 *
 * @param atNanos when (clock nanoseconds)
 * @param kind    what sort of error
 * @param detail  the parser's message, or what was wrong, with a bounded excerpt of the input
 */
public record ProtocolError(long atNanos, Kind kind, String detail) {

    /** What sort of error. */
    public enum Kind {
        /** A text frame that is not a valid outbound message: not JSON, a field missing or mistyped, bad base64. */
        MALFORMED,
        /** A well-formed message whose {@code event} is not {@code media}, {@code mark} or {@code clear}. */
        UNKNOWN_EVENT,
        /** A binary WebSocket frame: Twilio accepts text frames only and drops the audio (a warning on the call). */
        BINARY_FRAME,
        /** A message for another stream than this call's {@code streamSid}. */
        WRONG_STREAM_SID,
        /** A message before {@code start} was sent: the server cannot know the {@code streamSid} yet. */
        BEFORE_START,
        /** The connection failed: a send that did not complete, an error from the WebSocket client. */
        TRANSPORT
    }
}
