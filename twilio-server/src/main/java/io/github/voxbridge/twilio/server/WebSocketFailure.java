package io.github.voxbridge.twilio.server;

/**
 * The client broke the WebSocket protocol, or a limit: the connection closes with {@link #closeCode()} (RFC 6455
 * section 7.4.1: 1002 protocol error, 1007 bad payload, 1009 message too large) and the message as its reason.
 */
final class WebSocketFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final int closeCode;

    WebSocketFailure(int closeCode, String message) {
        super(message);
        this.closeCode = closeCode;
    }

    /** The close code the connection closes with. */
    int closeCode() {
        return closeCode;
    }
}
