package io.github.voxbridge.tts.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.tts.transport.http.VendorErrorBody;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VendorErrorBodyTest {

    private static String message(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        // bytes past length are ignored
        return VendorErrorBody.message(Arrays.copyOf(bytes, bytes.length + 7), bytes.length);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // OpenAI ErrorResponse (tts-engines.md section 1)
        "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}} | Incorrect API key provided [invalid_api_key]",
        "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":null}} | Rate limit reached [requests]",
        "{\"error\":{\"message\":\"quota: insufficient_quota\",\"code\":\"insufficient_quota\"}} | quota: insufficient_quota",
        // Google (section 5): code is the HTTP status as a number, status the canonical code
        "{\"error\":{\"code\":429,\"message\":\"Quota exceeded\",\"status\":\"RESOURCE_EXHAUSTED\"}} | Quota exceeded [RESOURCE_EXHAUSTED]",
        // ElevenLabs (section 2a), FastAPI validation
        "{\"detail\":{\"status\":\"quota_exceeded\",\"message\":\"You exceeded your quota\"}} | You exceeded your quota [quota_exceeded]",
        "{\"detail\":[{\"loc\":[\"body\",\"text\"],\"msg\":\"field required\"}]} | field required",
        "{\"detail\":\"Not authenticated\"} | Not authenticated",
        // Deepgram (section 3a)
        "{\"err_code\":\"INVALID_AUTH\",\"err_msg\":\"Invalid credentials.\",\"request_id\":\"r\"} | Invalid credentials. [INVALID_AUTH]",
        "{\"category\":\"INVALID_QUERY_PARAMETER\",\"message\":\"Unsupported audio format\"} | Unsupported audio format",
        "{\"message\":\"Internal server error\"} | Internal server error",
        "{\"error\":\"Bad things\"} | Bad things",
        "{\"error\":{\"code\":\"only_a_code\"}} | only_a_code",
        // not the shapes above: the text itself
        "{\"error\":{\"message\":\"cut sho | {\"error\":{\"message\":\"cut sho",
        "{\"status\":503} | {\"status\":503}",
        "[1,2] | [1,2]",
        "`  <html>Bad Gateway</html>\n` | <html>Bad Gateway</html>",
    })
    void theMessageOfEachShape(String body, String expected) {
        assertThat(message(body)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(quoteCharacter = '`', value = {"``", "`  \n `"})
    void anEmptyBodyHasNoMessage(String body) {
        assertThat(message(body)).isNull();
    }

    @org.junit.jupiter.api.Test
    void aBodyCutInsideACharacterIsStillText() {
        byte[] bytes = "Überlastet".getBytes(StandardCharsets.UTF_8);
        assertThat(VendorErrorBody.message(bytes, 1)).isEqualTo("\uFFFD");
    }
}
