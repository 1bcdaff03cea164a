package io.github.voxbridge.tts;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A synthesis that failed or was cancelled, with the {@link Kind} of failure and the name of the engine that
 * reported it. The message names the engine and the offending value, e.g.
 * {@code "prerecorded: no recording for text 'Good morning' (known: goodbye, hello)"}.
 */
public final class TtsException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong, as far as a caller deciding what to do next needs to know. */
    public enum Kind {
        /** The request cannot succeed as made: unknown text or voice, bad option, text too long. Do not retry. */
        BAD_REQUEST(false),
        /** The engine refused the credentials (missing, wrong or expired key). Do not retry unchanged. */
        AUTH(false),
        /** The engine asked the caller to slow down (quota, too many concurrent requests). Retry later. */
        RATE_LIMITED(true),
        /** The engine cannot be reached or could not start (network, service down, resources missing). Retry later. */
        UNAVAILABLE(true),
        /** The engine answered something this adapter cannot use: malformed reply, unsupported audio format. */
        PROTOCOL(false),
        /** The engine failed while synthesizing (a fault inside it, not caused by the request). */
        INTERNAL(false),
        /** The caller cancelled the synthesis through its {@link CancellationToken}. */
        CANCELLED(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        /** Whether the same request may succeed later: {@link #RATE_LIMITED} and {@link #UNAVAILABLE}. */
        public boolean retryable() {
            return retryable;
        }
    }

    private final Kind kind;
    private final String engine;
    private final Duration retryAfter;

    /**
     * @param kind    what went wrong
     * @param engine  the name of the engine, as in {@link TtsEngine#name()}
     * @param message what happened, with the offending value; the engine name is prefixed to it
     */
    public TtsException(Kind kind, String engine, String message) {
        this(kind, engine, message, null);
    }

    /** As {@link #TtsException(Kind, String, String)}, with the underlying cause. */
    public TtsException(Kind kind, String engine, String message, Throwable cause) {
        this(kind, engine, message, cause, null);
    }

    /**
     * As {@link #TtsException(Kind, String, String, Throwable)}, with the delay the engine asked for before a retry
     * (HTTP {@code Retry-After} or the vendor's own header), usually with {@link Kind#RATE_LIMITED}.
     *
     * @param retryAfter the delay asked for, not negative; {@code null} when the engine named none
     * @throws IllegalArgumentException if {@code retryAfter} is negative
     */
    public TtsException(Kind kind, String engine, String message, Throwable cause, Duration retryAfter) {
        super(engine + ": " + message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.engine = Objects.requireNonNull(engine, "engine");
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter is negative: " + retryAfter);
        }
        this.retryAfter = retryAfter;
    }

    /** The cancellation of a synthesis by {@code engine}. */
    public static TtsException cancelled(String engine) {
        return new TtsException(Kind.CANCELLED, engine, "synthesis cancelled");
    }

    /** What went wrong. */
    public Kind kind() {
        return kind;
    }

    /** The name of the engine that reported the failure. */
    public String engine() {
        return engine;
    }

    /**
     * How long the engine asked the caller to wait before trying again (e.g. HTTP {@code Retry-After: 20} on a 429
     * is 20 s), if it said; empty otherwise, also for kinds that are not {@linkplain Kind#retryable() retryable}.
     */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * {@code text} quoted for a message: at most {@code max} characters, with an ellipsis and the full length when
     * cut, e.g. {@code 'The quick brown…' (43 chars)}; control characters escaped as {@code \}{@code uXXXX}.
     */
    public static String excerpt(String text, int max) {
        if (text == null) {
            return "null";
        }
        int end = Math.min(text.length(), max);
        StringBuilder s = new StringBuilder(end + 24).append('\'');
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                s.append(String.format("\\u%04X", (int) c));
            } else {
                s.append(c);
            }
        }
        s.append('\'');
        if (end < text.length()) {
            s.insert(s.length() - 1, '…').append(" (").append(text.length()).append(" chars)");
        }
        return s.toString();
    }
}
