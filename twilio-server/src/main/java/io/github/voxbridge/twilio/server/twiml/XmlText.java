package io.github.voxbridge.twilio.server.twiml;

/**
 * Checks that a string can be an attribute value in an XML 1.0 document and read back unchanged.
 *
 * <p>XML 1.0 (section 2.2, production [2] Char) allows only {@code #x9 | #xA | #xD | [#x20-#xD7FF] |
 * [#xE000-#xFFFD] | [#x10000-#x10FFFF]}: other control characters, unpaired surrogates and U+FFFE/U+FFFF cannot be
 * written at all (an {@code XMLStreamWriter} would write them raw, and the document would not parse). Tab, line feed
 * and carriage return are legal, but a parser replaces each by a space in an attribute value (section 3.3.3,
 * attribute-value normalisation) unless written as a character reference, which {@code XMLStreamWriter} cannot do in
 * an attribute: they are refused too, so that what Twilio reads is always what was given.
 */
final class XmlText {

    private XmlText() {}

    /**
     * @param what what the value is, for the message ({@code "<Parameter> value"})
     * @throws IllegalArgumentException naming the first offending character (as U+XXXX) and its index
     */
    static void requireAttributeValue(String what, String value) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            if (Character.isSurrogate(value.charAt(i)) && Character.charCount(c) == 1) {
                throw new IllegalArgumentException(what + " has an unpaired surrogate " + hex(c) + " at index " + i
                        + ", which cannot be written in XML: " + quoted(value));
            }
            if (c == '\t' || c == '\n' || c == '\r') {
                throw new IllegalArgumentException(what + " has a " + (c == '\t' ? "tab" : "line break") + " ("
                        + hex(c) + ") at index " + i + ", which an XML attribute cannot carry (parsers turn it into a"
                        + " space): " + quoted(value));
            }
            if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) {
                throw new IllegalArgumentException(what + " has the character " + hex(c) + " at index " + i
                        + ", which XML 1.0 cannot carry: " + quoted(value));
            }
            i += Character.charCount(c);
        }
    }

    private static String hex(int c) {
        return String.format("U+%04X", c);
    }

    /** The value for a message, unwritable characters shown as {@code <U+XXXX>}, cut after 80 characters. */
    static String quoted(String value) {
        StringBuilder out = new StringBuilder("\"");
        int i = 0;
        while (i < value.length() && i < 80) {
            int c = value.codePointAt(i);
            boolean lone = Character.isSurrogate(value.charAt(i)) && Character.charCount(c) == 1;
            if (c < 0x20 || lone || c == 0xFFFE || c == 0xFFFF) {
                out.append('<').append(hex(c)).append('>');
            } else {
                out.appendCodePoint(c);
            }
            i += Character.charCount(c);
        }
        out.append('"');
        if (i < value.length()) {
            out.append("... (").append(value.length()).append(" characters)");
        }
        return out.toString();
    }
}
