package io.github.voxbridge.twilio.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The exact text of the ASCII JSON literals the writers put on the wire (RFC 8259 section 7): the tree-level tests
 * elsewhere cannot tell {@code " "} from {@code "\u0020"}, which parse alike; the bytes differ.
 */
class AsciiJsonStringTest {

    @Test
    void printableAsciiFromSpaceToTildeIsWrittenAsItIs() {
        StringBuilder printable = new StringBuilder();
        for (char c = 0x20; c < 0x7F; c++) {
            if (c != '"' && c != '\\') {
                printable.append(c);
            }
        }
        assertThat(AsciiJsonString.quote(printable.toString())).isEqualTo("\"" + printable + "\"");
        assertThat(AsciiJsonString.quote("my label")).isEqualTo("\"my label\"");
    }

    @Test
    void quotesBackslashesAndNamedControlCharactersGetTheirShortEscapes() {
        assertThat(AsciiJsonString.quote("\"\\\n\r\t\b\f")).isEqualTo("\"\\\"\\\\\\n\\r\\t\\b\\f\"");
    }

    @Test
    void otherControlCharactersDelAndNonAsciiAreUnicodeEscapes() {
        assertThat(AsciiJsonString.quote("\u0000\u001F")).isEqualTo("\"\\u0000\\u001f\"");
        assertThat(AsciiJsonString.quote("\u007F")).isEqualTo("\"\\u007f\"");
        assertThat(AsciiJsonString.quote("é€\uFFFF")).isEqualTo("\"\\u00e9\\u20ac\\uffff\"");
        assertThat(AsciiJsonString.quote("😀")).as("a supplementary character as its two UTF-16 escapes")
                .isEqualTo("\"\\ud83d\\ude00\"");
        assertThat(AsciiJsonString.quote("")).isEqualTo("\"\"");
    }
}
