/**
 * The Google Cloud Text-to-Speech engine (REST): see {@link io.github.voxbridge.tts.google.GoogleEngine} for the
 * wire format and the options.
 *
 * <p>Dependencies, and why each is here:
 * <ul>
 *   <li>{@code voxbridge-tts-api}: the engine SPI this module implements (and, through it, dsp-core, whose
 *       {@code WavReader} parses the WAV header of the returned audio);</li>
 *   <li>{@code voxbridge-tts-transport}: the HTTP plumbing every HTTP engine shares (one {@code HttpClient} per
 *       engine, timeouts, cancellation, status and vendor error body to {@code TtsException} kinds, long text split
 *       under the vendor's byte limit), written once, not copied per engine;</li>
 *   <li>{@code jackson-databind}: writes the request JSON (correct escaping of any text) and reads the response's
 *       {@code audioContent}, a credentials file's {@code "type"} and the token endpoint's error;</li>
 *   <li>{@code google-auth-library-oauth2-http} (1.57.0, BSD-3-Clause): Application Default Credentials when no
 *       API key is given (issue 12): finding them (gcloud's file, the metadata server), signing a service
 *       account's JWT, refreshing tokens before they expire. Security-sensitive code Google maintains and users of
 *       Google Cloud expect, not to be rewritten here. It brings, and needs at run time:
 *       {@code google-auth-library-credentials} (its {@code Credentials} base class), Guava and
 *       {@code failureaccess} (collections, caches, the futures of its token refresh), {@code google-http-client}
 *       with {@code google-http-client-gson} and Gson (its HTTP calls to the token endpoint and the metadata
 *       server, and their JSON), and through {@code google-http-client} the OpenCensus API and gRPC's
 *       {@code Context} ({@code grpc-api}, {@code grpc-context}), which its {@code HttpRequest} traces every
 *       request with. Left out in the pom (never run): the Apache HTTP client (only google-http-client's
 *       {@code ApacheHttpTransport} uses it; the auth library's transport is {@code java.net.HttpURLConnection})
 *       and annotation-only jars (jsr305, Error Prone, j2objc, AutoValue, JSpecify, api-common). Together 11 jars,
 *       4.6 MiB. Its types are not in this module's API, and it is used only when there is no key.</li>
 * </ul>
 * No Google Cloud client library (gRPC, protobuf) for one REST call.
 */
package io.github.voxbridge.tts.google;
