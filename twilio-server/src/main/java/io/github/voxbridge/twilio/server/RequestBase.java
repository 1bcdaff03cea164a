package io.github.voxbridge.twilio.server;

import io.github.voxbridge.twilio.server.twiml.PublicBaseUrl;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;

/**
 * The public base URL a request was made to: the configured one, or, without configuration, the request's own scheme
 * and {@code Host} (right only when nothing sits between Twilio and the server: a proxy or tunnel changes them, which
 * is why {@code publicUrl} exists).
 */
final class RequestBase {

    private RequestBase() {
    }

    /**
     * @param prefix the path prefix the request came under ("" or the public URL's path), to keep when the base is
     *               derived from the request
     */
    static PublicBaseUrl of(PublicBaseUrl configured, Request request, String prefix) {
        if (configured != null) {
            return configured;
        }
        HttpURI uri = request.getHttpURI();
        String scheme = request.isSecure() ? "https" : "http";
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            host = Request.getServerName(request);
        }
        int port = uri.getPort();
        String authority = (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host)
                + (port > 0 ? ":" + port : "");
        return PublicBaseUrl.parse(scheme + "://" + authority + prefix);
    }

    /** The URL Twilio signed: the public URL of {@code path}, with the request's query exactly as received. */
    static String signedUrl(PublicBaseUrl base, String path, Request request) {
        String query = request.getHttpURI().getQuery();
        return base.httpUrl(path) + (query == null || query.isEmpty() ? "" : "?" + query);
    }
}
