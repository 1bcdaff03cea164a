/**
 * Allocation-free reading of the JSON messages TTS vendors send over WebSocket with base64 audio inside
 * (ElevenLabs {@code {"audio":"...","isFinal":null,...}}, Cartesia {@code {"type":"chunk","data":"...",...}}; see
 * tts-engines.md sections 2b and 4a).
 *
 * <p>Why not Jackson here, when the rest of the transport uses it for error bodies: Jackson's tree model allocates
 * a tree, its strings and the decoded {@code byte[]} for every message (3,456 B for a 20 ms Twilio media message in
 * {@code InboundBench.parseAndDecode16k}), while issue 12 asks for 0 B/op and at most 200 ns per 20 ms of audio on
 * the hot path. {@link io.github.voxbridge.tts.transport.json.JsonMessageReader} validates the whole text as
 * strictly as Jackson with {@code FAIL_ON_TRAILING_TOKENS} (tests compare the two on generated and fuzzed texts),
 * records the top-level members as spans, and {@link io.github.voxbridge.tts.transport.json.Base64Chars} decodes the
 * audio straight from the text into the engine's reusable buffer. Dependencies: none beyond {@code java.base}.
 */
package io.github.voxbridge.tts.transport.json;
