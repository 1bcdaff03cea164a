package io.github.voxbridge.twilio.server.twiml;

import java.util.Objects;

/**
 * The TwiML that refuses a call without answering it: {@code <Response><Reject reason="busy"/></Response>}, what a
 * server at its call limit answers instead of an HTTP error (Twilio plays its own error message for those).
 */
public final class RejectTwiml {

    private RejectTwiml() {}

    /** The document, with an XML declaration, for the given reason. */
    public static String toXml(RejectReason reason) {
        Objects.requireNonNull(reason, "reason");
        return TwimlWriter.response(xml -> {
            xml.writeEmptyElement("Reject");
            xml.writeAttribute("reason", reason.twimlValue());
        });
    }
}
