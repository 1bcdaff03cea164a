package io.github.voxbridge.twilio.testkit;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The bidirectional stream a TwiML document asks for:
 * {@code <Response><Connect><Stream url="wss://..."><Parameter name="k" value="v"/></Stream></Connect></Response>}.
 * Read with the JDK's DOM parser, DOCTYPEs refused (no external entities).
 *
 * @param url        the {@code <Stream url>} as written: where the WebSocket goes, and what its upgrade is signed over
 * @param parameters the {@code <Parameter>} pairs in document order; they arrive in {@code start.customParameters}
 */
public record StreamTwiml(URI url, Map<String, String> parameters) {

    public StreamTwiml {
        Objects.requireNonNull(url, "url");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /**
     * Reads the first {@code <Connect><Stream>} of a TwiML document.
     *
     * @throws IllegalArgumentException if the text is not XML, the root is not {@code <Response>}, there is no
     *                                  {@code <Connect><Stream>} (a {@code <Start><Stream>} is one-way, and this
     *                                  simulator plays only bidirectional streams), the url is missing or not a URI,
     *                                  or a {@code <Parameter>} lacks its name or value
     */
    public static StreamTwiml parse(String twiml) {
        Document doc = read(twiml);
        Element root = doc.getDocumentElement();
        if (!"Response".equals(root.getTagName())) {
            throw new IllegalArgumentException("TwiML root is <" + root.getTagName() + ">, not <Response>: "
                    + excerpt(twiml));
        }
        for (Element connect : children(root, "Connect")) {
            for (Element stream : children(connect, "Stream")) {
                String url = stream.getAttribute("url");
                if (url.isEmpty()) {
                    throw new IllegalArgumentException("<Stream> without url: " + excerpt(twiml));
                }
                Map<String, String> params = new LinkedHashMap<>();
                for (Element p : children(stream, "Parameter")) {
                    if (!p.hasAttribute("name") || !p.hasAttribute("value")) {
                        throw new IllegalArgumentException("<Parameter> needs name and value: " + excerpt(twiml));
                    }
                    params.put(p.getAttribute("name"), p.getAttribute("value"));
                }
                try {
                    return new StreamTwiml(new URI(url), params);
                } catch (java.net.URISyntaxException e) {
                    throw new IllegalArgumentException("<Stream url> is not a URI: " + url, e);
                }
            }
        }
        throw new IllegalArgumentException("no <Connect><Stream> in the TwiML: " + excerpt(twiml));
    }

    private static Document read(String twiml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new DefaultHandler()); // fatal errors throw; nothing is printed to stderr
            return builder.parse(new InputSource(new StringReader(twiml)));
        } catch (SAXException | IOException e) {
            throw new IllegalArgumentException("TwiML is not well-formed XML (" + e.getMessage() + "): "
                    + excerpt(twiml), e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser refused its own feature", e);
        }
    }

    private static Iterable<Element> children(Element parent, String tag) {
        java.util.List<Element> out = new java.util.ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && tag.equals(e.getTagName())) {
                out.add(e);
            }
        }
        return out;
    }

    /** At most 200 characters of a document, for error messages. */
    static String excerpt(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "... (" + text.length() + " chars)";
    }
}
