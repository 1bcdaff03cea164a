package io.github.voxbridge.tts.transport.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/**
 * The human-readable message in a vendor's error body, whatever its shape (tts-engines.md, "Errors" of each
 * vendor):
 * <ul>
 *   <li>OpenAI: {@code {"error":{"message":"…","type":"…","code":"…"}}};</li>
 *   <li>Google: {@code {"error":{"code":429,"message":"…","status":"RESOURCE_EXHAUSTED"}}} (the numeric code is
 *       the HTTP status, so {@code status} is the one kept);</li>
 *   <li>ElevenLabs: {@code {"detail":{"status":"…","message":"…"}}}, or FastAPI's
 *       {@code {"detail":[{"msg":"…"}]}} on a 422;</li>
 *   <li>Deepgram: {@code {"err_code":"…","err_msg":"…"}} or {@code {"category":"…","message":"…"}};</li>
 *   <li>others: {@code {"message":"…"}}, {@code {"detail":"…"}}, {@code {"error":"…"}}.</li>
 * </ul>
 * A machine code beside the message ({@code error.code}, {@code error.status}, {@code detail.status},
 * {@code err_code}) is appended in
 * brackets, because it is what tells a caller {@code insufficient_quota} from {@code rate_limit_exceeded}. A body
 * that is not JSON, or JSON of another shape, is returned as text (so a proxy's HTML page or a truncated JSON still
 * says something). Never throws.
 */
public final class VendorErrorBody {

    private static final ObjectMapper JSON = new ObjectMapper();

    private VendorErrorBody() {
    }

    /**
     * The message in {@code body[0 .. length)}, or null when the body is empty or blank.
     *
     * @param body   the error body's first bytes (the caller bounds how many it reads)
     * @param length how many bytes of {@code body} are valid
     */
    public static String message(byte[] body, int length) {
        String text = decode(body, length).strip();
        if (text.isEmpty()) {
            return null;
        }
        if (text.charAt(0) == '{') {
            try {
                String found = fromJson(JSON.readTree(text));
                if (found != null) {
                    return found;
                }
            } catch (JacksonException e) {
                // malformed or cut short: the text itself is the best message there is
            }
        }
        return text;
    }

    private static String fromJson(JsonNode root) {
        if (!root.isObject()) {
            return null;
        }
        JsonNode error = root.path("error");
        if (error.isObject()) {
            return withCode(text(error.path("message")), text(error.path("code")),
                    firstText(error.path("type"), error.path("status")));
        }
        JsonNode detail = root.path("detail");
        if (detail.isObject()) {
            return withCode(text(detail.path("message")), text(detail.path("status")), null);
        }
        if (detail.isArray() && detail.size() > 0) {
            return withCode(text(detail.path(0).path("msg")), null, null);
        }
        String message = firstText(root.path("message"), root.path("err_msg"), detail, error);
        return withCode(message, text(root.path("err_code")), text(root.path("code")));
    }

    private static String withCode(String message, String code, String fallbackCode) {
        String c = code != null ? code : fallbackCode;
        if (message == null) {
            return c;
        }
        return c == null || message.contains(c) ? message : message + " [" + c + "]";
    }

    private static String firstText(JsonNode... nodes) {
        for (JsonNode node : nodes) {
            String t = text(node);
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    private static String text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }

    /** UTF-8; malformed input (a body cut inside a character) becomes U+FFFD, as {@link String#String(byte[],
     * int, int, java.nio.charset.Charset)} does. */
    private static String decode(byte[] body, int length) {
        return new String(body, 0, length, StandardCharsets.UTF_8);
    }
}
