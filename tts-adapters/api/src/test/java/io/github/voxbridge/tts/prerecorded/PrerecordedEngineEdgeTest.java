package io.github.voxbridge.tts.prerecorded;

import static io.github.voxbridge.tts.prerecorded.PrerecordedEngineTest.play;
import static io.github.voxbridge.tts.prerecorded.PrerecordedEngineTest.testSignal;
import static io.github.voxbridge.tts.prerecorded.PrerecordedEngineTest.writeWav;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.RecordingSink;
import io.github.voxbridge.tts.TtsEngines;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.TtsException.Kind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The prerecorded engine at its edges: streamed WAV files, float stereo, cancellation, errors and the builder. */
class PrerecordedEngineEdgeTest {

    @TempDir
    Path dir;

    /** A WAV header (PCM tag for s16/u8, float tag for f32) with the given data size, then {@code data}. */
    private static byte[] wav(int formatTag, int channels, int bitsPerSample, int rate, long dataSize, byte[] data) {
        int blockAlign = channels * bitsPerSample / 8;
        ByteBuffer b = ByteBuffer.allocate(44 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(-1).put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) formatTag)
                .putShort((short) channels).putInt(rate).putInt(rate * blockAlign).putShort((short) blockAlign)
                .putShort((short) bitsPerSample).put("data".getBytes(StandardCharsets.US_ASCII))
                .putInt((int) dataSize).put(data);
        return b.array();
    }

    private static byte[] bytes(int n, int seed) {
        byte[] data = new byte[n];
        new java.util.Random(seed).nextBytes(data);
        return data;
    }

    @Test
    void aWavOfUnknownLengthIsPlayedToTheEndOfTheFile() throws Exception {
        byte[] data = bytes(5000, 1);
        Files.write(dir.resolve("live.wav"), wav(1, 1, 16, 16000, 0xFFFFFFFFL, data));
        PrerecordedEngine engine = PrerecordedEngine.builder().wav("live", dir.resolve("live.wav")).chunkBytes(333)
                .build();
        RecordingSink sink = play(engine, "live");
        assertThat(sink.format()).isEqualTo(new AudioFormatSpec(SampleEncoding.S16LE, 16000));
        assertThat(sink.bytes()).isEqualTo(data);
    }

    @Test
    void aWavOfUnknownLengthEndingInsideASampleIsAProtocolErrorAfterEveryByteThatWasThere() throws Exception {
        byte[] data = bytes(1001, 2);
        Path file = dir.resolve("odd.wav");
        Files.write(file, wav(1, 1, 16, 8000, 0xFFFFFFFFL, data));
        PrerecordedEngine engine = PrerecordedEngine.builder().wav("odd", file).chunkBytes(400).build();
        RecordingSink sink = new RecordingSink();
        assertThatThrownBy(() -> engine.synthesize("odd", sink, new CancellationToken()))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
                .hasMessage("prerecorded: bad WAV file " + file + ": data of " + file + " ends inside a sample: 1001"
                        + " bytes is not a whole number of 2-byte s16le samples");
        assertThat(sink.bytes()).as("the partial chunk is flushed before the error").isEqualTo(data);
    }

    @Test
    void aWavCutShortNamesTheDeclaredAndTheDeliveredSizes() throws Exception {
        Path file = dir.resolve("cut.wav");
        writeWav(file, SampleEncoding.S16LE, 8000, testSignal(8000, 5));
        PrerecordedEngine engine = PrerecordedEngine.builder().wav("cut", file).build();
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length - 501));
        assertThatThrownBy(() -> play(engine, "cut"))
                .hasMessage("prerecorded: bad WAV file " + file + ": data chunk of " + file + " declares 16000 bytes"
                        + " but the file ends after 15499: 501 bytes missing");
    }

    @Test
    void floatStereoIsDownmixedInFloatWithoutLosingPrecision() throws Exception {
        int frames = 3000; // several blocks of the default 1024-byte chunks
        ByteBuffer data = ByteBuffer.allocate(frames * 8).order(ByteOrder.LITTLE_ENDIAN);
        float[] expected = new float[frames];
        for (int i = 0; i < frames; i++) {
            float left = (float) Math.sin(i * 0.01) * 0.7f + 1e-6f * i;
            float right = (float) Math.cos(i * 0.013) * 0.3f;
            data.putFloat(left).putFloat(right);
            expected[i] = (left + right) / 2;
        }
        Files.write(dir.resolve("f32.wav"), wav(3, 2, 32, 24000, frames * 8L, data.array()));
        PrerecordedEngine engine = PrerecordedEngine.builder().wav("f32", dir.resolve("f32.wav")).build();
        RecordingSink sink = play(engine, "f32");
        assertThat(sink.format()).isEqualTo(new AudioFormatSpec(SampleEncoding.F32LE, 24000));
        ByteBuffer out = ByteBuffer.wrap(sink.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(out.remaining()).isEqualTo(frames * 4);
        for (int i = 0; i < frames; i++) {
            assertThat(out.getFloat()).as("frame %d", i).isEqualTo(expected[i]);
        }
    }

    @Test
    void a16BitStereoFileLongerThanOneBlockIsDownmixedWhole() throws Exception {
        int frames = 5000;
        ByteBuffer data = ByteBuffer.allocate(frames * 4).order(ByteOrder.LITTLE_ENDIAN);
        short[] expected = new short[frames];
        for (int i = 0; i < frames; i++) {
            short left = (short) (i * 6 - 15000);
            short right = (short) (2000 - i);
            data.putShort(left).putShort(right);
            expected[i] = (short) Math.rint((left + right) / 2.0);
        }
        Files.write(dir.resolve("s16.wav"), wav(1, 2, 16, 8000, frames * 4L, data.array()));
        PrerecordedEngine engine = PrerecordedEngine.builder().wav("s16", dir.resolve("s16.wav")).build();
        assertThat(play(engine, "s16").samples()).isEqualTo(expected);
    }

    @Test
    void aCancelDuringTheLastChunkStillEndsTheCallAsCancelled() throws Exception {
        writeWav(dir.resolve("short.wav"), SampleEncoding.S16LE, 8000, new short[100]);
        PrerecordedEngine engine = PrerecordedEngine.builder().wav("short", dir.resolve("short.wav")).build();
        CancellationToken cancel = new CancellationToken();
        RecordingSink sink = new RecordingSink() {
            @Override
            public void audio(byte[] chunk, int off, int len) {
                super.audio(chunk, off, len);
                cancel.cancel(); // during the one and only chunk
            }
        };
        assertThatThrownBy(() -> engine.synthesize("short", sink, cancel))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
        assertThat(sink.chunks()).isEqualTo(1);
    }

    @Test
    void aCancelledCallIsCancelledEvenForAnUnknownText() throws Exception {
        CancellationToken cancel = new CancellationToken();
        cancel.cancel();
        RecordingSink sink = new RecordingSink();
        assertThatThrownBy(() -> PrerecordedEngine.builder().build().synthesize("nothing known", sink, cancel))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
        assertThat(sink.formats).isEmpty();
    }

    @Test
    void theUnknownTextErrorListsUpToTenKeysThenAnEllipsis() throws Exception {
        Path file = dir.resolve("x.wav");
        writeWav(file, SampleEncoding.S16LE, 8000, new short[2]);
        assertThatThrownBy(() -> play(PrerecordedEngine.builder().build(), "hi"))
                .hasMessage("prerecorded: no recording for text 'hi' (0 known)");
        PrerecordedEngine.Builder ten = PrerecordedEngine.builder();
        for (int i = 0; i < 10; i++) {
            ten.wav("k" + i, file);
        }
        assertThatThrownBy(() -> play(ten.build(), "hi")).hasMessage("prerecorded: no recording for text 'hi' (10"
                + " known: 'k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9')");
        ten.wav("k10", file);
        assertThatThrownBy(() -> play(ten.build(), "hi")).hasMessage("prerecorded: no recording for text 'hi' (11"
                + " known: 'k0', 'k1', 'k10', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', …)");
    }

    @Test
    void aDirectoryGivesOneRecordingPerWavFileNamedAfterItAndIgnoresTheRest() throws Exception {
        writeWav(dir.resolve("Hello.WAV"), SampleEncoding.S16LE, 8000, new short[4]);
        writeWav(dir.resolve("bye.wav"), SampleEncoding.MULAW, 8000, new short[4]);
        Files.write(dir.resolve(".wav"), new byte[] {1}); // no name before the extension: not a prompt
        Files.write(dir.resolve("notes.txt"), new byte[] {1});
        Files.createDirectories(dir.resolve("folder.wav"));
        PrerecordedEngine engine = PrerecordedEngine.builder().wavDirectory(dir).chunkBytes(3).build();
        assertThat(engine.keys()).containsExactlyInAnyOrder("Hello", "bye");
        assertThat(engine.chunkBytes()).isEqualTo(3);
        assertThat(engine).hasToString("PrerecordedEngine[2 recordings, 3-byte chunks]");
        assertThat(play(engine, "bye").bytes()).hasSize(4);
    }

    @Test
    void theBuilderRefusesWhatCannotBePlayed() throws Exception {
        Path wav = dir.resolve("ok.wav");
        writeWav(wav, SampleEncoding.S16LE, 8000, new short[2]);
        assertThatThrownBy(() -> PrerecordedEngine.builder().chunkBytes(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("chunk size must be at least 1 byte, was 0");
        assertThat(PrerecordedEngine.builder().chunkBytes(1).wav("a", wav).build().chunkBytes()).isEqualTo(1);
        assertThatThrownBy(() -> PrerecordedEngine.builder().wav(" \t", wav))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a recording needs a non-blank text");
        Path missing = dir.resolve("missing.raw");
        assertThatThrownBy(() -> PrerecordedEngine.builder()
                .raw("beep", missing, new AudioFormatSpec(SampleEncoding.S16LE, 8000)).build())
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST))
                .hasMessage("prerecorded: recording of 'beep' is not a readable file: " + missing);
        assertThatThrownBy(() -> PrerecordedEngine.builder().wav("d", dir).build())
                .hasMessage("prerecorded: recording of 'd' is not a readable file: " + dir);
    }

    @Test
    void aFailedCallLeavesNoFileOpen() throws Exception {
        Path file = dir.resolve("p.wav");
        writeWav(file, SampleEncoding.S16LE, 8000, new short[8]);
        PrerecordedEngine engine = PrerecordedEngine.builder().wav("p", file).build();
        Files.write(file, new byte[] {'R', 'I', 'F', 'F', 0, 0}); // broken after the build
        long before = openFiles();
        for (int i = 0; i < 50; i++) {
            assertThatThrownBy(() -> play(engine, "p"))
                    .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL));
        }
        // 50 leaked streams would be 50 descriptors more; a few may come and go with the JVM's own work.
        assertThat(openFiles() - before).isLessThan(10);
    }

    /** This JVM's open file descriptors (Linux and macOS: the JDK's Unix operating-system bean). */
    private static long openFiles() {
        return ((com.sun.management.UnixOperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getOpenFileDescriptorCount();
    }

    @Test
    void theProviderDescribesTheEngine() {
        assertThat(TtsEngines.providers().get("prerecorded").description())
                .isEqualTo("prerecorded WAV prompts played for known texts");
        assertThat(TtsEngines.providers().get("prerecorded").name()).isEqualTo("prerecorded");
    }
}
