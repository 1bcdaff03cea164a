package io.github.voxbridge.tts.transport.websocket;

import java.net.http.WebSocket;

/**
 * One open socket with its listener and its sender: held by one synthesis at a time, or waiting in the
 * {@link SocketPool} for the next. The listener ({@link MessageInbox}) is bound to the socket when it opens, so it
 * travels with it from synthesis to synthesis.
 */
final class OpenSocket {

    final WebSocket socket;
    final MessageInbox inbox;
    final SerialSender sender;
    /** Which endpoint and headers it was opened with: only a synthesis asking for the same may take it. */
    final String poolKey;
    /** {@link System#nanoTime()} when it was last given back unused, then when it was last sent a keep-alive. */
    long idleSince;
    long lastKeepAlive;

    OpenSocket(WebSocket socket, MessageInbox inbox, String poolKey) {
        this.socket = socket;
        this.inbox = inbox;
        this.sender = new SerialSender(socket);
        this.poolKey = poolKey;
    }

    /**
     * Whether it can still carry a synthesis: not closed either way, nothing but stale data waiting in its inbox
     * (stale data, a message that belongs to no synthesis, is dropped).
     */
    boolean alive() {
        return !socket.isInputClosed() && !socket.isOutputClosed() && inbox.drainStale();
    }

    /** Sends the close frame, then drops the connection once it has gone out (or failed to). */
    void closeNow() {
        sender.sendClose();
        sender.afterSends(socket::abort);
    }
}
