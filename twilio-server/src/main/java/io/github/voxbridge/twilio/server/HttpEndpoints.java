package io.github.voxbridge.twilio.server;

import io.github.voxbridge.twilio.server.signature.SignatureVerdict;
import io.github.voxbridge.twilio.server.signature.TwilioSignatureVerifier;
import io.github.voxbridge.twilio.server.twiml.PublicBaseUrl;
import io.github.voxbridge.twilio.server.twiml.RejectReason;
import io.github.voxbridge.twilio.server.twiml.RejectTwiml;
import io.github.voxbridge.twilio.server.twiml.StreamTwiml;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The plain HTTP endpoints: the voice webhook, the stream status callback, {@code /healthz} and {@code /metrics}.
 * Runs on Jetty's virtual threads, so reading the form blocks nothing that matters.
 */
final class HttpEndpoints extends Handler.Abstract {

    private static final System.Logger LOG = System.getLogger(MediaStreamServer.class.getName());
    /** Twilio's documented StreamEvent values; anything else is counted as "other" (no unbounded tag values). */
    private static final Set<String> STREAM_EVENTS = Set.of("stream-started", "stream-stopped", "stream-error");
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final MediaStreamServer server;
    private final List<String> prefixes;

    HttpEndpoints(MediaStreamServer server, List<String> prefixes) {
        this.server = server;
        this.prefixes = prefixes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        for (String prefix : prefixes) {
            if (!path.startsWith(prefix)) {
                continue;
            }
            String rest = path.substring(prefix.length());
            switch (rest) {
                case PublicBaseUrl.VOICE_PATH -> {
                    if (requirePost(method, request, response, callback)) {
                        voice(request, response, callback, prefix);
                    }
                    return true;
                }
                case PublicBaseUrl.STATUS_PATH -> {
                    if (requirePost(method, request, response, callback)) {
                        status(request, response, callback, prefix);
                    }
                    return true;
                }
                case MediaStreamServer.HEALTH_PATH -> {
                    health(response, callback);
                    return true;
                }
                case MediaStreamServer.METRICS_PATH -> {
                    write(response, callback, 200, PROMETHEUS_TEXT, server.meterRegistry().scrape());
                    return true;
                }
                default -> {
                    // try the next prefix
                }
            }
        }
        return false;
    }

    private static boolean requirePost(String method, Request request, Response response, Callback callback) {
        if (HttpMethod.POST.is(method)) {
            return true;
        }
        response.getHeaders().put(HttpHeader.ALLOW, "POST");
        Response.writeError(request, response, callback, 405, "Twilio POSTs here; was " + method);
        return false;
    }

    private void voice(Request request, Response response, Callback callback, String prefix) throws Exception {
        Map<String, List<String>> form = form(request);
        PublicBaseUrl base = RequestBase.of(server.settings().publicUrl, request, prefix);
        if (!signed("voice", base, PublicBaseUrl.VOICE_PATH, form, request, response, callback)) {
            return;
        }
        Optional<String> refusal = server.refusal();
        if (refusal.isPresent()) {
            server.metrics().callRejected(refusal.get());
            LOG.log(System.Logger.Level.WARNING, () -> "refused call " + first(form, "CallSid") + ": "
                    + refusal.get().replace('_', ' ') + " (" + server.activeCalls() + " active)");
            if (server.settings().rejectWithTwiml) {
                write(response, callback, 200, "text/xml; charset=utf-8", RejectTwiml.toXml(RejectReason.BUSY));
            } else {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
                Response.writeError(request, response, callback, 503, refusal.get().replace('_', ' '));
            }
            return;
        }
        String twiml = StreamTwiml.connect(base.mediaStreamUrl())
                .parameters(server.twimlParameters(form))
                .statusCallback(base.httpUrl(PublicBaseUrl.STATUS_PATH))
                .toXml();
        write(response, callback, 200, "text/xml; charset=utf-8", twiml);
    }

    private void status(Request request, Response response, Callback callback, String prefix) throws Exception {
        Map<String, List<String>> form = form(request);
        PublicBaseUrl base = RequestBase.of(server.settings().publicUrl, request, prefix);
        if (!signed("status", base, PublicBaseUrl.STATUS_PATH, form, request, response, callback)) {
            return;
        }
        String event = first(form, "StreamEvent");
        server.metrics().streamStatus(STREAM_EVENTS.contains(event) ? event : "other");
        System.Logger.Level level = "stream-error".equals(event) ? System.Logger.Level.WARNING
                : System.Logger.Level.INFO;
        LOG.log(level, () -> "stream status: " + form);
        response.setStatus(204);
        callback.succeeded();
    }

    private boolean signed(String endpoint, PublicBaseUrl base, String path, Map<String, List<String>> form,
            Request request, Response response, Callback callback) {
        TwilioSignatureVerifier verifier = server.settings().verifier;
        if (verifier == null) {
            return true;
        }
        String url = RequestBase.signedUrl(base, path, request);
        SignatureVerdict verdict = verifier.verifyForm(url, form,
                request.getHeaders().get(TwilioSignatureVerifier.SIGNATURE_HEADER),
                request.getHeaders().get(TwilioSignatureVerifier.SIGNATURE_SETTINGS_HEADER));
        if (verdict.isValid()) {
            return true;
        }
        server.metrics().signatureFailure(endpoint);
        LOG.log(System.Logger.Level.WARNING, () -> "refused " + endpoint + " request from "
                + Request.getRemoteAddr(request) + ": " + verdict.reason() + " (signed URL " + url + ")");
        Response.writeError(request, response, callback, 403, "invalid X-Twilio-Signature");
        return false;
    }

    private void health(Response response, Callback callback) {
        boolean draining = server.isDraining();
        String body = "{\"status\":\"" + (draining ? "draining" : "serving") + "\",\"activeCalls\":"
                + server.activeCalls() + "}";
        write(response, callback, draining ? 503 : 200, "application/json", body);
    }

    /** The POSTed form, by name, values in order; an empty map for a body that is not a form. */
    private static Map<String, List<String>> form(Request request) {
        Fields fields = FormFields.getFields(request);
        Map<String, List<String>> form = new LinkedHashMap<>();
        for (Fields.Field field : fields) {
            form.put(field.getName(), List.copyOf(field.getValues()));
        }
        return form;
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? "" : values.getFirst();
    }

    private static void write(Response response, Callback callback, int status, String type, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        Content.Sink.write(response, true, body, callback);
    }
}
