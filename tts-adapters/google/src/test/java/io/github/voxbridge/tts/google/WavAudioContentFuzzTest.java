package io.github.voxbridge.tts.google;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.TtsException;

/**
 * Whatever bytes Google's {@code audioContent} decodes to, locating the audio in them either gives a range inside
 * the bytes holding whole samples of the format asked for, or a PROTOCOL error: never another exception, never a
 * range past the end. {@code mvn verify} replays the committed inputs; {@code scripts/fuzz.sh WavAudioContentFuzzTest}
 * fuzzes.
 */
class WavAudioContentFuzzTest {

    private static final AudioFormatSpec[] ASKED = {new AudioFormatSpec(SampleEncoding.MULAW, 8000),
            new AudioFormatSpec(SampleEncoding.S16LE, 24000)};

    @FuzzTest
    void anyBytesGiveAWholeSampleRangeOrAProtocolError(FuzzedDataProvider data) {
        AudioFormatSpec asked = ASKED[data.consumeInt(0, 1)];
        byte[] wav = data.consumeRemainingAsBytes();
        try {
            WavAudioContent audio = WavAudioContent.locate("google", wav, asked);
            assertThat(audio.offset()).isBetween(12, wav.length);
            assertThat(audio.length()).isBetween(0, wav.length - audio.offset());
            assertThat(audio.length() % asked.encoding().bytesPerSample()).isZero();
        } catch (TtsException e) {
            assertThat(e.kind()).isEqualTo(TtsException.Kind.PROTOCOL);
            assertThat(e.engine()).isEqualTo("google");
        }
    }
}
