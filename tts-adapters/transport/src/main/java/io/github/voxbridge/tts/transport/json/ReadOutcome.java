package io.github.voxbridge.tts.transport.json;

/**
 * What {@link JsonMessageReader#read} made of a text. Only {@link #OBJECT} gives members; for every other outcome
 * {@link JsonMessageReader#problem()} says why, at {@link JsonMessageReader#problemOffset()}.
 */
public enum ReadOutcome {
    /** Well-formed JSON whose top-level value is an object with at most the reader's member limit: members read. */
    OBJECT,
    /** Well-formed JSON, but the top-level value is not an object (an array, a string, a number, a literal). */
    NOT_AN_OBJECT,
    /** Well-formed JSON object with more top-level members than the reader records. */
    TOO_MANY_MEMBERS,
    /** Objects and arrays nested deeper than the reader's limit (the text was not read further). */
    TOO_DEEP,
    /** Not JSON by RFC 8259: empty, cut short, trailing text, bad escape, bad number, control character, etc. */
    MALFORMED
}
