package io.github.voxbridge.tts.elevenlabs;

import io.github.voxbridge.tts.TtsException;
import java.util.Locale;
import java.util.Map;

/**
 * ElevenLabs' error codes ({@code detail.status} of an HTTP error body, {@code error} of a WebSocket error message)
 * and the {@link TtsException.Kind} each means to a caller (tts-engines.md section 2a, "detail.status"; ElevenLabs
 * help centre, https://help.elevenlabs.io/hc/en-us/articles/19572237925521).
 *
 * <p><b>{@code quota_exceeded} is {@link TtsException.Kind#RATE_LIMITED}, though ElevenLabs sends it as HTTP 401.</b>
 * The key is valid: the account has used up its character quota. AUTH would send the caller to rotate a key that is
 * fine; what the caller needs is "this engine cannot speak for now, through no fault of the request or the
 * credentials": fall back to another engine, alert whoever pays, try again after the quota resets or is topped up.
 * That is RATE_LIMITED as {@link TtsException.Kind} defines it ("quota, too many concurrent requests. Retry later").
 * A retrying decorator's attempts are bounded, and the message keeps the code {@code [quota_exceeded]} so a caller
 * can tell it from a 429.
 */
final class ErrorCodes {

    /** The code of an exhausted character quota. */
    static final String QUOTA_EXCEEDED = "quota_exceeded";

    private static final Map<String, TtsException.Kind> KINDS = Map.ofEntries(
            Map.entry(QUOTA_EXCEEDED, TtsException.Kind.RATE_LIMITED),
            Map.entry("invalid_api_key", TtsException.Kind.AUTH),
            Map.entry("missing_api_key", TtsException.Kind.AUTH),
            Map.entry("unauthorized", TtsException.Kind.AUTH),
            Map.entry("max_character_limit_exceeded", TtsException.Kind.BAD_REQUEST),
            Map.entry("voice_not_found", TtsException.Kind.BAD_REQUEST),
            Map.entry("model_not_found", TtsException.Kind.BAD_REQUEST),
            Map.entry("invalid_request", TtsException.Kind.BAD_REQUEST),
            // 429: queue and retry (concurrency cap of the plan) vs back off (overload); both "later" (section 2a).
            Map.entry("too_many_concurrent_requests", TtsException.Kind.RATE_LIMITED),
            Map.entry("system_busy", TtsException.Kind.RATE_LIMITED),
            Map.entry("rate_limit_exceeded", TtsException.Kind.RATE_LIMITED),
            // Multi-context socket cap (section 2c); the same code could reach a plain stream-input socket.
            Map.entry("max_active_conversations", TtsException.Kind.RATE_LIMITED));

    private ErrorCodes() {
    }

    /** The kind {@code code} means, or {@code fallback} for a code not in the table (or null). */
    static TtsException.Kind kindOf(String code, TtsException.Kind fallback) {
        return code == null ? fallback : KINDS.getOrDefault(code.strip().toLowerCase(Locale.ROOT), fallback);
    }

    /**
     * {@code failure} as a caller needs it: the shared transport maps statuses alone (401 is AUTH), so an AUTH failure
     * whose vendor message carries {@value #QUOTA_EXCEEDED} (appended as {@code [quota_exceeded]} by the shared
     * error-body reader) becomes RATE_LIMITED, with the same message, cause and retry delay. Any other failure is
     * returned as it is.
     */
    static TtsException remap(TtsException failure) {
        String message = failure.getMessage();
        if (failure.kind() != TtsException.Kind.AUTH || message == null || !message.contains(QUOTA_EXCEEDED)) {
            return failure;
        }
        String prefix = failure.engine() + ": ";
        String own = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
        return new TtsException(TtsException.Kind.RATE_LIMITED, failure.engine(), own, failure,
                failure.retryAfter().orElse(null));
    }
}
