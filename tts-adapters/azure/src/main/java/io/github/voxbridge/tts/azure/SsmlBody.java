package io.github.voxbridge.tts.azure;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The SSML document Azure's REST endpoint takes as its body (tts-engines.md section 6, "Minimal body"; SSML 1.0,
 * https://www.w3.org/TR/speech-synthesis/):
 * <pre>
 *   &lt;speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="en-US"&gt;
 *     &lt;voice name="en-US-JennyNeural"&gt;text&lt;/voice&gt;
 *   &lt;/speak&gt;
 * </pre>
 * Written by the JDK's {@link XMLStreamWriter}, never by string concatenation: the text is character data, so
 * {@code <}, {@code &} and a text that itself looks like SSML are spoken as written, not interpreted. Characters XML
 * 1.0 cannot carry at all (controls other than tab, line feed and carriage return; unpaired surrogates; U+FFFE and
 * U+FFFF, XML 1.0 section 2.2 "Char") are replaced by a space: the writer would emit them as they are and Azure would
 * refuse the document as malformed.
 */
final class SsmlBody {

    /** The SSML namespace (SSML 1.0 section 2.1). */
    static final String SSML_NAMESPACE = "http://www.w3.org/2001/10/synthesis";

    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

    private SsmlBody() {
    }

    /**
     * The document speaking {@code text} with {@code voice}, UTF-8 encoded.
     *
     * @param voice    the voice's name, e.g. {@code en-US-JennyNeural}
     * @param language the document's {@code xml:lang}, e.g. {@code en-US}
     * @param text     the text to speak, any characters
     */
    static byte[] write(String voice, String language, String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + text.length() * 2);
        try {
            XMLStreamWriter xml = FACTORY.createXMLStreamWriter(out, "UTF-8");
            xml.writeStartElement("speak");
            xml.writeDefaultNamespace(SSML_NAMESPACE);
            xml.writeAttribute("version", "1.0");
            xml.writeAttribute(XMLConstants.XML_NS_PREFIX, XMLConstants.XML_NS_URI, "lang", language);
            xml.writeStartElement("voice");
            xml.writeAttribute("name", voice);
            xml.writeCharacters(xmlChars(text));
            xml.writeEndElement();
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            // An in-memory writer over legal characters has nothing that can fail.
            throw new IllegalStateException("cannot write SSML", e);
        }
        return out.toByteArray();
    }

    /** {@code text} with every character XML 1.0 cannot carry replaced by a space. */
    static String xmlChars(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean legal;
            if (Character.isHighSurrogate(c)) {
                legal = i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
                if (legal) {
                    if (out != null) {
                        out.append(c).append(text.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else {
                legal = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF)
                        || (c >= 0xE000 && c <= 0xFFFD);
            }
            if (!legal && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(legal ? c : ' ');
            }
        }
        return out == null ? text : out.toString();
    }
}
