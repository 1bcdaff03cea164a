package io.github.voxbridge.twilio.server;

import io.github.voxbridge.twilio.server.signature.SignatureVerdict;
import io.github.voxbridge.twilio.server.signature.TwilioSignatureVerifier;
import io.github.voxbridge.twilio.server.twiml.PublicBaseUrl;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The WebSocket upgrade of {@code /twilio/media} (RFC 6455 section 4.2): 503 while draining or full, 403 without a
 * valid signature over the {@code wss://} URL as written in the TwiML (no query), 400 or 426 for a request that is
 * not a version-13 WebSocket upgrade; else 101, and the HTTP connection becomes a {@link MediaSocketConnection}
 * whose listener is a new {@link CallSession}. Every other request goes to the wrapped handler.
 */
final class MediaUpgrade extends Handler.Wrapper {

    private static final System.Logger LOG = System.getLogger(MediaStreamServer.class.getName());
    /** RFC 6455 section 1.3: appended to the client's key before hashing. */
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final MediaStreamServer server;
    private final List<String> prefixes;

    MediaUpgrade(MediaStreamServer server, List<String> prefixes, Handler next) {
        super(next);
        this.server = server;
        this.prefixes = prefixes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        for (String prefix : prefixes) {
            if (path.equals(prefix + PublicBaseUrl.MEDIA_PATH)) {
                upgrade(request, response, callback, prefix);
                return true;
            }
        }
        return super.handle(request, response, callback);
    }

    private void upgrade(Request request, Response response, Callback callback, String prefix) {
        String problem = notAnUpgrade(request);
        if (problem != null) {
            if (problem.startsWith("version")) {
                response.getHeaders().put(HttpHeader.SEC_WEBSOCKET_VERSION, "13");
                Response.writeError(request, response, callback, 426, "a WebSocket upgrade of version 13 is"
                        + " required here: " + problem);
            } else {
                Response.writeError(request, response, callback, 400, "the media stream is a WebSocket: "
                        + problem);
            }
            return;
        }
        TwilioSignatureVerifier verifier = server.settings().verifier;
        if (verifier != null) {
            PublicBaseUrl base = RequestBase.of(server.settings().publicUrl, request, prefix);
            String query = request.getHttpURI().getQuery();
            String url = base.webSocketUrl(PublicBaseUrl.MEDIA_PATH)
                    + (query == null || query.isEmpty() ? "" : "?" + query);
            SignatureVerdict verdict = verifier.verifyUrl(url,
                    request.getHeaders().get(TwilioSignatureVerifier.SIGNATURE_HEADER),
                    request.getHeaders().get(TwilioSignatureVerifier.SIGNATURE_SETTINGS_HEADER));
            if (!verdict.isValid()) {
                server.metrics().signatureFailure("media");
                LOG.log(System.Logger.Level.WARNING, () -> "refused a media stream upgrade from "
                        + Request.getRemoteAddr(request) + ": " + verdict.reason() + " (signed URL " + url + ")");
                Response.writeError(request, response, callback, 403, "invalid X-Twilio-Signature");
                return;
            }
        }
        Optional<String> refusal = server.refusal();
        if (refusal.isPresent()) {
            server.metrics().callRejected(refusal.get());
            Response.writeError(request, response, callback, 503, refusal.get().replace('_', ' '));
            return;
        }
        MediaStreamServer.Builder settings = server.settings();
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        MediaSocketConnection connection = new MediaSocketConnection(endPoint,
                request.getConnectionMetaData().getConnector().getExecutor(), new CallSession(server),
                settings.maxMessageBytes, settings.idleTimeout.toMillis(), MediaStreamServer.INPUT_BUFFER_BYTES);
        response.setStatus(101);
        response.getHeaders().put(HttpHeader.UPGRADE, "websocket");
        response.getHeaders().put(HttpHeader.CONNECTION, "Upgrade");
        response.getHeaders().put(HttpHeader.SEC_WEBSOCKET_ACCEPT,
                accept(request.getHeaders().get(HttpHeader.SEC_WEBSOCKET_KEY)));
        // Jetty's HTTP/1.1 connection hands its end point to this connection once the 101 is written.
        request.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE, connection);
        response.write(true, null, callback);
    }

    /** Why the request is not a WebSocket upgrade this server takes, or {@code null} if it is one. */
    private static String notAnUpgrade(Request request) {
        if (!HttpMethod.GET.is(request.getMethod())) {
            return "a " + request.getMethod() + " request, not GET";
        }
        if (request.getConnectionMetaData().getHttpVersion() != HttpVersion.HTTP_1_1) {
            return "HTTP version " + request.getConnectionMetaData().getHttpVersion() + ", not HTTP/1.1";
        }
        if (!hasToken(request.getHeaders().get(HttpHeader.UPGRADE), "websocket")) {
            return "no \"Upgrade: websocket\" header";
        }
        if (!hasToken(request.getHeaders().get(HttpHeader.CONNECTION), "upgrade")) {
            return "no \"Connection: Upgrade\" header";
        }
        String version = request.getHeaders().get(HttpHeader.SEC_WEBSOCKET_VERSION);
        if (!"13".equals(version == null ? null : version.trim())) {
            return "version " + version + " in Sec-WebSocket-Version, not 13";
        }
        String key = request.getHeaders().get(HttpHeader.SEC_WEBSOCKET_KEY);
        if (key == null || !isNonce(key.trim())) {
            return "Sec-WebSocket-Key " + key + " is not 16 bytes in base64";
        }
        return null;
    }

    private static boolean hasToken(String header, String token) {
        if (header == null) {
            return false;
        }
        for (String part : header.split(",")) {
            if (part.trim().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNonce(String key) {
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** RFC 6455 section 4.2.2: base64 of the SHA-1 of the key and the GUID. */
    static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((key.trim() + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1, which every JDK must have", e);
        }
    }
}
