package io.github.voxbridge.twilio.server.twiml;

/** The HTTP method of a TwiML status callback ({@code statusCallbackMethod}); Twilio's default is {@link #POST}. */
public enum CallbackMethod {
    /** Parameters in the query string. */
    GET,
    /** Parameters as a form body (Twilio's default). */
    POST
}
