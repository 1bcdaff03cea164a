package io.github.voxbridge.dsp.pcm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Files written by sox and espeak-ng (see {@code src/test/resources/wav/README.md}). */
class WavFixturesTest {

    private static final int SOX_SAMPLES = 7802;

    private static Path fixture(String name) {
        try {
            return Path.of(WavFixturesTest.class.getResource("/wav/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The data chunk of a fixture, found at its known offset rather than by the reader under test. */
    private static byte[] rawData(String name, int headerBytes) throws IOException {
        byte[] file = Files.readAllBytes(fixture(name));
        return Arrays.copyOfRange(file, headerBytes, file.length);
    }

    private static short[] soxPcm() throws IOException {
        byte[] raw = rawData("sox-s16-8000.wav", 44);
        short[] pcm = new short[raw.length / 2];
        SampleEncoding.S16LE.decode(raw, 0, pcm, 0, pcm.length);
        return pcm;
    }

    @Test
    void sox16BitPcm() throws IOException {
        try (WavReader reader = WavReader.open(fixture("sox-s16-8000.wav"))) {
            assertThat(reader.format()).isEqualTo(new WavFormat(SampleEncoding.S16LE, 1, 8000));
            assertThat(reader.frames()).isEqualTo(SOX_SAMPLES);
            assertThat(Arrays.equals(reader.readAllShorts(), soxPcm())).isTrue();
        }
    }

    /*
     * Decoding only: SoX's G.711 encoder is not the G.191 one (it rounds 16-bit input to 14 or 13 bits where
     * G.191 truncates), so its codes for the same samples differ from G.191's by one step here and there; see
     * the fixtures' README. Its decoder is the standard expansion table.
     */

    @Test
    void soxMuLawDecodesAsSoxDecodesIt() throws IOException {
        assertDecodesLikeSox("sox-mulaw-8000.wav", SampleEncoding.MULAW, "sox-mulaw-decoded-s16.wav");
    }

    @Test
    void soxALawDecodesAsSoxDecodesIt() throws IOException {
        assertDecodesLikeSox("sox-alaw-8000.wav", SampleEncoding.ALAW, "sox-alaw-decoded-s16.wav");
    }

    private static void assertDecodesLikeSox(String coded, SampleEncoding law, String decodedBySox) throws IOException {
        byte[] raw = rawData(decodedBySox, 44);
        short[] expected = new short[raw.length / 2];
        SampleEncoding.S16LE.decode(raw, 0, expected, 0, expected.length);
        assertThat(expected).hasSize(SOX_SAMPLES);
        try (WavReader reader = WavReader.open(fixture(coded))) {
            assertThat(reader.format()).isEqualTo(new WavFormat(law, 1, 8000));
            assertThat(reader.frames()).isEqualTo(SOX_SAMPLES);
            short[] ours = reader.readAllShorts();
            // Element by element, so a failure names one sample instead of printing 7802 of them.
            for (int i = 0; i < SOX_SAMPLES; i++) {
                assertThat(ours[i]).as("%s sample %d", coded, i).isEqualTo(expected[i]);
            }
        }
        byte[] codes = rawData(coded, 58);
        short[] viaCodec = new short[SOX_SAMPLES];
        law.decode(codes, 0, viaCodec, 0, SOX_SAMPLES);
        assertThat(Arrays.equals(viaCodec, expected)).isTrue();
    }

    @Test
    void soxFloatIsThe16BitSamplesScaled() throws IOException {
        short[] pcm = soxPcm();
        try (WavReader reader = WavReader.open(fixture("sox-f32-8000.wav"))) {
            assertThat(reader.format()).isEqualTo(new WavFormat(SampleEncoding.F32LE, 1, 8000));
            float[] floats = reader.readAllFloats();
            assertThat(floats).hasSize(SOX_SAMPLES);
            for (int i = 0; i < SOX_SAMPLES; i++) {
                assertThat(floats[i]).isEqualTo(pcm[i] / 32768f);
            }
        }
    }

    @Test
    void soxStereoIsDownmixedToTheAverageOfBothChannels() throws IOException {
        short[] pcm = soxPcm();
        try (WavReader reader = WavReader.open(fixture("sox-s16-stereo-8000.wav"))) {
            assertThat(reader.format()).isEqualTo(new WavFormat(SampleEncoding.S16LE, 2, 8000));
            short[] mono = reader.readAllShorts();
            assertThat(mono).hasSize(SOX_SAMPLES);
            for (int i = 0; i < SOX_SAMPLES; i++) {
                int sum = pcm[i] + pcm[SOX_SAMPLES - 1 - i];
                assertThat(mono[i]).isEqualTo((short) Math.rint(sum / 2.0));
            }
        }
    }

    @Test
    void espeakStdoutWithLiveWriterSizesIsReadToTheEnd() throws IOException {
        byte[] raw = rawData("espeak-s16-22050.wav", 44);
        short[] expected = new short[raw.length / 2];
        SampleEncoding.S16LE.decode(raw, 0, expected, 0, expected.length);
        try (InputStream in = Files.newInputStream(fixture("espeak-s16-22050.wav"));
                WavReader reader = WavReader.open(in)) {
            assertThat(reader.format()).isEqualTo(new WavFormat(SampleEncoding.S16LE, 1, 22050));
            assertThat(reader.frames()).isEqualTo(-1);
            assertThat(Arrays.equals(reader.readAllShorts(), expected)).isTrue();
        }
        try (WavReader reader = WavReader.open(fixture("espeak-s16-22050.wav"))) {
            assertThat(reader.readAllShorts()).hasSize(expected.length);
        }
    }
}
