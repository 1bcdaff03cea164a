/**
 * The Cartesia Sonic text-to-speech engine: see {@link io.github.voxbridge.tts.cartesia.CartesiaEngine} for the wire
 * format and the options.
 *
 * <p>Dependencies, and why each is here:
 * <ul>
 *   <li>{@code voxbridge-tts-api}: the engine SPI this module implements;</li>
 *   <li>{@code voxbridge-tts-transport}: the WebSocket plumbing every network engine shares (one client per engine,
 *       handshake with the key, timeouts, whole messages, one send at a time, cancel message then close, refused
 *       handshakes to {@code TtsException} kinds, long text split at sentences, a key that never shows), written
 *       once, not copied per engine;</li>
 *   <li>{@code jackson-databind}: writes the generation requests (the transcript needs correct JSON escaping of every
 *       character a user or an LLM may produce) and reads Cartesia's JSON messages ({@code ServerMessage}, the one
 *       class that parses them).</li>
 * </ul>
 * Nothing else: no Cartesia SDK, no FreeTTS, no other vendor's library.
 */
package io.github.voxbridge.tts.cartesia;
