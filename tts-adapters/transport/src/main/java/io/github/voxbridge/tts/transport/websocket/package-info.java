/**
 * WebSocket engines' shared plumbing over {@link java.net.http.WebSocket}, so that an engine module holds only its
 * vendor's message shapes:
 * <ul>
 *   <li>{@link io.github.voxbridge.tts.transport.websocket.WebSocketEngineClient}: one client per engine instance,
 *       the handshake with headers and the connect timeout, messages joined from their parts and handed over on the
 *       synthesizing thread, one send at a time, refused handshakes and broken or early-closed sockets mapped to
 *       {@link io.github.voxbridge.tts.TtsException} kinds, cancellation with the vendor's cancel message;</li>
 *   <li>{@link io.github.voxbridge.tts.transport.websocket.WebSocketConversation}: what one engine sends and makes of
 *       each message (Deepgram's binary frames; ElevenLabs' and Cartesia's JSON with base64 audio).</li>
 * </ul>
 * Timeouts and the limit on syntheses in flight are the shared
 * {@link io.github.voxbridge.tts.transport.http.HttpEngineSettings}.
 */
package io.github.voxbridge.tts.transport.websocket;
