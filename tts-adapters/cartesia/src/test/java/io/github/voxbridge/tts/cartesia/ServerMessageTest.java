package io.github.voxbridge.tts.cartesia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.tts.TtsException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Cartesia's server messages as tts-engines.md section 4a and the API reference show them. */
class ServerMessageTest {

    private final ServerMessage message = new ServerMessage();

    @Test
    void aChunkCarriesItsDecodedAudioAndContext() throws Exception {
        message.read("{\"type\":\"chunk\",\"data\":\"aSDinaTvuI8gbWludGxpZnk=\",\"done\":false,\"status_code\":206,"
                + "\"step_time\":123,\"context_id\":\"happy-monkeys-fly\"}");
        assertThat(message.type()).isEqualTo(ServerMessage.Type.CHUNK);
        assertThat(message.contextId()).isEqualTo("happy-monkeys-fly");
        assertThat(message.statusCode()).isEqualTo(206);
        assertThat(Arrays.copyOf(message.audio(), message.audioLength()))
                .isEqualTo(java.util.Base64.getDecoder().decode("aSDinaTvuI8gbWludGxpZnk="));
    }

    @Test
    void anEmptyChunkHasNoAudio() throws Exception {
        message.read("{\"type\":\"chunk\",\"data\":\"\",\"context_id\":\"c\"}");
        assertThat(message.audioLength()).isZero();
    }

    @Test
    void doneTimestampsAndFlushDone() throws Exception {
        message.read("{\"type\":\"done\",\"done\":true,\"status_code\":206,\"context_id\":\"c\"}");
        assertThat(message.type()).isEqualTo(ServerMessage.Type.DONE);
        message.read("{\"type\":\"timestamps\",\"context_id\":\"c\",\"word_timestamps\":{\"words\":[\"Hi\"],"
                + "\"start\":[0],\"end\":[0.3]}}");
        assertThat(message.type()).isEqualTo(ServerMessage.Type.IGNORED);
        assertThat(message.audioLength()).as("nothing left over from an earlier chunk").isZero();
        message.read("{\"type\":\"flush_done\",\"flush_done\":true,\"flush_id\":1,\"context_id\":\"c\"}");
        assertThat(message.type()).isEqualTo(ServerMessage.Type.IGNORED);
        message.read("{\"type\":\"something_new\"}");
        assertThat(message.type()).isEqualTo(ServerMessage.Type.IGNORED);
        assertThat(message.contextId()).isNull();
    }

    @Test
    void anErrorKeepsStatusCodeAndText() throws Exception {
        message.read("{\"type\":\"error\",\"done\":true,\"status_code\":429,\"title\":\"Too many requests\","
                + "\"message\":\"Concurrency limit reached\",\"error_code\":\"concurrency_limited\","
                + "\"doc_url\":\"https://docs.cartesia.ai\",\"request_id\":\"r\"}");
        assertThat(message.type()).isEqualTo(ServerMessage.Type.ERROR);
        assertThat(message.statusCode()).isEqualTo(429);
        assertThat(message.errorCode()).isEqualTo("concurrency_limited");
        assertThat(message.errorText()).isEqualTo("Too many requests: Concurrency limit reached");
        assertThat(message.contextId()).isNull();
        message.read("{\"type\":\"error\",\"done\":true,\"error\":\"Invalid voice\",\"status_code\":400,"
                + "\"context_id\":\"c\"}");
        assertThat(message.errorText()).isEqualTo("Invalid voice");
        assertThat(message.errorCode()).isNull();
        message.read("{\"type\":\"error\"}");
        assertThat(message.errorText()).isNull();
        assertThat(message.statusCode()).isZero();
    }

    @Test
    void whatCannotBeReadIsProtocolQuotingIt() {
        assertProtocol("not json", "cartesia: expected a JSON message with a type, got 'not json'"
                + " (bad literal (only true, false, null))");
        assertProtocol("{\"type\":7}", "cartesia: expected a JSON message with a type, got '{\"type\":7}'");
        assertProtocol("{\"type\":\"chunk\"}", "cartesia: chunk without base64 data: '{\"type\":\"chunk\"}'");
        assertProtocol("{\"type\":\"chunk\",\"data\":\"A\"}", null); // one char is no byte: a cut quadruple
        assertProtocol("{\"type\":\"audio\",\"data\":\"AAEC\"}",
                "cartesia: message of unknown type 'audio' carries data: '{\"type\":\"audio\",\"data\":\"AAEC\"}'");
    }

    private void assertProtocol(String text, String expected) {
        var thrown = assertThatThrownBy(() -> message.read(text)).isInstanceOfSatisfying(TtsException.class,
                e -> assertThat(e.kind()).isEqualTo(TtsException.Kind.PROTOCOL));
        if (expected != null) {
            thrown.hasMessage(expected);
        }
    }
}
