package io.github.voxbridge.dsp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The golden files in {@code testdata/g711/} (layout in its README) hold every input and every output of both
 * laws. They were written by {@link #main(String[])} from {@link G191Reference}; this test holds both the
 * reference and the production codecs to them, so a change to either shows up as a diff of checked-in bytes.
 */
class G711GoldenFilesTest {

    static final String MULAW_ENCODE = "mulaw-encode.u8";
    static final String ALAW_ENCODE = "alaw-encode.u8";
    static final String MULAW_DECODE = "mulaw-decode.s16le";
    static final String ALAW_DECODE = "alaw-decode.s16le";

    private static Path goldenDir() {
        String root = System.getProperty("voxbridge.testdata");
        Path base = root != null ? Path.of(root) : Path.of("..", "testdata");
        return base.resolve("g711");
    }

    private static byte[] read(String name) throws IOException {
        Path file = goldenDir().resolve(name);
        assertThat(file).as("golden file (regenerate with G711GoldenFilesTest.main)").exists();
        return Files.readAllBytes(file);
    }

    @Test
    void muLawEncodeTableMatches() throws IOException {
        byte[] golden = read(MULAW_ENCODE);
        assertThat(golden).hasSize(1 << 16);
        assertThat(golden).isEqualTo(referenceEncode(true));
        short[] inputs = inputsAscending();
        byte[] actual = new byte[inputs.length];
        MuLaw.encode(inputs, 0, actual, 0, inputs.length);
        assertThat(actual).isEqualTo(golden);
    }

    @Test
    void aLawEncodeTableMatches() throws IOException {
        byte[] golden = read(ALAW_ENCODE);
        assertThat(golden).hasSize(1 << 16);
        assertThat(golden).isEqualTo(referenceEncode(false));
        short[] inputs = inputsAscending();
        byte[] actual = new byte[inputs.length];
        ALaw.encode(inputs, 0, actual, 0, inputs.length);
        assertThat(actual).isEqualTo(golden);
    }

    @Test
    void decodeTablesMatch() throws IOException {
        byte[] mu = read(MULAW_DECODE);
        byte[] a = read(ALAW_DECODE);
        assertThat(mu).hasSize(512).isEqualTo(referenceDecode(true));
        assertThat(a).hasSize(512).isEqualTo(referenceDecode(false));
        for (int c = 0; c < 256; c++) {
            assertThat(MuLaw.decode((byte) c)).isEqualTo(littleEndianShort(mu, 2 * c));
            assertThat(ALaw.decode((byte) c)).isEqualTo(littleEndianShort(a, 2 * c));
        }
    }

    private static short littleEndianShort(byte[] bytes, int at) {
        return (short) ((bytes[at] & 0xFF) | (bytes[at + 1] << 8));
    }

    private static short[] inputsAscending() {
        short[] inputs = new short[1 << 16];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = (short) (i - 32768);
        }
        return inputs;
    }

    /** Byte k is the code of the input k - 32768. */
    static byte[] referenceEncode(boolean muLaw) {
        byte[] table = new byte[1 << 16];
        for (int k = 0; k < table.length; k++) {
            short x = (short) (k - 32768);
            table[k] = (byte) (muLaw ? G191Reference.ulawCompress(x) : G191Reference.alawCompress(x));
        }
        return table;
    }

    /** Bytes 2c, 2c+1 are the decoded sample of code c, little-endian. */
    static byte[] referenceDecode(boolean muLaw) {
        byte[] table = new byte[512];
        for (int c = 0; c < 256; c++) {
            short x = muLaw ? G191Reference.ulawExpand(c) : G191Reference.alawExpand(c);
            table[2 * c] = (byte) x;
            table[2 * c + 1] = (byte) (x >> 8);
        }
        return table;
    }

    /**
     * Writes the golden files from the reference formulation:
     * {@code java -cp dsp-core/target/test-classes io.github.voxbridge.dsp.codec.G711GoldenFilesTest testdata/g711}.
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "testdata/g711");
        Files.createDirectories(dir);
        Files.write(dir.resolve(MULAW_ENCODE), referenceEncode(true));
        Files.write(dir.resolve(ALAW_ENCODE), referenceEncode(false));
        Files.write(dir.resolve(MULAW_DECODE), referenceDecode(true));
        Files.write(dir.resolve(ALAW_DECODE), referenceDecode(false));
    }
}
