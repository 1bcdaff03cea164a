/**
 * voxbridge's Google Cloud Text-to-Speech engine ({@code google}): a
 * {@link io.github.voxbridge.tts.TtsEngineProvider} registered with {@code provides} for the module path and in
 * {@code META-INF/services} for the class path. The HTTP exchange, timeouts, cancellation and error mapping are the
 * shared ones of {@code io.github.voxbridge.tts.transport}; Jackson writes the request and reads the response JSON;
 * dsp-core's WAV reader parses the header Google puts before the audio. No vendor SDK.
 *
 * <p>Google's auth library (Application Default Credentials, OAuth2 tokens) has no module descriptors; its jars
 * name themselves with an {@code Automatic-Module-Name}: {@code com.google.auth.oauth2} (credentials),
 * {@code com.google.auth} (the {@code Credentials} base class) and {@code com.google.api.client} (google-http-client,
 * whose {@code HttpResponseException} carries the token endpoint's status). None of their types are in this
 * module's API. Guava ({@code com.google.common}) and Gson ({@code com.google.gson}) are explicit modules that the
 * automatic ones use but cannot require, so nothing would resolve them on the module path (the library then fails
 * with {@code NoClassDefFoundError: com/google/common/util/concurrent/ListenableFuture}); this module requires them
 * on the library's behalf. The OpenCensus and gRPC jars it also needs are automatic modules, resolved with it.
 */
@SuppressWarnings("requires-automatic") // the Google auth library's jars: see above
module io.github.voxbridge.tts.google {
    requires transitive io.github.voxbridge.tts;
    requires io.github.voxbridge.tts.transport;
    requires com.fasterxml.jackson.databind;
    requires com.google.auth.oauth2;
    requires com.google.auth;
    requires com.google.api.client;
    requires com.google.common; // for the auth library, see above
    requires com.google.gson; // for the auth library (google-http-client-gson), see above

    exports io.github.voxbridge.tts.google;

    provides io.github.voxbridge.tts.TtsEngineProvider with io.github.voxbridge.tts.google.GoogleEngineProvider;
}
