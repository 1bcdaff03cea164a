package io.github.voxbridge.tts.transport.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link JsonMessageReader} on the vendors' messages (tts-engines.md 2b, 4a) and on the grammar's edges. */
class JsonMessageReaderTest {

    private static final byte[] FRAME = new byte[160];

    static {
        for (int i = 0; i < FRAME.length; i++) {
            FRAME[i] = (byte) (i * 37 + 11);
        }
    }

    private static final String AUDIO = Base64.getEncoder().encodeToString(FRAME);

    private final JsonMessageReader reader = new JsonMessageReader();

    @Test
    void elevenLabsAudioThenFinal() {
        String audio = "{\"audio\":\"" + AUDIO + "\",\"isFinal\":null,\"normalizedAlignment\":{\"charStartTimesMs\":"
                + "[0,3,7],\"charDurationsMs\":[3,4,5],\"chars\":[\"H\",\"i\",\" \"]},\"alignment\":{"
                + "\"charStartTimesMs\":[0,3,7],\"charDurationsMs\":[3,4,5],\"chars\":[\"H\",\"i\",\" \"]}}";
        assertThat(reader.read(audio)).isEqualTo(ReadOutcome.OBJECT);
        assertThat(reader.memberCount()).isEqualTo(4);
        int member = reader.indexOf("audio");
        assertThat(reader.kind(member)).isEqualTo(JsonValueKind.STRING);
        byte[] out = new byte[200];
        assertThat(reader.decodedBase64Length(member)).isEqualTo(160);
        assertThat(reader.decodeBase64(member, out, 0)).isEqualTo(160);
        assertThat(Arrays.copyOf(out, 160)).isEqualTo(FRAME);
        assertThat(reader.isNull(reader.indexOf("isFinal"))).isTrue();
        assertThat(reader.isTrue(reader.indexOf("isFinal"))).isFalse();
        assertThat(reader.kind(reader.indexOf("alignment"))).isEqualTo(JsonValueKind.OBJECT);
        assertThat(reader.rawValue(reader.indexOf("normalizedAlignment"))).startsWith("{\"charStartTimesMs\"")
                .endsWith("]}");

        assertThat(reader.read("{\"isFinal\":true}")).isEqualTo(ReadOutcome.OBJECT);
        assertThat(reader.isTrue(reader.indexOf("isFinal"))).isTrue();
        assertThat(reader.indexOf("audio")).as("nothing left from the previous message").isEqualTo(-1);
        assertThat(reader.isNull(reader.indexOf("audio"))).isFalse();
    }

    @Test
    void cartesiaChunkThenDone() {
        StringBuilder chunk = new StringBuilder("{\"type\":\"chunk\",\"data\":\"").append(AUDIO)
                .append("\",\"done\":false,\"status_code\":206,\"step_time\":12.3,\"context_id\":\"c1\"}");
        assertThat(reader.read(chunk)).isEqualTo(ReadOutcome.OBJECT);
        assertThat(reader.stringEquals(reader.indexOf("type"), "chunk")).isTrue();
        assertThat(reader.stringEquals(reader.indexOf("type"), "chun")).isFalse();
        assertThat(reader.stringEquals(reader.indexOf("type"), "chunks")).isFalse();
        assertThat(reader.stringEquals(reader.indexOf("status_code"), "206")).as("a number").isFalse();
        assertThat(reader.kind(reader.indexOf("done"))).isEqualTo(JsonValueKind.FALSE);
        assertThat(reader.rawValue(reader.indexOf("step_time"))).isEqualTo("12.3");
        byte[] out = new byte[160];
        assertThat(reader.decodeBase64(reader.indexOf("data"), out, 0)).isEqualTo(160);
        assertThat(out).isEqualTo(FRAME);

        assertThat(reader.read("{\"type\":\"done\",\"done\":true,\"context_id\":\"c1\",\"status_code\":206}"))
                .isEqualTo(ReadOutcome.OBJECT);
        assertThat(reader.stringEquals(reader.indexOf("type"), "done")).isTrue();
        assertThat(reader.isTrue(reader.indexOf("done"))).isTrue();
        assertThat(reader.stringValue(reader.indexOf("context_id"))).isEqualTo("c1");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", " ", "\n\t\r ", "{", "{\"a\":1", "{\"a\":1}}", "{\"a\":1} x", "{\"a\":1}{}",
        "{\"a\":01}", "{\"a\":-01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":+1}", "{\"a\":-}", "{\"a\":1e}",
        "{\"a\":1e+}", "{\"a\":0x1}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":tru}", "{\"a\":True}",
        "{\"a\":\"\u0000\"}", "{\"a\":\"\n\"}", "{\"a\":\"\u001F\"}", "{\"a\":\"\\a\"}", "{\"a\":\"\\u00G0\"}",
        "{\"a\":\"\\u004\"}", "{\"a\":\"x}", "{\"a\" 1}", "{a:1}", "{'a':1}", "{\"a\":1,}", "{,\"a\":1}",
        "{\"a\":[1,]}", "{\"a\":[,]}", "{\"a\":{\"b\"}}", "{\"a\":1 \"b\":2}", "\uFEFF{}", "{}\u0000",
        "{\"\\uDE00\":1}", "{\"\\uD83D\":1}", "{\"\\uD83Dx\":1}", "{\"\\uD83D\\u0041\":1}", "{\"a\":1}/**/"})
    void malformedTextsAreMalformed(String text) {
        assertThat(reader.read("{\"left\":\"over\"}")).isEqualTo(ReadOutcome.OBJECT);
        assertThat(reader.read(text)).isEqualTo(ReadOutcome.MALFORMED);
        assertThat(reader.problem()).isNotBlank();
        assertThat(reader.problemOffset()).isBetween(0, text.length());
        assertThat(reader.memberCount()).isZero();
        assertThat(reader.indexOf("left")).isEqualTo(-1);
    }

    @Test
    void problemsSayWhereTheyAre() {
        assertThat(reader.read("{\"a\":01}")).isEqualTo(ReadOutcome.MALFORMED);
        assertThat(reader.problem()).startsWith("bad number");
        assertThat(reader.problemOffset()).isEqualTo(5);
        assertThat(reader.read("{\"a\":1}  x")).isEqualTo(ReadOutcome.MALFORMED);
        assertThat(reader.problem()).isEqualTo("text after the JSON value");
        assertThat(reader.problemOffset()).isEqualTo(9);
        assertThat(reader.read("")).isEqualTo(ReadOutcome.MALFORMED);
        assertThat(reader.problem()).isEqualTo("expected a value");
        assertThat(reader.problemOffset()).isZero();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"-0", "0", "-0.0", "1e5", "1E5", "1e+5", "1E-05", "0.5", "123456789012345678901234567890",
        "1.7976931348623157e999", "-1.5e-3"})
    void numbersOfTheGrammarAreRead(String number) {
        assertThat(reader.read(" {\"n\" : " + number + " } ")).isEqualTo(ReadOutcome.OBJECT);
        int member = reader.indexOf("n");
        assertThat(reader.kind(member)).isEqualTo(JsonValueKind.NUMBER);
        assertThat(reader.rawValue(member)).isEqualTo(number);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"[]", "[1,{\"a\":2}]", "\"x\"", "1", "-0", "true", "null", " 2 "})
    void otherValuesAreWellFormedButNotObjects(String text) {
        assertThat(reader.read(text)).isEqualTo(ReadOutcome.NOT_AN_OBJECT);
        assertThat(reader.memberCount()).isZero();
    }

    @Test
    void namesAreComparedUnescaped() {
        assertThat(reader.read("{\"\\u0061udio\":\"QUJD\",\"\\uD83D\\uDE00\":1,\"tab\\t\":2,\"q\\\"\\/\":3,"
                + "\"\uD83D\uDE01\":4}")).isEqualTo(ReadOutcome.OBJECT);
        assertThat(reader.indexOf("audio")).isZero();
        assertThat(reader.indexOf("\uD83D\uDE00")).isEqualTo(1);
        assertThat(reader.indexOf("\uD83D")).isEqualTo(-1);
        assertThat(reader.indexOf("tab\t")).isEqualTo(2);
        assertThat(reader.indexOf("tab")).isEqualTo(-1);
        assertThat(reader.indexOf("q\"/")).isEqualTo(3);
        assertThat(reader.indexOf("\uD83D\uDE01")).isEqualTo(4);
        assertThat(reader.name(0)).isEqualTo("audio");
        assertThat(reader.nameStart(0)).isEqualTo(2);
        assertThat(reader.nameEnd(0)).isEqualTo(12);
    }

    @Test
    void stringValuesAreComparedUnescaped() {
        assertThat(reader.read("{\"type\":\"\\u0063hunk\",\"s\":\"a\\\\b\\n\\uD83D\\uDE00\",\"e\":\"\"}"))
                .isEqualTo(ReadOutcome.OBJECT);
        assertThat(reader.stringEquals(reader.indexOf("type"), "chunk")).isTrue();
        assertThat(reader.stringEquals(reader.indexOf("type"), "chunk ")).isFalse();
        assertThat(reader.stringEquals(reader.indexOf("s"), "a\\b\n\uD83D\uDE00")).isTrue();
        assertThat(reader.stringValue(reader.indexOf("s"))).isEqualTo("a\\b\n\uD83D\uDE00");
        assertThat(reader.stringEquals(reader.indexOf("e"), "")).isTrue();
        assertThat(reader.valueStart(reader.indexOf("e"))).isEqualTo(reader.valueEnd(reader.indexOf("e")));
    }

    @Test
    void duplicateNamesAreKeptAndTheLastIsFound() {
        assertThat(reader.read("{\"type\":\"chunk\",\"x\":1,\"type\":\"done\"}")).isEqualTo(ReadOutcome.OBJECT);
        assertThat(reader.memberCount()).isEqualTo(3);
        assertThat(reader.indexOf("type")).isEqualTo(2);
        assertThat(reader.stringEquals(reader.indexOf("type"), "done")).isTrue();
    }

    @Test
    void nestingDeeperThanTheLimitIsTooDeep() {
        JsonMessageReader shallow = new JsonMessageReader(4, 3);
        assertThat(shallow.read("{\"a\":[{\"b\":1}]}")).isEqualTo(ReadOutcome.OBJECT);
        assertThat(shallow.read("{\"a\":[{\"b\":[]}]}")).isEqualTo(ReadOutcome.TOO_DEEP);
        assertThat(shallow.problemOffset()).isEqualTo(11);
        assertThat(shallow.read("[[[]]]")).isEqualTo(ReadOutcome.NOT_AN_OBJECT);
        assertThat(shallow.read("[[[[]]]]")).isEqualTo(ReadOutcome.TOO_DEEP);
        String deep = "{\"a\":" + "[".repeat(JsonMessageReader.DEFAULT_MAX_DEPTH - 1)
                + "]".repeat(JsonMessageReader.DEFAULT_MAX_DEPTH - 1) + "}";
        assertThat(reader.read(deep)).isEqualTo(ReadOutcome.OBJECT);
        assertThat(reader.read(deep.replace("[]", "[[]]"))).isEqualTo(ReadOutcome.TOO_DEEP);
        assertThat(reader.read("[".repeat(1_000_000))).as("no stack overflow").isEqualTo(ReadOutcome.TOO_DEEP);
    }

    @Test
    void membersOverTheLimitAreReportedAfterTheWholeTextIsChecked() {
        JsonMessageReader two = new JsonMessageReader(2, 8);
        assertThat(two.read("{\"a\":1,\"b\":2}")).isEqualTo(ReadOutcome.OBJECT);
        assertThat(two.read("{\"a\":1,\"b\":2,\"c\":3}")).isEqualTo(ReadOutcome.TOO_MANY_MEMBERS);
        assertThat(two.problem()).contains("limit of 2");
        assertThat(two.memberCount()).isZero();
        assertThat(two.read("{\"a\":1,\"b\":2,\"c\":3,}")).isEqualTo(ReadOutcome.MALFORMED);
        assertThatThrownBy(() -> new JsonMessageReader(0, 8)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void base64WithEscapesIsDecodedAfterUnescaping() {
        byte[] bytes = {(byte) 0xFF, (byte) 0xEF, (byte) 0xFF, 1};
        String plain = Base64.getEncoder().encodeToString(bytes); // "/+//AQ=="
        String escaped = plain.replace("/", "\\/").replace("A", "\\u0041");
        assertThat(reader.read("{\"audio\":\"" + escaped + "\",\"bad\":\"QUJD\\n\",\"n\":1}"))
                .isEqualTo(ReadOutcome.OBJECT);
        byte[] out = new byte[4];
        assertThat(reader.decodedBase64Length(reader.indexOf("audio"))).isEqualTo(4);
        assertThat(reader.decodeBase64(reader.indexOf("audio"), out, 0)).isEqualTo(4);
        assertThat(out).isEqualTo(bytes);
        assertThatThrownBy(() -> reader.decodeBase64(reader.indexOf("bad"), new byte[8], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad base64 character (U+000A)");
        assertThatThrownBy(() -> reader.decodeBase64(reader.indexOf("n"), new byte[8], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("member \"n\" is NUMBER, not a string");
        assertThatThrownBy(() -> reader.decodeBase64(reader.indexOf("audio"), new byte[3], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("room for 3");
        assertThatThrownBy(() -> reader.kind(3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    /**
     * Long strings take the String.indexOf and eight-bytes-at-a-time path: chars above U+00FF whose low byte is a
     * quote (U+0122), a backslash (U+015C) or a control character (U+0110) must read as the plain chars they are,
     * and a real control character, escape or end must be found at its exact place, for a String as for another
     * CharSequence (which takes the char-by-char path), at every position of a long string.
     */
    @Test
    void longStringsAreScannedExactlyWhateverTheirChars() {
        String plain = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".repeat(2);
        for (int at = 0; at < plain.length(); at++) {
            for (String inserted : new String[] {"\u0122", "\u015C", "\u0110", "\u0100", "\u2028", "\uFF02"}) {
                String value = plain.substring(0, at) + inserted + plain.substring(at);
                String text = "{\"a\":1,\"v\":\"" + value + "\",\"b\":true}";
                for (CharSequence message : new CharSequence[] {text, new StringBuilder(text)}) {
                    assertThat(reader.read(message)).as("%s at %d", inserted, at).isEqualTo(ReadOutcome.OBJECT);
                    assertThat(reader.stringValue(reader.indexOf("v"))).isEqualTo(value);
                    assertThat(reader.isTrue(reader.indexOf("b"))).isTrue();
                }
            }
            String prefix = "{\"v\":\"" + plain.substring(0, at);
            for (char control : new char[] {'\u0000', '\n', '\u001F'}) {
                String text = prefix + control + plain.substring(at) + "\"}";
                for (CharSequence message : new CharSequence[] {text, new StringBuilder(text)}) {
                    assertThat(reader.read(message)).as("U+%04X at %d", (int) control, at)
                            .isEqualTo(ReadOutcome.MALFORMED);
                    assertThat(reader.problem()).isEqualTo(JsonSyntax.CONTROL_CHARACTER);
                    assertThat(reader.problemOffset()).isEqualTo(prefix.length());
                }
            }
            String escaped = prefix + "\\n\\\"\\u0041" + plain.substring(at) + "\"}";
            assertThat(reader.read(escaped)).as("escapes at %d", at).isEqualTo(ReadOutcome.OBJECT);
            assertThat(reader.stringValue(0)).isEqualTo(plain.substring(0, at) + "\n\"A" + plain.substring(at));
            String unclosed = prefix + plain.substring(at);
            assertThat(reader.read(unclosed)).isEqualTo(ReadOutcome.MALFORMED);
            assertThat(reader.problem()).isEqualTo(JsonSyntax.STRING_NOT_CLOSED);
        }
    }

    @Test
    void aMessageLongerThanAnyBeforeIsReadWhole() {
        byte[] second = new byte[48_000]; // 1 s of 24 kHz 16-bit audio, 64,000 base64 chars
        Arrays.fill(second, (byte) 7);
        String text = "{\"audio\":\"" + Base64.getEncoder().encodeToString(second) + "\",\"isFinal\":false}";
        assertThat(reader.read(text)).isEqualTo(ReadOutcome.OBJECT);
        byte[] out = new byte[48_000];
        assertThat(reader.decodeBase64(reader.indexOf("audio"), out, 0)).isEqualTo(48_000);
        assertThat(out).isEqualTo(second);
        assertThat(reader.read(new StringBuilder("{\"isFinal\":true}"))).isEqualTo(ReadOutcome.OBJECT);
        assertThat(reader.isTrue(reader.indexOf("isFinal"))).isTrue();
        assertThat(reader.read(java.nio.CharBuffer.wrap("{\"x\":[]}"))).isEqualTo(ReadOutcome.OBJECT);
        assertThat(reader.kind(reader.indexOf("x"))).isEqualTo(JsonValueKind.ARRAY);
    }
}
