package io.github.voxbridge.twilio.protocol;

/**
 * One Twilio Media Streams WebSocket text message, in either direction.
 *
 * <p>{@link InboundMessage}s are what Twilio sends to the server; {@link OutboundMessage}s are what a server sends
 * back on a bidirectional stream ({@code <Connect><Stream>}). {@link TwilioCodec} reads and writes both.
 */
public sealed interface TwilioMessage permits InboundMessage, OutboundMessage {

    /** The {@code event} field: {@code "media"}, {@code "mark"}, ... */
    String event();
}
