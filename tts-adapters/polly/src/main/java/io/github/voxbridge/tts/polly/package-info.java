/**
 * The Amazon Polly text-to-speech engine: see {@link io.github.voxbridge.tts.polly.PollyEngine} for the request,
 * the formats and the options.
 *
 * <p>Dependencies, and why each is here:
 * <ul>
 *   <li>{@code voxbridge-tts-api}: the engine SPI this module implements;</li>
 *   <li>{@code voxbridge-tts-transport}: what every HTTP engine shares: the connection option keys and defaults
 *       ({@code HttpEngineSettings}), the status-to-kind table and {@code Retry-After} parsing
 *       ({@code HttpFailures}), and the split of long text under the vendor's limit ({@code RequestTextSplitter});
 *       its {@code java.net.http} client is not used: the SDK sends the request;</li>
 *   <li>{@code software.amazon.awssdk:polly} (the AWS SDK for Java v2, version from its BOM in the root pom):
 *       SigV4 request signing and the default credentials and region chains (environment, system properties,
 *       {@code ~/.aws} profiles, SSO, web identity, container and instance roles) that AWS users expect to just
 *       work, which voxbridge should not re-implement (issue 12, "Layout");</li>
 *   <li>{@code software.amazon.awssdk:url-connection-client}: the SDK's HTTP client built on the JDK's
 *       {@code HttpURLConnection}, the one with no third-party dependencies. The Apache 5 and Netty clients the
 *       SDK pulls in by default are excluded in the pom: they would add httpclient5/httpcore5 or a dozen Netty
 *       jars for nothing (one synchronous request at a time per call).</li>
 * </ul>
 * Nothing else: no FreeTTS, no other vendor's library. The SDK logs through {@code slf4j-api} (its dependency);
 * without a binding on the class path SLF4J prints one warning and logs nothing.
 */
package io.github.voxbridge.tts.polly;
