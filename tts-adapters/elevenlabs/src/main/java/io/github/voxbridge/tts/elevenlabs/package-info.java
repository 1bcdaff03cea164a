/**
 * The ElevenLabs text-to-speech engine: see {@link io.github.voxbridge.tts.elevenlabs.ElevenLabsEngine} for the
 * wire format and the options.
 *
 * <p>Dependencies, and why each is here:
 * <ul>
 *   <li>{@code voxbridge-tts-api}: the engine SPI this module implements;</li>
 *   <li>{@code voxbridge-tts-transport}: the WebSocket and HTTP plumbing every network engine shares (one client per
 *       engine, timeouts, whole messages or streamed body, cancellation, statuses and vendor errors to
 *       {@code TtsException} kinds, long text split under the vendor's limit, a key that never shows), written once,
 *       not copied per engine;</li>
 *   <li>{@code jackson-databind}: writes the JSON messages and body (the text needs correct JSON escaping of every
 *       character a user or an LLM may produce) and reads ElevenLabs' JSON messages with their base64 audio.</li>
 * </ul>
 * Nothing else: no ElevenLabs SDK, no FreeTTS, no other vendor's library.
 */
package io.github.voxbridge.tts.elevenlabs;
