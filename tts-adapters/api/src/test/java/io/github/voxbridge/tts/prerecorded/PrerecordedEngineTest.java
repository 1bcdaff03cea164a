package io.github.voxbridge.tts.prerecorded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.dsp.pcm.WavWriter;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.RecordingSink;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngines;
import io.github.voxbridge.tts.TtsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PrerecordedEngineTest {

    @TempDir
    Path dir;

    /** A second of a 440 Hz tone with noise, covering the whole 16-bit range (so every codec sees both signs). */
    static short[] testSignal(int rate, long seed) {
        Random random = new Random(seed);
        short[] s = new short[rate];
        for (int i = 0; i < s.length; i++) {
            double v = 20_000 * Math.sin(2 * Math.PI * 440 * i / rate) + random.nextGaussian() * 3000;
            s[i] = (short) Math.max(-32768, Math.min(32767, Math.round(v)));
        }
        s[0] = Short.MIN_VALUE;
        s[1] = Short.MAX_VALUE;
        s[2] = 0;
        s[3] = -1;
        return s;
    }

    /** Writes {@code samples} as a mono WAV file and returns the bytes of its data chunk. */
    static byte[] writeWav(Path file, SampleEncoding encoding, int rate, short[] samples) throws IOException {
        try (WavWriter writer = WavWriter.create(file, encoding, rate)) {
            writer.write(samples, 0, samples.length);
        }
        byte[] data = new byte[samples.length * encoding.bytesPerSample()];
        encoding.encode(samples, 0, data, 0, samples.length);
        return data;
    }

    static RecordingSink play(TtsEngine engine, String text) throws TtsException {
        RecordingSink sink = new RecordingSink();
        engine.synthesize(text, sink, new CancellationToken());
        return sink;
    }

    @ParameterizedTest
    @EnumSource(value = SampleEncoding.class, names = "S16BE", mode = EnumSource.Mode.EXCLUDE)
    void wavFilesComeBackBitExactInChunksOfTheConfiguredSize(SampleEncoding encoding) throws Exception {
        short[] samples = testSignal(8000, encoding.ordinal());
        byte[] data = writeWav(dir.resolve("prompt.wav"), encoding, 8000, samples);
        for (int chunkBytes : new int[] {1, 3, 160, 1023, 1024, data.length, data.length + 1}) {
            PrerecordedEngine engine = PrerecordedEngine.builder()
                    .wav("Welcome to voxbridge.", dir.resolve("prompt.wav")).chunkBytes(chunkBytes).build();

            RecordingSink sink = play(engine, "  Welcome   to\nvoxbridge. ");

            assertThat(sink.format()).isEqualTo(new AudioFormatSpec(encoding, 8000));
            assertThat(sink.bytes()).as("%s in %d-byte chunks", encoding, chunkBytes).isEqualTo(data);
            assertChunking(sink, chunkBytes, data.length);
        }
    }

    @Test
    void muLawNegativeZeroIsKeptAsStored() throws Exception {
        // Codes 0x7F and 0xFF both decode to 0; a decode/encode round trip would turn one into the other.
        short[] samples = {-1, 0, 1, -1};
        byte[] data = writeWav(dir.resolve("zeros.wav"), SampleEncoding.MULAW, 8000, samples);
        assertThat(data).contains((byte) 0x7F);
        PrerecordedEngine engine = PrerecordedEngine.builder().wav("zeros", dir.resolve("zeros.wav")).build();
        assertThat(play(engine, "zeros").bytes()).isEqualTo(data);
    }

    @Test
    void rawFilesAreStreamedInTheDeclaredFormatAndOddChunksSplitSamples() throws Exception {
        short[] samples = testSignal(24_000, 7);
        byte[] data = new byte[samples.length * 2];
        SampleEncoding.S16BE.encode(samples, 0, data, 0, samples.length);
        Path raw = dir.resolve("beep.raw");
        Files.write(raw, data);
        AudioFormatSpec format = new AudioFormatSpec(SampleEncoding.S16BE, 24_000);
        PrerecordedEngine engine = PrerecordedEngine.builder().raw("beep", raw, format).chunkBytes(999).build();

        RecordingSink sink = play(engine, "beep");

        assertThat(sink.format()).isEqualTo(format);
        assertThat(sink.bytes()).isEqualTo(data);
        assertChunking(sink, 999, data.length);
        assertThat(sink.samples()).as("decoded across split samples").isEqualTo(samples);
    }

    @Test
    void stereoWavIsDownmixedToMono() throws Exception {
        // 16-bit stereo: left = 1000, right = -200 in every frame; the mono downmix is 400.
        int frames = 100;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(44 + frames * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + frames * 4).put("WAVE".getBytes()).put("fmt ".getBytes()).putInt(16)
                .putShort((short) 1).putShort((short) 2).putInt(8000).putInt(8000 * 4).putShort((short) 4)
                .putShort((short) 16).put("data".getBytes()).putInt(frames * 4);
        for (int i = 0; i < frames; i++) {
            b.putShort((short) 1000).putShort((short) -200);
        }
        Files.write(dir.resolve("stereo.wav"), b.array());
        PrerecordedEngine engine = PrerecordedEngine.builder().wav("stereo", dir.resolve("stereo.wav")).build();

        RecordingSink sink = play(engine, "stereo");

        assertThat(sink.format()).isEqualTo(new AudioFormatSpec(SampleEncoding.S16LE, 8000));
        short[] expected = new short[frames];
        Arrays.fill(expected, (short) 400);
        assertThat(sink.samples()).isEqualTo(expected);
    }

    @Test
    void unknownTextIsABadRequestQuotingABoundedExcerpt() throws Exception {
        writeWav(dir.resolve("hello.wav"), SampleEncoding.S16LE, 8000, new short[10]);
        writeWav(dir.resolve("goodbye.wav"), SampleEncoding.S16LE, 8000, new short[10]);
        TtsEngine engine = TtsEngines.create("prerecorded", Map.of("dir", dir.toString()));

        assertThatThrownBy(() -> play(engine, "Good morning"))
                .isInstanceOfSatisfying(TtsException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TtsException.Kind.BAD_REQUEST);
                    assertThat(e.engine()).isEqualTo("prerecorded");
                })
                .hasMessage("prerecorded: no recording for text 'Good morning' (2 known: 'goodbye', 'hello')");
        String longText = "word ".repeat(10_000);
        assertThatThrownBy(() -> play(engine, longText))
                .isInstanceOf(TtsException.class)
                .hasMessageContaining("(49999 chars)")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
        assertThat(play(engine, "hello").bytes()).hasSize(20);
    }

    @Test
    void emptyOrBlankTextPlaysNothing() throws TtsException {
        PrerecordedEngine engine = PrerecordedEngine.builder().build();
        for (String text : new String[] {"", " ", "\t\n"}) {
            RecordingSink sink = play(engine, text);
            assertThat(sink.formats).isEmpty();
            assertThat(sink.chunks()).isZero();
        }
    }

    @Test
    void cancellationStopsBeforeTheNextChunk() throws Exception {
        byte[] data = writeWav(dir.resolve("long.wav"), SampleEncoding.S16LE, 16_000, testSignal(16_000, 3));
        PrerecordedEngine engine = PrerecordedEngine.builder().wav("long", dir.resolve("long.wav")).chunkBytes(640)
                .build();
        CancellationToken cancel = new CancellationToken();
        RecordingSink sink = new RecordingSink() {
            @Override
            public void audio(byte[] chunk, int off, int len) {
                super.audio(chunk, off, len);
                if (chunks() == 2) {
                    cancel.cancel();
                }
            }
        };
        assertThatThrownBy(() -> engine.synthesize("long", sink, cancel))
                .isInstanceOfSatisfying(TtsException.class,
                        e -> assertThat(e.kind()).isEqualTo(TtsException.Kind.CANCELLED));
        assertThat(sink.chunks()).isEqualTo(2);
        assertThat(sink.bytes()).isEqualTo(Arrays.copyOf(data, 1280));
    }

    @Test
    void missingOrBrokenFilesAreReportedWhenTheEngineIsBuilt() throws IOException {
        assertThatThrownBy(() -> PrerecordedEngine.builder().wav("hi", dir.resolve("nope.wav")).build())
                .isInstanceOfSatisfying(TtsException.class,
                        e -> assertThat(e.kind()).isEqualTo(TtsException.Kind.BAD_REQUEST))
                .hasMessageContaining("nope.wav");
        Files.write(dir.resolve("junk.wav"), new byte[] {'R', 'I', 'F', 'X', 0, 0});
        assertThatThrownBy(() -> PrerecordedEngine.builder().wav("hi", dir.resolve("junk.wav")).build())
                .isInstanceOf(TtsException.class)
                .hasMessageContaining("junk.wav")
                .hasMessageContaining("not a usable WAV file");
    }

    @Test
    void aWavFileCutShortOnDiskIsAProtocolErrorAfterTheAudioThatWasThere() throws Exception {
        Path file = dir.resolve("cut.wav");
        byte[] data = writeWav(file, SampleEncoding.S16LE, 8000, testSignal(8000, 5));
        PrerecordedEngine engine = PrerecordedEngine.builder().wav("cut", file).chunkBytes(1000).build();
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length - 501)); // truncated after the engine was built

        RecordingSink sink = new RecordingSink();
        assertThatThrownBy(() -> engine.synthesize("cut", sink, new CancellationToken()))
                .isInstanceOfSatisfying(TtsException.class,
                        e -> assertThat(e.kind()).isEqualTo(TtsException.Kind.PROTOCOL))
                .hasMessageContaining("501 bytes missing");
        assertThat(sink.bytes()).isEqualTo(Arrays.copyOf(data, data.length - 501));
    }

    static void assertChunking(RecordingSink sink, int chunkBytes, int total) {
        int expectedChunks = (total + chunkBytes - 1) / chunkBytes;
        assertThat(sink.chunks()).isEqualTo(expectedChunks);
        for (int i = 0; i < expectedChunks - 1; i++) {
            assertThat(sink.chunkSizes.get(i)).isEqualTo(chunkBytes);
        }
        assertThat(sink.chunkSizes.get(expectedChunks - 1)).isEqualTo(total - (expectedChunks - 1) * chunkBytes);
    }
}
