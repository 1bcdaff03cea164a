/**
 * Verifying the {@code X-Twilio-Signature} header Twilio puts on its webhooks, status callbacks and WebSocket
 * upgrades.
 *
 * <p>Twilio signs {@code base64(HMAC(key, URL + name1 + value1 + name2 + value2 ...))}: the URL it requested, exactly
 * as configured, followed by the POST form parameters sorted by name. The key is the account's auth token with
 * HMAC-SHA1, unless a Webhooks Rule applies, in which case Twilio names the algorithm in
 * {@code X-Twilio-Webhooks-Signature-Settings} and signs with that rule's shared key. JSON bodies are not signed
 * themselves: Twilio puts {@code bodySHA256=<hex SHA-256 of the body>} into the URL's query, signs the URL, and the
 * receiver checks the hash.
 *
 * <p>{@link io.github.voxbridge.twilio.server.signature.TwilioSignatureVerifier} is the entry point; it returns a
 * {@link io.github.voxbridge.twilio.server.signature.SignatureVerdict} that says why a request failed, so a server
 * can count and log failures by kind. Secrets never appear in any message, exception or {@code toString()}.
 */
package io.github.voxbridge.twilio.server.signature;
