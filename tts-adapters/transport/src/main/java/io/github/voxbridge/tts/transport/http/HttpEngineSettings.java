package io.github.voxbridge.tts.transport.http;

import io.github.voxbridge.tts.EngineOptions;
import io.github.voxbridge.tts.TtsException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The connection settings every HTTP engine takes, read from the same option keys with the same defaults
 * (issue 12, "Connections").
 * <pre>
 *   connect-timeout-ms     TCP (and TLS) connection set-up, 1..600000 ms, default 5000
 *   first-byte-timeout-ms  from sending the request to the response's headers, 1..600000 ms, default 10000
 *   max-concurrent         requests one engine instance has open at once, 1..1000; the default is the engine's
 * </pre>
 *
 * @param connectTimeout   longest wait for a connection, positive
 * @param firstByteTimeout longest wait for the response headers after the request is sent, positive
 * @param maxConcurrent    requests in flight at once per engine instance, {@code >= 1}; more wait their turn
 */
public record HttpEngineSettings(Duration connectTimeout, Duration firstByteTimeout, int maxConcurrent) {

    /** Option key of {@link #connectTimeout}, in ms. */
    public static final String CONNECT_TIMEOUT_MS = "connect-timeout-ms";
    /** Option key of {@link #firstByteTimeout}, in ms. */
    public static final String FIRST_BYTE_TIMEOUT_MS = "first-byte-timeout-ms";
    /** Option key of {@link #maxConcurrent}. */
    public static final String MAX_CONCURRENT = "max-concurrent";
    /** The three keys above, for an engine's set of known options. */
    public static final Set<String> OPTION_KEYS = Set.of(CONNECT_TIMEOUT_MS, FIRST_BYTE_TIMEOUT_MS, MAX_CONCURRENT);

    /** 5 s: a healthy vendor endpoint connects in well under a second; more means the network is broken. */
    public static final int DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
    /**
     * 10 s: OpenAI's first audio arrives after about 1 s (tts-engines.md section 1, "Latency"); ten times that is a
     * stalled request, not a slow one, and a caller on the phone has given up by then anyway.
     */
    public static final int DEFAULT_FIRST_BYTE_TIMEOUT_MS = 10_000;

    private static final int MAX_TIMEOUT_MS = 600_000;
    private static final int MAX_CONCURRENT_LIMIT = 1_000;

    public HttpEngineSettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(firstByteTimeout, "firstByteTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || firstByteTimeout.isNegative()
                || firstByteTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive: connect " + connectTimeout
                    + ", first byte " + firstByteTimeout);
        }
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1, was " + maxConcurrent);
        }
    }

    /**
     * The settings in {@code options} (keys {@link #OPTION_KEYS}), defaults for those absent.
     *
     * @param defaultMaxConcurrent the engine's default for {@value #MAX_CONCURRENT} (its vendor's usual cap)
     * @throws TtsException BAD_REQUEST naming the key and value of an option out of range or not a number
     */
    public static HttpEngineSettings from(EngineOptions options, int defaultMaxConcurrent) throws TtsException {
        return new HttpEngineSettings(
                Duration.ofMillis(options.integer(CONNECT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS, 1, MAX_TIMEOUT_MS)),
                Duration.ofMillis(options.integer(FIRST_BYTE_TIMEOUT_MS, DEFAULT_FIRST_BYTE_TIMEOUT_MS, 1,
                        MAX_TIMEOUT_MS)),
                options.integer(MAX_CONCURRENT, defaultMaxConcurrent, 1, MAX_CONCURRENT_LIMIT));
    }
}
