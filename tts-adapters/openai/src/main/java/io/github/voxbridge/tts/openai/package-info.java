/**
 * The OpenAI text-to-speech engine: see {@link io.github.voxbridge.tts.openai.OpenAiEngine} for the wire format and
 * the options.
 *
 * <p>Dependencies, and why each is here:
 * <ul>
 *   <li>{@code voxbridge-tts-api}: the engine SPI this module implements;</li>
 *   <li>{@code voxbridge-tts-transport}: the HTTP plumbing every HTTP engine shares (one {@code HttpClient} per
 *       engine, timeouts, streamed body, cancellation, status and vendor error body to {@code TtsException} kinds,
 *       long text split under the vendor's limit), written once, not copied per engine;</li>
 *   <li>{@code jackson-databind}: writes the request's JSON body (the input text needs correct JSON escaping of
 *       every character a user or an LLM may produce).</li>
 * </ul>
 * Nothing else: no OpenAI SDK, no FreeTTS, no cloud vendor's library.
 */
package io.github.voxbridge.tts.openai;
