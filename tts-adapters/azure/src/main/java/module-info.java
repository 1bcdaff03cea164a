/**
 * voxbridge's Microsoft Azure AI Speech engine ({@code azure}): a {@link io.github.voxbridge.tts.TtsEngineProvider}
 * registered with {@code provides} for the module path and in {@code META-INF/services} for the class path. The HTTP
 * exchange, timeouts, cancellation and error mapping are the shared ones of {@code io.github.voxbridge.tts.transport};
 * the JDK's {@code javax.xml.stream} writes the SSML. No vendor SDK.
 */
module io.github.voxbridge.tts.azure {
    requires transitive io.github.voxbridge.tts;
    requires io.github.voxbridge.tts.transport;
    requires java.xml;

    exports io.github.voxbridge.tts.azure;

    provides io.github.voxbridge.tts.TtsEngineProvider with io.github.voxbridge.tts.azure.AzureEngineProvider;
}
