package io.github.voxbridge.twilio.server.signature;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The two forms of a URL a signature may have been computed over: with its scheme's default port written out
 * ({@code https://example.org:443/voice}) and without any port ({@code https://example.org/voice}). Twilio's signing
 * is inconsistent about it, so twilio-java's {@code RequestValidator} (13.0.1) accepts either, and so do we.
 *
 * <p>The rules are twilio-java's, kept exact so that both accept the same requests: the URL is parsed with
 * {@link URI}; one form is the URL as given, the other is rebuilt with {@link URI}'s seven-argument constructor
 * (which re-quotes the path and query it decodes); a URL {@link URI} cannot parse is tried as given only. A URL with
 * an explicit non-default port (:8443) gets that port as the "with" form and no port as the other.
 *
 * <p>One deliberate difference: twilio-java writes {@code :443} for {@code https} and {@code :80} for every other
 * scheme, including {@code wss}, which would make {@code wss://host:80/...} acceptable for a WebSocket upgrade. Here
 * the default port follows the scheme: 443 for {@code https} and {@code wss}, 80 for {@code http} and {@code ws}
 * (RFC 6455 section 3), case-insensitively.
 */
final class SignedUrlForms {

    private SignedUrlForms() {}

    /**
     * The forms to try, one or two strings (the same string twice when rebuilding changes nothing).
     *
     * @throws IllegalArgumentException when the URL parses but is not absolute: a server configuration error, as
     *     Twilio always signs an absolute URL
     */
    static String[] of(String url) {
        URI parsed;
        try {
            parsed = new URI(url);
        } catch (URISyntaxException e) {
            return new String[] {url};
        }
        if (!parsed.isAbsolute()) {
            throw new IllegalArgumentException("URL to verify a Twilio signature against must be absolute (the public"
                    + " URL Twilio requested), got \"" + url + "\"");
        }
        if (parsed.getPort() == -1) {
            return new String[] {withPort(parsed, defaultPort(parsed.getScheme())), url};
        }
        return new String[] {url, withPort(parsed, -1)};
    }

    private static int defaultPort(String scheme) {
        return scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("wss") ? 443 : 80;
    }

    private static String withPort(URI url, int port) {
        try {
            return new URI(url.getScheme(), url.getUserInfo(), url.getHost(), port, url.getPath(), url.getQuery(),
                    url.getFragment()).toString();
        } catch (URISyntaxException e) {
            return url.toString();
        }
    }
}
