package io.github.voxbridge.twilio.server.twiml;

import java.io.StringWriter;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes one TwiML document with an {@link XMLStreamWriter}, which escapes {@code &}, {@code <}, {@code >} and
 * {@code "} itself. Values reach it only after {@link XmlText} has checked them, so the writer never sees a character
 * it would pass through unescaped into an unparsable document.
 */
final class TwimlWriter {

    /** The body of one document, written between the XML declaration and the end. */
    @FunctionalInterface
    interface Body {
        void write(XMLStreamWriter xml) throws XMLStreamException;
    }

    private TwimlWriter() {}

    /** {@code <?xml version="1.0" encoding="UTF-8"?><Response>...</Response>}, as one line. */
    static String response(Body body) {
        StringWriter out = new StringWriter(256);
        try {
            // A factory per document (one per call, not per frame): the StAX API promises nothing about sharing one
            // between threads. newDefaultFactory: the JDK's own writer, whatever else is on the class path.
            XMLStreamWriter xml = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("Response");
            body.write(xml);
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            // Writing to a StringWriter does no I/O, and every value has been checked: a failure here is a bug.
            throw new IllegalStateException("could not write TwiML: " + e.getMessage(), e);
        }
        return out.toString();
    }
}
