package io.github.voxbridge.twilio.server;

import io.github.voxbridge.twilio.server.signature.SignatureVerdict;
import io.github.voxbridge.twilio.server.signature.TwilioSignatureVerifier;
import io.github.voxbridge.twilio.server.twiml.PublicBaseUrl;
import java.util.Optional;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketCreator;

/**
 * Accepts or refuses the upgrade of {@code /twilio/media}: 503 while draining or full, 403 without a valid signature
 * over the {@code wss://} URL as written in the TwiML (no query), else a new {@link CallSession}.
 */
final class MediaUpgrade implements WebSocketCreator {

    private static final System.Logger LOG = System.getLogger(MediaStreamServer.class.getName());

    private final MediaStreamServer server;
    private final String prefix;

    MediaUpgrade(MediaStreamServer server, String prefix) {
        this.server = server;
        this.prefix = prefix;
    }

    @Override
    public Object createWebSocket(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
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
                        + org.eclipse.jetty.server.Request.getRemoteAddr(request) + ": " + verdict.reason() + " (signed URL " + url + ")");
                Response.writeError(request, response, callback, 403, "invalid X-Twilio-Signature");
                return null;
            }
        }
        Optional<String> refusal = server.refusal();
        if (refusal.isPresent()) {
            server.metrics().callRejected(refusal.get());
            Response.writeError(request, response, callback, 503, refusal.get().replace('_', ' '));
            return null;
        }
        return new CallSession(server);
    }
}
