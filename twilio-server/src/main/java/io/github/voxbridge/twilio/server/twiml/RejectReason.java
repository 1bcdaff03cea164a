package io.github.voxbridge.twilio.server.twiml;

/**
 * The {@code reason} of TwiML {@code <Reject>}: what the caller hears. Twilio's {@code <Reject>} page: {@code
 * rejected} (the default) plays a "not in service" tone, {@code busy} a busy signal. Rejecting a call is free of
 * charge, unlike answering it.
 */
public enum RejectReason {
    /** A "not in service" tone. */
    REJECTED("rejected"),
    /** A busy signal: the fitting answer when the server is at its call limit. */
    BUSY("busy");

    private final String twiml;

    RejectReason(String twiml) {
        this.twiml = twiml;
    }

    /** The attribute value as TwiML writes it. */
    public String twimlValue() {
        return twiml;
    }
}
