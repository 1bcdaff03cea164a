/**
 * voxbridge's Amazon Polly engine ({@code polly}): a {@link io.github.voxbridge.tts.TtsEngineProvider} registered
 * with {@code provides} for the module path and in {@code META-INF/services} for the class path.
 *
 * <p>The AWS SDK for Java v2 jars have no module descriptors; each names itself with an
 * {@code Automatic-Module-Name} ({@code software.amazon.awssdk.*}), required here by that name. None of the SDK's
 * types are in this module's API.
 */
@SuppressWarnings("requires-automatic") // the AWS SDK v2 jars: see above
module io.github.voxbridge.tts.polly {
    requires transitive io.github.voxbridge.tts;
    requires io.github.voxbridge.tts.transport;
    requires software.amazon.awssdk.services.polly;
    requires software.amazon.awssdk.http.urlconnection;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.auth;
    requires software.amazon.awssdk.identity.spi;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.awscore;
    requires software.amazon.awssdk.retries.api;

    exports io.github.voxbridge.tts.polly;

    provides io.github.voxbridge.tts.TtsEngineProvider with io.github.voxbridge.tts.polly.PollyEngineProvider;
}
