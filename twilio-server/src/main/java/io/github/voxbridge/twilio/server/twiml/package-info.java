/**
 * The TwiML a voice webhook answers with: {@code <Connect><Stream>} to hand the call to a bidirectional Media Stream
 * (with {@code <Parameter>}s that arrive in the stream's {@code start} message), and {@code <Reject>} to refuse a
 * call when the server is at capacity.
 *
 * <p>Documents are written with {@link javax.xml.stream.XMLStreamWriter}, never by string concatenation, and every
 * value is checked first: characters XML 1.0 cannot carry, and the limits Twilio puts on parameters, fail with an
 * exception that names the value, instead of producing TwiML that Twilio rejects during a live call.
 * {@link io.github.voxbridge.twilio.server.twiml.PublicBaseUrl} turns the configured public address (what Twilio
 * sees, not what the server sees behind a proxy) into the URLs the TwiML and the signature checks need.
 */
package io.github.voxbridge.twilio.server.twiml;
