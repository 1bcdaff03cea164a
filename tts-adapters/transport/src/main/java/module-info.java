/**
 * What the TTS engine modules share, kept in one place instead of copied per engine: {@code .http} (requests over
 * {@link java.net.http.HttpClient}, streamed bodies, HTTP statuses and vendor error bodies mapped to
 * {@link io.github.voxbridge.tts.TtsException} kinds, {@code Retry-After}), {@code .websocket} (engines that speak
 * over {@link java.net.http.WebSocket}: handshake, whole messages, one send at a time, the vendor's cancel, warm
 * sockets), {@code .json} (allocation-free reading of vendors' JSON messages with base64 audio), {@code .process}
 * (engines that are programs: text in, audio out on stdout, the process killed on cancel) and {@code .audio} (the
 * audio handed to the caller's sink, format first, bytes untouched). Not for
 * applications: an engine module's building blocks.
 */
module io.github.voxbridge.tts.transport {
    requires transitive io.github.voxbridge.tts;
    requires transitive java.net.http;
    requires com.fasterxml.jackson.databind; // vendor error bodies (VendorErrorBody); not in this module's API

    exports io.github.voxbridge.tts.transport.audio;
    exports io.github.voxbridge.tts.transport.http;
    exports io.github.voxbridge.tts.transport.json;
    exports io.github.voxbridge.tts.transport.process;
    exports io.github.voxbridge.tts.transport.websocket;
}
