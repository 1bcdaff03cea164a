package io.github.voxbridge.twilio.server.twiml;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * The TwiML that connects a call to a bidirectional Media Stream, written as one line after the XML declaration:
 * {@code <Response><Connect><Stream url="wss://example.org/twilio/media" statusCallback="https://...">}, one
 * {@code <Parameter name="greeting" value="Hello"/>} per parameter, then {@code </Stream></Connect></Response>}
 * (StreamTwimlTest holds the exact text). Twilio opens the WebSocket at {@code url} and sends the {@code <Parameter>}s in the
 * {@code start} message's {@code customParameters}; TwiML after {@code <Connect>} runs only when the server closes
 * the WebSocket, and {@code <Connect>} allows only the inbound track, so no {@code track} attribute is written.
 *
 * <p>Invariants, checked when built (Twilio's {@code <Stream>} page unless said otherwise): the stream URL is
 * {@code wss://} (or {@code ws://} for local tests, which Twilio refuses) with a host and no query string or fragment
 * (Twilio drops a query: data goes into parameters); parameter names are non-empty and distinct (they become the keys
 * of a JSON object); a parameter's name and value together have at most {@value #MAX_PARAMETER_CHARACTERS} characters
 * (Unicode code points); every value is text XML 1.0 can carry in an attribute ({@link XmlText}).
 */
public final class StreamTwiml {

    /**
     * The most characters (code points) of one parameter's name and value together. Twilio reports about 500 as its
     * limit for {@code <Parameter>} name plus value [the figure is from reports, not from a published Twilio limit];
     * longer ones are refused here rather than cut or failed by Twilio during a live call.
     */
    public static final int MAX_PARAMETER_CHARACTERS = 500;

    private final String streamUrl;
    private final String name;
    private final SequencedMap<String, String> parameters;
    private final String statusCallback;
    private final CallbackMethod statusCallbackMethod;

    private StreamTwiml(Builder builder) {
        this.streamUrl = builder.streamUrl;
        this.name = builder.name;
        this.parameters = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(builder.parameters));
        this.statusCallback = builder.statusCallback;
        this.statusCallbackMethod = builder.statusCallbackMethod;
    }

    /**
     * Starts a document for a stream at this WebSocket URL, usually {@link PublicBaseUrl#mediaStreamUrl()}.
     *
     * @throws IllegalArgumentException when the URL is not {@code wss://} or {@code ws://}, has no host, or has a
     *     query string or fragment
     */
    public static Builder connect(String streamUrl) {
        return new Builder(requireStreamUrl(streamUrl));
    }

    /** The {@code <Stream url>}. */
    public String streamUrl() {
        return streamUrl;
    }

    /** The {@code <Stream name>}, if set. */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /** The {@code <Parameter>}s in document order, name to value; unmodifiable. */
    public SequencedMap<String, String> parameters() {
        return parameters;
    }

    /** The {@code statusCallback} URL, if set. */
    public Optional<String> statusCallback() {
        return Optional.ofNullable(statusCallback);
    }

    /** The {@code statusCallbackMethod}, if set (Twilio's default is POST). */
    public Optional<CallbackMethod> statusCallbackMethod() {
        return Optional.ofNullable(statusCallbackMethod);
    }

    /** The document, XML declaration included, as one line; the caller sends it as UTF-8 ({@code text/xml}). */
    public String toXml() {
        return TwimlWriter.response(xml -> {
            xml.writeStartElement("Connect");
            xml.writeStartElement("Stream");
            xml.writeAttribute("url", streamUrl);
            if (name != null) {
                xml.writeAttribute("name", name);
            }
            if (statusCallback != null) {
                xml.writeAttribute("statusCallback", statusCallback);
            }
            if (statusCallbackMethod != null) {
                xml.writeAttribute("statusCallbackMethod", statusCallbackMethod.name());
            }
            for (Map.Entry<String, String> parameter : parameters.entrySet()) {
                xml.writeEmptyElement("Parameter");
                xml.writeAttribute("name", parameter.getKey());
                xml.writeAttribute("value", parameter.getValue());
            }
            xml.writeEndElement();
            xml.writeEndElement();
        });
    }

    @Override
    public String toString() {
        return "StreamTwiml[" + streamUrl + ", " + parameters.size() + " parameters]";
    }

    /** Collects the stream's attributes and parameters; each setter checks its value at once. Not thread-safe. */
    public static final class Builder {
        private final String streamUrl;
        private final LinkedHashMap<String, String> parameters = new LinkedHashMap<>();
        private String name;
        private String statusCallback;
        private CallbackMethod statusCallbackMethod;

        private Builder(String streamUrl) {
            this.streamUrl = streamUrl;
        }

        /**
         * Adds a {@code <Parameter name value>}; parameters keep the order they were added in.
         *
         * @throws IllegalArgumentException when the name is empty or already used, name and value together exceed
         *     {@value StreamTwiml#MAX_PARAMETER_CHARACTERS} characters, or either holds a character XML cannot carry
         */
        public Builder parameter(String name, String value) {
            XmlText.requireAttributeValue("<Parameter> name", name);
            XmlText.requireAttributeValue("<Parameter> value of \"" + name + "\"", value);
            if (name.isEmpty()) {
                throw new IllegalArgumentException("<Parameter> name is empty (value " + XmlText.quoted(value) + ")");
            }
            int characters = name.codePointCount(0, name.length()) + value.codePointCount(0, value.length());
            if (characters > MAX_PARAMETER_CHARACTERS) {
                throw new IllegalArgumentException("<Parameter> \"" + XmlText.quoted(name) + "\" has " + characters
                        + " characters of name and value together, more than the " + MAX_PARAMETER_CHARACTERS
                        + " Twilio accepts");
            }
            if (parameters.containsKey(name)) {
                throw new IllegalArgumentException("<Parameter> name " + XmlText.quoted(name) + " is used twice"
                        + " (values " + XmlText.quoted(parameters.get(name)) + " and " + XmlText.quoted(value)
                        + "): they arrive as keys of one JSON object, customParameters");
            }
            parameters.put(name, value);
            return this;
        }

        /** Adds every entry of a map as a parameter, in the map's iteration order; see {@link #parameter}. */
        public Builder parameters(Map<String, String> nameToValue) {
            Objects.requireNonNull(nameToValue, "nameToValue");
            nameToValue.forEach(this::parameter);
            return this;
        }

        /** The stream's {@code name} (unique per call; lets a REST request stop it). */
        public Builder name(String streamName) {
            XmlText.requireAttributeValue("<Stream> name", streamName);
            if (streamName.isEmpty()) {
                throw new IllegalArgumentException("<Stream> name is empty");
            }
            this.name = streamName;
            return this;
        }

        /**
         * Where Twilio sends the stream's status callbacks: an absolute {@code https://} (or {@code http://}) URL,
         * usually {@code publicBaseUrl.httpUrl(PublicBaseUrl.STATUS_PATH)}.
         *
         * @throws IllegalArgumentException when the URL is not absolute http(s) with a host
         */
        public Builder statusCallback(String url) {
            this.statusCallback = requireUrl("statusCallback", url, "https", "http");
            return this;
        }

        /** The HTTP method of the status callbacks (Twilio's default, POST, when not set). */
        public Builder statusCallbackMethod(CallbackMethod method) {
            this.statusCallbackMethod = Objects.requireNonNull(method, "method");
            return this;
        }

        /** The immutable document. */
        public StreamTwiml build() {
            return new StreamTwiml(this);
        }

        /** {@code build().toXml()}. */
        public String toXml() {
            return build().toXml();
        }
    }

    private static String requireStreamUrl(String url) {
        String checked = requireUrl("<Stream> url", url, "wss", "ws");
        URI uri = URI.create(checked);
        if (uri.getRawQuery() != null) {
            throw new IllegalArgumentException("<Stream> url \"" + url + "\" has a query string, which Twilio does not"
                    + " pass on: put each value into a <Parameter> instead");
        }
        return checked;
    }

    private static String requireUrl(String what, String url, String scheme, String localScheme) {
        XmlText.requireAttributeValue(what, url);
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(what + " \"" + url + "\" is not a valid URL: " + e.getMessage(), e);
        }
        String actual = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals(actual) && !localScheme.equals(actual)) {
            throw new IllegalArgumentException(what + " \"" + url + "\" must start with " + scheme + "://"
                    + " (" + localScheme + ":// for local tests)");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException(what + " \"" + url + "\" has no host name");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException(what + " \"" + url + "\" has a fragment (#" + uri.getRawFragment()
                    + "), which is never sent");
        }
        return url;
    }
}
