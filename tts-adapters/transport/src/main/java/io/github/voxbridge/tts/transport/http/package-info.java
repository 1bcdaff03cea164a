/**
 * HTTP engines' shared plumbing over {@link java.net.http.HttpClient}: status codes and vendor error bodies to
 * {@link io.github.voxbridge.tts.TtsException} kinds, {@code Retry-After}, streamed bodies handed to the sink as they
 * arrive, cancellation that aborts the exchange.
 */
package io.github.voxbridge.tts.transport.http;
