package io.github.voxbridge.tts.transport.json;

/** What a JSON value is (RFC 8259 section 3), as {@link JsonMessageReader#kind} reports it for a member's value. */
public enum JsonValueKind {
    /** A string, {@code "..."}. */
    STRING,
    /** A number, e.g. {@code -0}, {@code 12.5}, {@code 1e5}. */
    NUMBER,
    /** The literal {@code true}. */
    TRUE,
    /** The literal {@code false}. */
    FALSE,
    /** The literal {@code null}. */
    NULL,
    /** An object, {@code {...}} (validated, not recorded member by member). */
    OBJECT,
    /** An array, {@code [...]} (validated, not recorded element by element). */
    ARRAY
}
