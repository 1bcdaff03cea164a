package io.github.voxbridge.tts.transport.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The differential check shared by the property test and the fuzz target: Jackson's tree
 * ({@link ObjectMapper#readTree}, strict: {@code FAIL_ON_TRAILING_TOKENS}, duplicates allowed, last one kept) and
 * {@link Base64#getDecoder()} are the oracle; {@link JsonMessageReader} must accept exactly the texts Jackson
 * accepts and report the same top-level members and values.
 */
final class JacksonOracle {

    static final ObjectMapper MAPPER =
            JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    /** Below Jackson's own nesting limit, so that a text deeper than this is the reader's limit, not Jackson's. */
    static final int MAX_DEPTH = 100;
    static final int MAX_MEMBERS = 64;

    private JacksonOracle() {
    }

    /** Reads {@code text} with both and checks they agree; {@code reader} is reused across calls on purpose. */
    static void check(JsonMessageReader reader, String text) {
        JsonNode node;
        boolean jacksonAccepts;
        String jacksonSays = "";
        try {
            node = MAPPER.readTree(text);
            // readTree gives a MissingNode (not an error) for empty or blank text: no JSON value, so not JSON.
            jacksonAccepts = node != null && !node.isMissingNode();
        } catch (StreamConstraintsException e) {
            return; // Jackson's own limits (number of 1000+ digits, ...) are not RFC 8259: nothing to compare
        } catch (JacksonException e) {
            node = null;
            jacksonAccepts = false;
            jacksonSays = " (" + e.getOriginalMessage() + ")";
        }
        ReadOutcome outcome = reader.read(text);
        if (outcome == ReadOutcome.TOO_DEEP) {
            assertThat(reader.problemOffset()).isPositive();
            return; // the reader's limit; Jackson's is higher, and what follows was not read
        }
        assertThat(outcome != ReadOutcome.MALFORMED)
                .as("reader %s (%s at %d), Jackson %s%s, for %s", outcome, reader.problem(), reader.problemOffset(),
                        jacksonAccepts ? "accepts" : "rejects", jacksonSays, quote(text))
                .isEqualTo(jacksonAccepts);
        if (!jacksonAccepts) {
            assertThat(reader.problem()).isNotNull();
            assertThat(reader.problemOffset()).isBetween(0, text.length());
            assertThat(reader.memberCount()).isZero();
            return;
        }
        if (!node.isObject()) {
            assertThat(outcome).as(quote(text)).isEqualTo(ReadOutcome.NOT_AN_OBJECT);
            return;
        }
        if (outcome == ReadOutcome.TOO_MANY_MEMBERS) {
            assertThat(node.size()).as(quote(text)).isLessThanOrEqualTo(countMembers(text));
            return;
        }
        assertThat(outcome).as(quote(text)).isEqualTo(ReadOutcome.OBJECT);
        Set<String> names = new LinkedHashSet<>();
        for (int m = 0; m < reader.memberCount(); m++) {
            names.add(reader.name(m));
        }
        Set<String> jacksonNames = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(jacksonNames::add);
        assertThat(names).as("names of %s", quote(text)).containsExactlyElementsOf(jacksonNames);
        for (String name : names) {
            int m = reader.indexOf(name);
            for (int later = m + 1; later < reader.memberCount(); later++) {
                assertThat(reader.name(later)).as("indexOf gives the last %s", name).isNotEqualTo(name);
            }
            checkValue(reader, m, node.get(name), text);
        }
        assertThat(reader.indexOf("\u0000no such name")).isEqualTo(-1);
    }

    private static void checkValue(JsonMessageReader reader, int m, JsonNode value, String text) {
        String what = "member " + quote(reader.name(m)) + " of " + quote(text);
        JsonValueKind kind = reader.kind(m);
        assertThat(reader.isTrue(m)).as(what).isEqualTo(value.isBoolean() && value.booleanValue());
        assertThat(reader.isNull(m)).as(what).isEqualTo(value.isNull());
        switch (kind) {
            case STRING -> {
                assertThat(value.isTextual()).as(what).isTrue();
                assertThat(reader.stringValue(m)).as(what).isEqualTo(value.textValue());
                assertThat(reader.stringEquals(m, value.textValue())).as(what).isTrue();
                assertThat(reader.stringEquals(m, value.textValue() + "x")).as(what).isFalse();
                checkBase64(reader, m, value.textValue(), what);
            }
            case NUMBER -> {
                assertThat(value.isNumber()).as(what).isTrue();
                String raw = reader.rawValue(m);
                if (value.isIntegralNumber()) {
                    assertThat(new BigInteger(raw)).as(what).isEqualTo(value.bigIntegerValue());
                } else {
                    assertThat(Double.parseDouble(raw)).as(what).isEqualTo(value.doubleValue());
                }
                assertThat(reader.stringEquals(m, raw)).as("a number is not a string").isFalse();
            }
            case TRUE, FALSE -> assertThat(value.isBoolean() && value.booleanValue() == (kind == JsonValueKind.TRUE))
                    .as(what).isTrue();
            case NULL -> assertThat(value.isNull()).as(what).isTrue();
            case OBJECT, ARRAY -> {
                assertThat(kind == JsonValueKind.OBJECT ? value.isObject() : value.isArray()).as(what).isTrue();
                assertThat(readTree(reader.rawValue(m))).as("the value's span, " + what).isEqualTo(value);
            }
            default -> throw new AssertionError(kind);
        }
    }

    /** The reader's base64 decoding of a string value against the JDK's decoding of Jackson's string. */
    static void checkBase64(JsonMessageReader reader, int m, String value, String what) {
        byte[] expected;
        try {
            expected = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            expected = null;
        }
        int length = reader.decodedBase64Length(m);
        byte[] out = new byte[length + 3];
        Arrays.fill(out, (byte) 0x5A);
        if (expected == null) {
            assertThatThrownBy(() -> reader.decodeBase64(m, out, 2)).as("base64 of " + what)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base64");
            return;
        }
        assertThat(length).as("decoded length, " + what).isEqualTo(expected.length);
        assertThat(reader.decodeBase64(m, out, 2)).as(what).isEqualTo(expected.length);
        assertThat(Arrays.copyOfRange(out, 2, 2 + expected.length)).as(what).isEqualTo(expected);
        assertThat(out[0]).isEqualTo((byte) 0x5A);
        assertThat(out[1]).isEqualTo((byte) 0x5A);
        assertThat(out[2 + expected.length]).as("nothing written after the bytes").isEqualTo((byte) 0x5A);
    }

    private static JsonNode readTree(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new AssertionError("Jackson rejects the value's span " + quote(text), e);
        }
    }

    /** Top-level members of a well-formed object, counted with Jackson's streaming parser. */
    private static int countMembers(String text) {
        try (var parser = MAPPER.createParser(text)) {
            parser.nextToken();
            int count = 0;
            while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                count++;
                parser.nextToken();
                parser.skipChildren();
            }
            return count;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The text as a Java string literal, every non-printable-ASCII char escaped, cut at 400 chars. */
    static String quote(String text) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < text.length() && i < 400; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
                b.append(c);
            } else {
                b.append(String.format("\\u%04X", (int) c));
            }
        }
        return b.append(text.length() > 400 ? "\"... (" + text.length() + " chars)" : "\"").toString();
    }
}
