package io.github.voxbridge.tts.transport.http;

import io.github.voxbridge.tts.TtsException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * The {@code base-url} option every network engine takes: the API root as the vendor's SDK spells it (issue 12,
 * "Configuration": for proxies, regional endpoints and tests), checked once here so that every engine accepts and
 * refuses the same values with the same message.
 */
public final class BaseUrl {

    private BaseUrl() {
    }

    /**
     * {@code value} as an API root: {@code http} or {@code https}, a host, an optional port and path, no query, user
     * info or fragment (a key in them would end up in messages, and a query would be lost when a path is appended);
     * trailing slashes dropped, so the caller appends {@code /v1/...}.
     *
     * @param engine  the engine's name, for the message
     * @param source  where the value came from, for the message: {@code option base-url} or an environment variable
     * @param value   what the user gave
     * @param example the vendor's default root, shown in the message
     * @param allowPath whether the root may have a path ({@code https://api.openai.com/v1}); an SDK that appends its
     *                own paths to a bare endpoint (Polly's) takes none
     * @throws TtsException BAD_REQUEST naming the source and the value
     */
    public static URI parse(String engine, String source, String value, String example, boolean allowPath)
            throws TtsException {
        String root = value.strip();
        while (root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
        try {
            URI uri = new URI(root);
            String scheme = uri.getScheme();
            if (uri.getHost() != null && uri.getRawQuery() == null && uri.getRawUserInfo() == null
                    && uri.getRawFragment() == null
                    && (allowPath || uri.getRawPath() == null || uri.getRawPath().isEmpty())
                    && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new TtsException(TtsException.Kind.BAD_REQUEST, engine, source + " = " + TtsException.excerpt(value, 80)
                + " is not an http(s) URL of the API root such as " + example
                + (allowPath ? "" : " (no path)"));
    }

    /**
     * The WebSocket endpoint under an API root returned by {@link #parse}: {@code ws://} for {@code http},
     * {@code wss://} for {@code https}, the root's path then {@code pathAndQuery}.
     *
     * @param pathAndQuery starts with {@code /}; its query already encoded
     */
    public static URI webSocket(URI root, String pathAndQuery) {
        boolean secure = "https".equalsIgnoreCase(root.getScheme());
        String path = root.getRawPath() == null ? "" : root.getRawPath();
        return URI.create((secure ? "wss" : "ws") + "://" + root.getRawAuthority() + path + pathAndQuery);
    }

    /** The HTTP endpoint under an API root returned by {@link #parse}: the root, then {@code pathAndQuery}. */
    public static URI http(URI root, String pathAndQuery) {
        String path = root.getRawPath() == null ? "" : root.getRawPath();
        return URI.create(root.getScheme() + "://" + root.getRawAuthority() + path + pathAndQuery);
    }
}
