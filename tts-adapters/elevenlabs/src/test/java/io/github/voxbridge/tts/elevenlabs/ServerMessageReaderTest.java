package io.github.voxbridge.tts.elevenlabs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.transport.http.ApiKey;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The stream-input message reader on its own: whatever the message boundaries, the same bytes come out. */
class ServerMessageReaderTest {

    @Test
    void anyChunkingGivesTheSameBytesEachMessageWhole() throws Exception {
        byte[] audio = FakeElevenLabsHttp.audioFor("chunks", 2_003);
        Random random = new Random(12);
        for (int run = 0; run < 50; run++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<Integer> sizes = new ArrayList<>();
            ServerMessageReader reader = new ServerMessageReader((chunk, off, len) -> {
                out.write(chunk, off, len);
                sizes.add(len);
            }, null);
            List<Integer> sent = new ArrayList<>();
            int at = 0;
            while (at < audio.length) {
                int n = run == 0 ? 1 : Math.min(audio.length - at, 1 + random.nextInt(run * 40));
                byte[] piece = java.util.Arrays.copyOfRange(audio, at, at + n);
                assertThat(reader.read("{\"audio\":\"" + Base64.getEncoder().encodeToString(piece)
                        + "\",\"isFinal\":false}")).isFalse();
                sent.add(n);
                at += n;
            }
            assertThat(reader.read("{\"isFinal\":true}")).isTrue();
            assertThat(out.toByteArray()).isEqualTo(audio);
            assertThat(sizes).isEqualTo(sent);
        }
    }

    @Test
    void anErrorWithoutAMessageQuotesTheJsonAndRedactsTheKey() {
        ServerMessageReader reader = new ServerMessageReader((c, o, l) -> { }, ApiKey.of("sk-secret"));
        assertThatThrownBy(() -> reader.read("{\"error\":{\"status\":\"voice_not_found\"},\"k\":\"sk-secret\"}"))
                .isInstanceOfSatisfying(TtsException.class,
                        e -> assertThat(e.kind()).isEqualTo(TtsException.Kind.BAD_REQUEST))
                .hasMessage("elevenlabs: ElevenLabs reported voice_not_found");
        assertThatThrownBy(() -> reader.read("{\"error\":true,\"detail\":\"sk-secret\"}"))
                .isInstanceOfSatisfying(TtsException.class,
                        e -> assertThat(e.kind()).isEqualTo(TtsException.Kind.UNAVAILABLE))
                .hasMessage("elevenlabs: ElevenLabs reported an error '{\"error\":true,\"detail\":\"[redacted]\"}'");
    }

    @Test
    void quotaRemappingTouchesOnlyAuthFailuresCarryingTheCode() {
        TtsException quota = new TtsException(TtsException.Kind.AUTH, "elevenlabs", "HTTP 401: 'x [quota_exceeded]'");
        TtsException remapped = ErrorCodes.remap(quota);
        assertThat(remapped.kind()).isEqualTo(TtsException.Kind.RATE_LIMITED);
        assertThat(remapped).hasMessage("elevenlabs: HTTP 401: 'x [quota_exceeded]'").hasCause(quota);
        TtsException auth = new TtsException(TtsException.Kind.AUTH, "elevenlabs", "HTTP 401: 'x [invalid_api_key]'");
        assertThat(ErrorCodes.remap(auth)).isSameAs(auth);
        TtsException other = new TtsException(TtsException.Kind.BAD_REQUEST, "elevenlabs", "quota_exceeded");
        assertThat(ErrorCodes.remap(other)).isSameAs(other);
    }
}
