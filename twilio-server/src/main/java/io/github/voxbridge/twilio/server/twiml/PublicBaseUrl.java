package io.github.voxbridge.twilio.server.twiml;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The address Twilio reaches the server at, from configuration ({@code --public-url https://example.org}, maybe with
 * a path prefix such as {@code https://example.org/voice-bot}), and the URLs derived from it.
 *
 * <p>Behind a proxy, load balancer or tunnel the server sees another scheme, host and port than Twilio used, so both
 * the {@code <Stream url>} in the TwiML and the URL a signature is checked against come from here, never from the
 * request (Twilio error 57012 names a URL mismatch as the first cause of failed signatures).
 *
 * <p>Invariants: the scheme is {@code http} or {@code https}; there is a host; there is no user information, query or
 * fragment; the path prefix is empty or starts with {@code /} and does not end with one. The text is kept as given
 * otherwise (host case, explicit port, percent-encoding), because Twilio signs the URL as configured, character for
 * character.
 */
public final class PublicBaseUrl {

    /** The voice webhook's path below the base: Twilio POSTs there when a call comes in. */
    public static final String VOICE_PATH = "/twilio/voice";
    /** The Media Stream WebSocket's path below the base. */
    public static final String MEDIA_PATH = "/twilio/media";
    /** The stream status callback's path below the base. */
    public static final String STATUS_PATH = "/twilio/status";

    private final boolean secure;
    private final String authority; // raw: host, and port if one was given
    private final String pathPrefix; // raw, "" or "/..." without a trailing "/"

    private PublicBaseUrl(boolean secure, String authority, String pathPrefix) {
        this.secure = secure;
        this.authority = authority;
        this.pathPrefix = pathPrefix;
    }

    /**
     * Parses the configured base URL. One trailing {@code /} is dropped ({@code https://example.org/} is
     * {@code https://example.org}).
     *
     * @throws IllegalArgumentException naming the value and what is wrong with it
     */
    public static PublicBaseUrl parse(String configured) {
        if (configured == null || configured.isBlank()) {
            throw new IllegalArgumentException("public URL is missing: give the https:// address Twilio reaches this"
                    + " server at, e.g. https://example.org");
        }
        URI uri;
        try {
            uri = new URI(configured);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("public URL \"" + configured + "\" is not a valid URL: "
                    + e.getMessage(), e);
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http"))) {
            throw new IllegalArgumentException("public URL \"" + configured + "\" must start with https:// (or http://"
                    + " for local tests), not " + (scheme == null ? "no scheme" : scheme + "://"));
        }
        if (uri.getRawAuthority() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("public URL \"" + configured + "\" has no host name");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("public URL \"" + configured + "\" has user information"
                    + " (user:password@), which would be published in every TwiML document");
        }
        if (uri.getRawQuery() != null) {
            throw new IllegalArgumentException("public URL \"" + configured + "\" has a query string (?"
                    + uri.getRawQuery() + "): the base must be scheme, host, optional port and optional path only");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("public URL \"" + configured + "\" has a fragment (#"
                    + uri.getRawFragment() + ")");
        }
        String path = uri.getRawPath();
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.endsWith("/")) {
            throw new IllegalArgumentException("public URL \"" + configured
                    + "\" ends with an empty path segment (//)");
        }
        return new PublicBaseUrl(scheme.toLowerCase(Locale.ROOT).equals("https"), uri.getRawAuthority(), path);
    }

    /** Whether the base is {@code https} (and streams {@code wss}); {@code http}/{@code ws} are for local tests. */
    public boolean isSecure() {
        return secure;
    }

    /** The HTTP(S) URL of a path below the base: {@code https://example.org/prefix/twilio/voice}. */
    public String httpUrl(String path) {
        return (secure ? "https://" : "http://") + authority + pathPrefix + requirePath(path);
    }

    /**
     * The WebSocket URL of a path below the base: {@code wss://example.org/prefix/twilio/media} for an {@code https}
     * base, {@code ws://...} for an {@code http} one (Twilio itself connects only to {@code wss}).
     */
    public String webSocketUrl(String path) {
        return (secure ? "wss://" : "ws://") + authority + pathPrefix + requirePath(path);
    }

    /** {@link #webSocketUrl(String) webSocketUrl}({@value #MEDIA_PATH}): the {@code <Stream url>} of every call. */
    public String mediaStreamUrl() {
        return webSocketUrl(MEDIA_PATH);
    }

    /** The base as normalised: scheme, authority and path prefix, no trailing {@code /}. */
    @Override
    public String toString() {
        return (secure ? "https://" : "http://") + authority + pathPrefix;
    }

    /** Equal when {@link #toString()} is. */
    @Override
    public boolean equals(Object other) {
        return other instanceof PublicBaseUrl that && toString().equals(that.toString());
    }

    /** {@link #toString()}'s hash code. */
    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    private static String requirePath(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("path below the public URL must start with /, got "
                    + (path == null ? "null" : "\"" + path + "\""));
        }
        try {
            URI parsed = new URI(null, null, path, null);
            if (!parsed.getRawPath().equals(path)) {
                throw new IllegalArgumentException("path below the public URL must be a plain URL path (no query,"
                        + " fragment, spaces or characters needing percent-encoding), got \"" + path + "\"");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("path below the public URL is not a valid URL path: \"" + path + "\"",
                    e);
        }
        return path;
    }
}
