package io.github.voxbridge.twilio.server.call;

import java.util.Locale;

/** Why a call ended, as {@link CallHandler#onStop} and the server's metrics ({@code outcome} tag) report it. */
public enum CallEnd {
    /** Twilio sent {@code stop}: the caller hung up, or the call was ended through Twilio's API. */
    COMPLETED,
    /** The handler called {@link Call#hangUp()}. */
    HUNG_UP,
    /** The WebSocket closed without {@code stop} (network, Twilio, or a client going away). */
    DISCONNECTED,
    /** No message from Twilio within the idle timeout (Twilio sends media every 20 ms while a call is up). */
    TIMED_OUT,
    /** Twilio (or whatever is on the other end) broke the protocol badly enough to end the call: a message too big. */
    PROTOCOL_ERROR,
    /** Sending to Twilio failed or stalled: the client stopped reading, or the connection broke under a send. */
    TRANSPORT_FAILED,
    /** The call's handler threw; the call was ended (and only this one). */
    HANDLER_FAILED,
    /** The server shut down before the call finished on its own. */
    DRAINED;

    /** The metrics tag value: the name in lower case, {@code handler_failed}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
