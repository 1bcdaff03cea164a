package io.github.voxbridge.twilio.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.dsp.codec.MuLaw;
import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.dsp.pcm.WavWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallerAudioTest {

    @Test
    void framesAreTheAudioThenSilence() {
        byte[] codes = new byte[200];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (byte) i;
        }
        CallerAudio audio = CallerAudio.muLaw(codes);
        byte[] frame = new byte[160];
        audio.frame(0, frame);
        assertThat(frame).isEqualTo(Arrays.copyOf(codes, 160));
        audio.frame(1, frame);
        byte[] second = new byte[160];
        Arrays.fill(second, MuLaw.SILENCE);
        System.arraycopy(codes, 160, second, 0, 40);
        assertThat(frame).isEqualTo(second);
        audio.frame(2, frame);
        Arrays.fill(second, MuLaw.SILENCE);
        assertThat(frame).isEqualTo(second);
        CallerAudio.silence().frame(0, frame);
        assertThat(frame).isEqualTo(second);
    }

    @Test
    void an8kHzPcmWavIsEncodedSampleForSample(@TempDir Path dir) throws Exception {
        short[] pcm = new short[801];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (8_000 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
        }
        Path file = dir.resolve("a.wav");
        try (WavWriter w = WavWriter.create(file, SampleEncoding.S16LE, 8000)) {
            w.write(pcm, 0, pcm.length);
        }
        CallerAudio audio = CallerAudio.wav(file);
        byte[] expected = new byte[pcm.length];
        MuLaw.encode(pcm, 0, expected, 0, pcm.length);
        assertThat(audio.length()).isEqualTo(801);
        byte[] frame = new byte[160];
        audio.frame(3, frame);
        assertThat(frame).isEqualTo(Arrays.copyOfRange(expected, 480, 640));
    }

    @Test
    void a16kHzWavIsResampledToHalfTheSamples(@TempDir Path dir) throws Exception {
        short[] pcm = new short[16_000];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (8_000 * Math.sin(2 * Math.PI * 440 * i / 16_000.0));
        }
        Path file = dir.resolve("b.wav");
        try (WavWriter w = WavWriter.create(file, SampleEncoding.S16LE, 16_000)) {
            w.write(pcm, 0, pcm.length);
        }
        assertThat(CallerAudio.wav(file).length()).isEqualTo(8000);
    }

    @Test
    void delayedAudioStartsAfterThatManySamplesOfSilence() {
        byte[] codes = new byte[300];
        Arrays.fill(codes, (byte) 0x11);
        // 21.5 ms = 172 samples: the audio starts 12 bytes into the second frame.
        CallerAudio audio = CallerAudio.muLaw(codes).delayedBy(Duration.ofNanos(21_500_000));
        assertThat(audio.length()).isEqualTo(172 + 300);
        byte[] frame = new byte[160];
        audio.frame(0, frame);
        byte[] expected = new byte[160];
        Arrays.fill(expected, MuLaw.SILENCE);
        assertThat(frame).isEqualTo(expected);
        audio.frame(1, frame);
        Arrays.fill(expected, 12, 160, (byte) 0x11);
        assertThat(frame).isEqualTo(expected);
        audio.frame(2, frame); // samples 320..479: the audio ends at 472
        Arrays.fill(expected, 0, 152, (byte) 0x11);
        Arrays.fill(expected, 152, 160, MuLaw.SILENCE);
        assertThat(frame).isEqualTo(expected);
        // A part of a sample (124 us) is no delay at all.
        CallerAudio undelayed = CallerAudio.muLaw(codes);
        assertThat(undelayed.delayedBy(Duration.ofNanos(124_999))).isSameAs(undelayed);
        assertThatThrownBy(() -> undelayed.delayedBy(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-0.001S");
    }
}
