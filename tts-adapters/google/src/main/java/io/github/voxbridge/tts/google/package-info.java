/**
 * The Google Cloud Text-to-Speech engine (REST): see {@link io.github.voxbridge.tts.google.GoogleEngine} for the
 * wire format and the options.
 *
 * <p>Dependencies, and why each is here:
 * <ul>
 *   <li>{@code voxbridge-tts-api}: the engine SPI this module implements (and, through it, dsp-core, whose
 *       {@code WavReader} parses the WAV header of the returned audio);</li>
 *   <li>{@code voxbridge-tts-transport}: the HTTP plumbing every HTTP engine shares (one {@code HttpClient} per
 *       engine, timeouts, cancellation, status and vendor error body to {@code TtsException} kinds, long text split
 *       under the vendor's byte limit), written once, not copied per engine;</li>
 *   <li>{@code jackson-databind}: writes the request JSON (correct escaping of any text) and reads the response's
 *       {@code audioContent}.</li>
 * </ul>
 * Nothing else: no Google Cloud client library (gRPC, auth libraries) for one REST call.
 */
package io.github.voxbridge.tts.google;
