package io.github.voxbridge.twilio.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.dsp.codec.MuLaw;
import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.dsp.pcm.WavWriter;
import java.nio.file.Path;
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
}
