package io.github.voxbridge.tts.transport.http;

import io.github.voxbridge.tts.TtsException;
import java.util.Objects;

/**
 * A vendor's API key, kept out of every message: its {@link #toString()} never shows it, and {@link #redact}
 * removes it from text a vendor sent back (some echo the key they refused). Only {@link #value()} gives it out, for
 * the request header that needs it.
 */
public final class ApiKey {

    /** What {@link #redact} puts where the key was. */
    public static final String REDACTED = "[redacted]";

    private final String value;

    private ApiKey(String value) {
        this.value = value;
    }

    /**
     * The key {@code value}, stripped of surrounding whitespace (a key pasted with a newline would break the header).
     *
     * @throws IllegalArgumentException if {@code value} is null or blank (the message does not repeat it)
     */
    public static ApiKey of(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("API key is blank");
        }
        return new ApiKey(value.strip());
    }

    /**
     * The key an engine was given ({@code -E api-key} or its environment variable), checked the same way for every
     * engine: none or blank is {@link TtsException.Kind#AUTH} naming the variable to set; a key with characters other
     * than visible ASCII is AUTH too, without showing it, so that no HTTP client ever sees (and reports) a key it
     * cannot put in a header.
     *
     * @param engine      the engine's name, for messages
     * @param value       the key given, or null
     * @param environment the environment variable the key usually comes from, e.g. {@code OPENAI_API_KEY}
     * @param note        appended to the message for a missing key (e.g. what else is not supported), or empty
     */
    public static ApiKey require(String engine, String value, String environment, String note) throws TtsException {
        if (value == null || value.isBlank()) {
            throw new TtsException(TtsException.Kind.AUTH, engine, "no API key: set " + environment
                    + " or pass -E api-key=..." + note);
        }
        ApiKey key = of(value);
        if (!key.value().chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw new TtsException(TtsException.Kind.AUTH, engine,
                    "the API key holds characters other than visible ASCII (not shown); check " + environment
                            + " or -E api-key");
        }
        return key;
    }

    /** The key itself, for the request header; never put it in a message. */
    public String value() {
        return value;
    }

    /** {@code text} with every occurrence of the key replaced by {@value #REDACTED}; null stays null. */
    public String redact(String text) {
        return text == null ? null : text.replace(value, REDACTED);
    }

    /** {@code "ApiKey[redacted]"}: never the key. */
    @Override
    public String toString() {
        return "ApiKey" + REDACTED;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiKey k && k.value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }
}
