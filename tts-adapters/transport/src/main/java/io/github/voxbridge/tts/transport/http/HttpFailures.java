package io.github.voxbridge.tts.transport.http;

import io.github.voxbridge.tts.TtsException;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * HTTP failures as {@link TtsException}s, the same way for every engine (issue 12, "Errors"):
 * <ul>
 *   <li>400, 404, 413, 422 and any other 4xx not below: {@link TtsException.Kind#BAD_REQUEST};</li>
 *   <li>401, 403: {@link TtsException.Kind#AUTH};</li>
 *   <li>429: {@link TtsException.Kind#RATE_LIMITED}, with the delay from {@code Retry-After} (seconds or an
 *       HTTP date, RFC 9110 section 10.2.3) or, failing that, {@code retry-after-ms} (OpenAI's SDK honours it);</li>
 *   <li>408, 5xx: {@link TtsException.Kind#UNAVAILABLE} (with the delay too, if the server sent one: a 503 may).</li>
 * </ul>
 * The message names the status and the vendor's own message, excerpted (never the request, which may carry a key).
 * An engine whose vendor reports a failure under another status (ElevenLabs {@code quota_exceeded} as 401, Polly
 * throttling as 400) maps that case itself before calling here.
 */
public final class HttpFailures {

    /** Characters of the vendor's message kept in ours. */
    static final int MESSAGE_CHARS = 300;

    private HttpFailures() {
    }

    /** The kind of failure an HTTP status means; {@code null} for a 1xx, 2xx or 3xx (not a failure). */
    public static TtsException.Kind kindOf(int status) {
        if (status == 401 || status == 403) {
            return TtsException.Kind.AUTH;
        }
        if (status == 429) {
            return TtsException.Kind.RATE_LIMITED;
        }
        if (status == 408 || (status >= 500 && status <= 599)) {
            return TtsException.Kind.UNAVAILABLE;
        }
        if (status >= 400 && status <= 499) {
            return TtsException.Kind.BAD_REQUEST;
        }
        return null;
    }

    /**
     * The exception for a failed response.
     *
     * @param engine        the engine's name
     * @param status        the HTTP status, 400 to 599
     * @param headers       the response's headers, for the retry delay
     * @param vendorMessage what the vendor said (already extracted from its error body), or null/blank if nothing
     * @param now           the current time, to turn an HTTP-date {@code Retry-After} into a delay
     * @throws IllegalArgumentException if {@code status} is not an error status
     */
    public static TtsException failure(String engine, int status, HttpHeaders headers, String vendorMessage,
            Instant now) {
        TtsException.Kind kind = kindOf(status);
        if (kind == null) {
            throw new IllegalArgumentException("HTTP status " + status + " is not a failure");
        }
        String message = "HTTP " + status
                + (vendorMessage == null || vendorMessage.isBlank() ? ""
                        : ": " + TtsException.excerpt(vendorMessage.strip(), MESSAGE_CHARS));
        Duration retryAfter = kind.retryable() ? retryAfter(headers, now).orElse(null) : null;
        return new TtsException(kind, engine, message, null, retryAfter);
    }

    /**
     * The delay a response asks for: {@code Retry-After} as delta-seconds or as an HTTP date (a date in the past is
     * zero), else {@code retry-after-ms}; empty if neither is there or parses.
     */
    public static Optional<Duration> retryAfter(HttpHeaders headers, Instant now) {
        Optional<String> value = headers.firstValue("retry-after");
        if (value.isPresent()) {
            String v = value.get().strip();
            if (!v.isEmpty() && v.chars().allMatch(c -> c >= '0' && c <= '9')) {
                // Seconds; a value too long for a long is still "a long time", capped at a day.
                return Optional.of(v.length() > 6 ? Duration.ofDays(1) : Duration.ofSeconds(Long.parseLong(v)));
            }
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
            } catch (DateTimeParseException e) {
                // neither form: fall through to the vendor header
            }
        }
        Optional<String> millis = headers.firstValue("retry-after-ms");
        if (millis.isPresent()) {
            try {
                double ms = Double.parseDouble(millis.get().strip());
                if (ms >= 0 && ms < 86_400_000d) {
                    return Optional.of(Duration.ofNanos((long) (ms * 1_000_000d)));
                }
            } catch (NumberFormatException e) {
                // ignored: no usable delay
            }
        }
        return Optional.empty();
    }
}
