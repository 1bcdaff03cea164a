package io.github.voxbridge.twilio.server.twiml;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * A TwiML document parsed back with the JDK's DOM parser, reduced to what TwiML means: element names, attributes
 * (unordered) and child elements (ordered). Text content other than white space fails the parse: TwiML from these
 * builders has none.
 */
record XmlTree(String name, Map<String, String> attributes, List<XmlTree> children) {

    static XmlTree parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Element root = factory.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))).getDocumentElement();
            return of(root);
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML: " + xml, e);
        }
    }

    private static XmlTree of(Element element) {
        Map<String, String> attributes = new TreeMap<>();
        NamedNodeMap attrs = element.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            attributes.put(attrs.item(i).getNodeName(), attrs.item(i).getNodeValue());
        }
        List<XmlTree> children = new ArrayList<>();
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e) {
                children.add(of(e));
            } else if (child.getNodeType() == Node.TEXT_NODE && !child.getNodeValue().isBlank()) {
                throw new AssertionError("unexpected text in <" + element.getTagName() + ">: " + child.getNodeValue());
            }
        }
        return new XmlTree(element.getTagName(), attributes, children);
    }

    /** The {@code <Parameter>}s of {@code Response/Connect/Stream}, name to value in document order. */
    Map<String, String> streamParameters() {
        Map<String, String> params = new LinkedHashMap<>();
        for (XmlTree parameter : stream().children) {
            params.put(parameter.attributes.get("name"), parameter.attributes.get("value"));
        }
        return params;
    }

    XmlTree stream() {
        return children.get(0).children.get(0);
    }
}
