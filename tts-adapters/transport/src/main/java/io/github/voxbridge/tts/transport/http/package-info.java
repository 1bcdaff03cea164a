/**
 * HTTP engines' shared plumbing over {@link java.net.http.HttpClient}, so that an engine module holds only what is
 * its vendor's (request mapping, options):
 * <ul>
 *   <li>{@link io.github.voxbridge.tts.transport.http.HttpEngineClient}: one client per engine instance, connect and
 *       first-byte timeouts, a limit on requests in flight, the body handed on as it arrives, cancellation that
 *       aborts the exchange, every failure a {@link io.github.voxbridge.tts.TtsException} of the right kind;</li>
 *   <li>{@link io.github.voxbridge.tts.transport.http.HttpEngineSettings}: the option keys and defaults of the
 *       above, the same for every engine;</li>
 *   <li>{@link io.github.voxbridge.tts.transport.http.HttpFailures} (status to kind, {@code Retry-After}) and
 *       {@link io.github.voxbridge.tts.transport.http.VendorErrorBody} (the message in a vendor's error body);</li>
 *   <li>{@link io.github.voxbridge.tts.transport.http.RequestTextSplitter}: text over a vendor's per-request limit
 *       cut at sentence ends;</li>
 *   <li>{@link io.github.voxbridge.tts.transport.http.ApiKey}: a key that never shows in a message.</li>
 * </ul>
 */
package io.github.voxbridge.tts.transport.http;
