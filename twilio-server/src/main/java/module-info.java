/**
 * voxbridge Twilio server pieces that need no transport: verifying Twilio's request signatures
 * ({@code io.github.voxbridge.twilio.server.signature}) and writing the TwiML that connects a call to a Media Stream
 * ({@code io.github.voxbridge.twilio.server.twiml}).
 *
 * <p>Only the JDK is required: {@code javax.crypto} for the HMACs and {@code java.xml}'s {@code XMLStreamWriter} for
 * the TwiML.
 */
module io.github.voxbridge.twilio.server {
    requires java.xml;

    exports io.github.voxbridge.twilio.server.signature;
    exports io.github.voxbridge.twilio.server.twiml;
}
