/**
 * The Microsoft Azure AI Speech text-to-speech engine (REST): see {@link io.github.voxbridge.tts.azure.AzureEngine}
 * for the wire format and the options.
 *
 * <p>Dependencies, and why each is here:
 * <ul>
 *   <li>{@code voxbridge-tts-api}: the engine SPI this module implements;</li>
 *   <li>{@code voxbridge-tts-transport}: the HTTP plumbing every HTTP engine shares (one {@code HttpClient} per
 *       engine, timeouts, streamed body, cancellation, status and vendor error body to {@code TtsException} kinds,
 *       long text split under a per-request limit), written once, not copied per engine;</li>
 *   <li>{@code java.xml} (the JDK's StAX {@code XMLStreamWriter}): writes the SSML request body, so the text is
 *       escaped by an XML writer and never by hand.</li>
 * </ul>
 * Nothing else: no Azure Speech SDK (native libraries, and no gain over the REST endpoint for one-shot requests).
 */
package io.github.voxbridge.tts.azure;
