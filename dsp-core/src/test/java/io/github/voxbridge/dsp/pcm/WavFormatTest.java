package io.github.voxbridge.dsp.pcm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WavFormatTest {

    @Test
    void channelCountsOtherThanOneOrTwoAreRefused() {
        assertThatThrownBy(() -> new WavFormat(SampleEncoding.S16LE, 0, 8000))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unsupported channel count 0 (1 or 2)");
        assertThatThrownBy(() -> new WavFormat(SampleEncoding.S16LE, 3, 8000))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unsupported channel count 3 (1 or 2)");
        assertThat(new WavFormat(SampleEncoding.S16LE, 1, 8000).frameBytes()).isEqualTo(2);
        assertThat(new WavFormat(SampleEncoding.S16LE, 2, 8000).frameBytes()).isEqualTo(4);
    }

    @Test
    void sampleRateMustBePositive() {
        assertThatThrownBy(() -> new WavFormat(SampleEncoding.U8, 1, -8000))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("sample rate must be positive, was -8000 Hz");
        assertThat(new WavFormat(SampleEncoding.U8, 1, 1).sampleRate()).isEqualTo(1);
    }

    @Test
    void aNullEncodingIsRefused() {
        assertThatThrownBy(() -> new WavFormat(null, 1, 8000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sample encoding null cannot be stored in a WAV file (u8, s16le, f32le, mulaw and alaw can)");
    }

    @Test
    void toStringNamesEncodingChannelsAndRate() {
        assertThat(new WavFormat(SampleEncoding.S16LE, 1, 8000)).hasToString("s16le mono 8000 Hz");
        assertThat(new WavFormat(SampleEncoding.F32LE, 2, 44100)).hasToString("f32le stereo 44100 Hz");
    }
}
