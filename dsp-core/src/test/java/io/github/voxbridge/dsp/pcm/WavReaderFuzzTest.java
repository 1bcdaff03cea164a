package io.github.voxbridge.dsp.pcm;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.sun.management.ThreadMXBean;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@link WavReader} on any bytes: the header either parses or is rejected with a {@link WavFormatException}, and a
 * parsed stream reads to its end or to a {@link WavFormatException} (data cut short); no other exception, no
 * endless loop, no allocation beyond what the data delivers (measured for {@code readAllFloats}). Reading the same
 * bytes as floats and as 16-bit samples, in pieces of different sizes, must agree sample by sample
 * ({@code short == Pcm16.fromFloat(float)} for every format, up to the end or the error) and end the same way;
 * {@code readAllFloats} ends the same way too; and a clean end delivers exactly {@link WavReader#frames()} samples
 * when the header declared them. {@link WavReader#open(Path)} on the same bytes as a file accepts and rejects
 * alike, except that it reports a data chunk longer than the file at open.
 *
 * <p>{@code mvn verify} replays the seed corpus in {@code WavReaderFuzzTestInputs/anyBytes/}: hand-made files with
 * descriptive names (a header of every format and layout the reader accepts, and one of each way to be wrong),
 * the inputs the fuzzer kept for new coverage (SHA-1 names, from a few minutes of fuzzing), and every finding
 * ({@code finding-*}). With {@code JAZZER_FUZZ=1} set it fuzzes instead.
 */
class WavReaderFuzzTest {

    /** Sizes of the {@code read(float[], ...)} calls, cycled: single samples, odd sizes, and more than a buffer. */
    private static final int[] READ_SIZES = {1, 7, 4_096, 2, 20_000, 3};
    /** Sizes of the {@code read(short[], ...)} calls: other boundaries than the float reads. */
    private static final int[] SHORT_READ_SIZES = {5, 1, 16_385, 2};

    /**
     * Fixed allocation that {@code readAllFloats} may make whatever the input: its first array, at most
     * {@link WavReader#MAX_INITIAL_SAMPLES} floats, and 1 MiB for everything else.
     */
    private static final long ALLOCATION_ALLOWANCE = 4L * WavReader.MAX_INITIAL_SAMPLES + (1 << 20);

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static Path file;

    @FuzzTest(maxDuration = "30s")
    void anyBytes(byte[] bytes) throws IOException {
        Outcome floats = readFloatsInPieces(bytes);
        Outcome shorts = readShortsInPieces(bytes);
        assertThat(shorts.error()).as("how reading ends, as shorts vs as floats").isEqualTo(floats.error());
        assertThat(shorts.samples().length).as("samples read as shorts vs as floats")
                .isEqualTo(floats.floats().length);
        for (int i = 0; i < shorts.samples().length; i++) {
            if (shorts.samples()[i] != Pcm16.fromFloat(floats.floats()[i])) {
                assertThat(shorts.samples()[i]).as("sample %d: as short vs float %s", i, floats.floats()[i])
                        .isEqualTo(Pcm16.fromFloat(floats.floats()[i]));
            }
        }
        if (floats.frames() >= 0 && floats.error() == null) {
            assertThat((long) floats.floats().length).as("samples of a complete stream").isEqualTo(floats.frames());
        }

        Outcome all = readAllFloats(bytes);
        assertThat(all.error()).as("how readAllFloats ends").isEqualTo(floats.error());
        if (all.error() == null) {
            assertThat(rawBits(all.floats())).as("readAllFloats vs reads in pieces")
                    .isEqualTo(rawBits(floats.floats()));
        }

        // The file is read with readAllShorts: on a complete stream it gives the samples read in pieces above.
        Outcome fromFile = readFile(bytes);
        if (floats.error() == null || floats.error().startsWith("open:")) {
            assertThat(fromFile.error()).as("open(Path) vs open(InputStream)").isEqualTo(floats.error());
            assertThat(fromFile.samples()).as("samples from the file").isEqualTo(shorts.samples());
        } else {
            // Cut short: the file reader says so at open, or (unknown length) at the same point of reading.
            assertThat(fromFile.error()).as("open(Path) of a stream that is cut short").isNotNull();
        }
    }

    /** What one way of reading delivered: the samples before the end and the error it ended with, if any. */
    private record Outcome(long frames, float[] floats, short[] samples, String error) {
    }

    private static Outcome readFloatsInPieces(byte[] bytes) throws IOException {
        WavReader reader;
        try {
            reader = WavReader.open(new ByteArrayInputStream(bytes));
        } catch (WavFormatException e) {
            return new Outcome(-1, new float[0], new short[0], "open: " + e.getMessage());
        }
        assertFormatIsSane(reader);
        float[] all = new float[64];
        int count = 0;
        String error = null;
        try (reader) {
            for (int call = 0; ; call++) {
                int size = READ_SIZES[call % READ_SIZES.length];
                if (all.length - count < size) {
                    all = Arrays.copyOf(all, Math.max(2 * all.length, count + size));
                }
                int n = reader.read(all, count, size);
                if (n < 0) {
                    break;
                }
                assertThat(n).as("samples from a read of %d", size).isBetween(1, size);
                count += n;
            }
        } catch (WavFormatException e) {
            error = "read: " + e.getMessage();
        }
        return new Outcome(reader.frames(), Arrays.copyOf(all, count), new short[0], error);
    }

    /** Reads with {@code read(short[], ...)} in pieces of sizes cycling through {@link #SHORT_READ_SIZES}. */
    private static Outcome readShortsInPieces(byte[] bytes) throws IOException {
        WavReader reader;
        try {
            reader = WavReader.open(new ByteArrayInputStream(bytes));
        } catch (WavFormatException e) {
            return new Outcome(-1, new float[0], new short[0], "open: " + e.getMessage());
        }
        short[] all = new short[16];
        int count = 0;
        String error = null;
        try (reader) {
            for (int call = 0; ; call++) {
                int size = SHORT_READ_SIZES[call % SHORT_READ_SIZES.length];
                if (all.length - count < size) {
                    all = Arrays.copyOf(all, Math.max(2 * all.length, count + size));
                }
                int n = reader.read(all, count, size);
                if (n < 0) {
                    break;
                }
                assertThat(n).as("samples from a read of %d", size).isBetween(1, size);
                count += n;
            }
        } catch (WavFormatException e) {
            error = "read: " + e.getMessage();
        }
        return new Outcome(reader.frames(), new float[0], Arrays.copyOf(all, count), error);
    }

    /**
     * {@code readAllFloats} on a stream, which must not allocate for a length the header merely claims: at most
     * {@link #ALLOCATION_ALLOWANCE} plus 16 bytes per input byte (a float per byte, the result copied once, and
     * the doubling of the array it grows in), measured by the JVM's per-thread allocation counter.
     */
    private static Outcome readAllFloats(byte[] bytes) throws IOException {
        WavReader reader;
        try {
            reader = WavReader.open(new ByteArrayInputStream(bytes));
        } catch (WavFormatException e) {
            return new Outcome(-1, new float[0], new short[0], "open: " + e.getMessage());
        }
        long before = THREADS.getCurrentThreadAllocatedBytes();
        float[] all = new float[0];
        String error = null;
        try (reader) {
            all = reader.readAllFloats();
        } catch (WavFormatException e) {
            error = "read: " + e.getMessage();
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated by readAllFloats for %d input bytes declaring %d frames",
                bytes.length, reader.frames()).isLessThanOrEqualTo(ALLOCATION_ALLOWANCE + 16L * bytes.length);
        return new Outcome(reader.frames(), all, new short[0], error);
    }

    private static int[] rawBits(float[] samples) {
        int[] bits = new int[samples.length];
        for (int i = 0; i < samples.length; i++) {
            bits[i] = Float.floatToRawIntBits(samples[i]);
        }
        return bits;
    }

    private static Outcome readFile(byte[] bytes) throws IOException {
        if (file == null) {
            file = Files.createTempFile("voxbridge-wav-fuzz", ".wav");
            file.toFile().deleteOnExit();
        }
        Files.write(file, bytes);
        try (WavReader reader = WavReader.open(file)) {
            assertFormatIsSane(reader);
            try {
                return new Outcome(reader.frames(), new float[0], reader.readAllShorts(), null);
            } catch (WavFormatException e) {
                return new Outcome(reader.frames(), new float[0], new short[0], "read: " + e.getMessage());
            }
        } catch (WavFormatException e) {
            return new Outcome(-1, new float[0], new short[0], "open: " + e.getMessage());
        }
    }

    private static void assertFormatIsSane(WavReader reader) {
        WavFormat format = reader.format();
        assertThat(format.channels()).isBetween(1, 2);
        assertThat(format.sampleRate()).isPositive();
        assertThat(format.encoding()).isNotEqualTo(SampleEncoding.S16BE);
        assertThat(reader.frames()).isGreaterThanOrEqualTo(-1);
    }
}
