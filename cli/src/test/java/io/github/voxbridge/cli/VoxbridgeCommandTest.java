package io.github.voxbridge.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.voxbridge.dsp.codec.ALaw;
import io.github.voxbridge.dsp.codec.MuLaw;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.Random;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Runs the command in-process with injected stdin/stdout and captured stderr. */
class VoxbridgeCommandTest {

    /** What one run left behind. */
    record Run(int status, byte[] stdout, String text, String stderr) {
    }

    private static Run run(byte[] stdin, String... args) {
        return run(new ByteArrayInputStream(stdin), args);
    }

    private static Run run(InputStream stdin, String... args) {
        ByteArrayOutputStream binary = new ByteArrayOutputStream();
        StringWriter text = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = VoxbridgeCommand.commandLine(stdin, binary);
        cmd.setOut(new PrintWriter(text, true));
        cmd.setErr(new PrintWriter(err, true));
        int status = cmd.execute(args);
        return new Run(status, binary.toByteArray(), text.toString(), err.toString());
    }

    private static short[] randomSamples(int count, long seed) {
        short[] samples = new short[count];
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            samples[i] = (short) random.nextInt();
        }
        samples[0] = Short.MIN_VALUE;
        samples[1] = Short.MAX_VALUE;
        return samples;
    }

    private static byte[] s16le(short[] samples) {
        byte[] bytes = new byte[2 * samples.length];
        for (int i = 0; i < samples.length; i++) {
            bytes[2 * i] = (byte) samples[i];
            bytes[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        return bytes;
    }

    /** An input stream that hands out at most {@code piece} bytes per read, like a slow pipe. */
    private static InputStream trickle(byte[] bytes, int piece) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, piece));
            }
        };
    }

    // 200,001 samples: several 64 KiB blocks and a partial one.
    @ParameterizedTest
    @ValueSource(ints = {200_001, 1, 0})
    void encodeMatchesTheCodecs(int count) {
        short[] samples = randomSamples(Math.max(count, 2), 42);
        samples = Arrays.copyOf(samples, count);
        byte[] expectedMu = new byte[count];
        MuLaw.encode(samples, 0, expectedMu, 0, count);
        byte[] expectedA = new byte[count];
        ALaw.encode(samples, 0, expectedA, 0, count);

        Run mu = run(s16le(samples), "encode", "--codec", "mulaw");
        assertEquals(0, mu.status(), mu.stderr());
        assertArrayEquals(expectedMu, mu.stdout());
        assertEquals("", mu.stderr());
        Run a = run(s16le(samples), "encode", "--codec=ALAW");
        assertEquals(0, a.status(), a.stderr());
        assertArrayEquals(expectedA, a.stdout());
    }

    @Test
    void encodeCarriesOddBytesAcrossReads() {
        short[] samples = randomSamples(10_001, 7);
        byte[] expected = new byte[samples.length];
        MuLaw.encode(samples, 0, expected, 0, samples.length);
        Run run = run(trickle(s16le(samples), 3), "encode", "--codec", "mulaw");
        assertEquals(0, run.status(), run.stderr());
        assertArrayEquals(expected, run.stdout());
    }

    @Test
    void decodeMatchesTheCodecs() {
        byte[] codes = new byte[3 * 65536 + 17];
        new Random(3).nextBytes(codes);
        for (int code = 0; code < 256; code++) {
            codes[code] = (byte) code;
        }
        short[] mu = new short[codes.length];
        MuLaw.decode(codes, 0, mu, 0, codes.length);
        short[] a = new short[codes.length];
        ALaw.decode(codes, 0, a, 0, codes.length);

        Run muRun = run(codes, "decode", "--codec", "mulaw");
        assertEquals(0, muRun.status(), muRun.stderr());
        assertArrayEquals(s16le(mu), muRun.stdout());
        Run aRun = run(trickle(codes, 1000), "decode", "--codec", "alaw");
        assertEquals(0, aRun.status(), aRun.stderr());
        assertArrayEquals(s16le(a), aRun.stdout());
    }

    @Test
    void anOddByteCountFailsWithOneLineAfterWritingEveryCompleteSample() {
        short[] samples = randomSamples(2400, 9);
        byte[] input = Arrays.copyOf(s16le(samples), 4801);
        byte[] expected = new byte[2400];
        MuLaw.encode(samples, 0, expected, 0, 2400);

        Run run = run(input, "encode", "--codec", "mulaw");
        assertEquals(1, run.status());
        assertArrayEquals(expected, run.stdout());
        assertEquals("voxbridge encode: odd byte count 4801 at end of stream: 1 dangling byte"
                + " (s16le, 2 bytes per sample)" + System.lineSeparator(), run.stderr());
    }

    @Test
    void anUnknownCodecIsAUsageErrorNamingTheValueAndTheValidOnes() {
        Run run = run(new byte[0], "encode", "--codec", "g722");
        assertEquals(2, run.status());
        assertTrue(run.stderr().startsWith(
                "Invalid value for option '--codec': unknown codec 'g722' (expected one of: mulaw, alaw)"),
                run.stderr());
        assertTrue(run.stderr().contains("Usage: voxbridge encode"), run.stderr());
        assertEquals(0, run.stdout().length);
    }

    @Test
    void otherUsageErrorsExitWithTwo() {
        assertEquals(2, run(new byte[0], "decode").status()); // --codec is required
        assertEquals(2, run(new byte[0], "encode", "--codec", "mulaw", "--rate", "8000").status());
        assertEquals(2, run(new byte[0], "resample").status()); // --in-rate and --out-rate are required
        Run none = run(new byte[0]);
        assertEquals(2, none.status());
        assertTrue(none.stderr().startsWith(
                "Missing required subcommand (speak, engines, encode, decode, resample, serve or simulate)"),
                none.stderr());
    }

    @Test
    void helpListsTheSubcommands() {
        Run run = run(new byte[0], "--help");
        assertEquals(0, run.status());
        assertTrue(run.text().startsWith("Usage: voxbridge"), run.text());
        assertTrue(run.text().contains("encode") && run.text().contains("decode"), run.text());
        Run encode = run(new byte[0], "encode", "--help");
        assertEquals(0, encode.status());
        assertTrue(encode.text().contains("--codec=<codec>") && encode.text().contains("mulaw, alaw"), encode.text());
    }

    /**
     * The version of the build running the tests: cli/pom.xml passes {@code ${project.version}} to surefire and
     * failsafe as the system property {@code voxbridge.project.version}.
     */
    static String projectVersion() {
        String version = System.getProperty("voxbridge.project.version");
        assertTrue(version != null && !version.isBlank() && !version.contains("${"),
                "system property voxbridge.project.version is " + version + ": run the tests through Maven");
        return version;
    }

    @Test
    void versionIsTheProjectVersion() {
        Run run = run(new byte[0], "--version");
        assertEquals(0, run.status());
        assertEquals("voxbridge " + projectVersion() + System.lineSeparator(), run.text());
    }

    @Test
    void theLibraryLogsOnlyWarningsUnlessVerbose() {
        Logger voxbridge = Logger.getLogger(VoxbridgeCommand.LOGGER_NAMESPACE);
        run(new byte[0], "encode", "--codec", "mulaw");
        assertEquals(Level.WARNING, voxbridge.getLevel());
        assertTrue(!Logger.getLogger("io.github.voxbridge.dsp.simd").isLoggable(Level.INFO));
        run(new byte[0], "encode", "--codec", "mulaw", "--verbose");
        assertEquals(Level.INFO, voxbridge.getLevel());
        run(new byte[0], "--verbose", "decode", "--codec", "alaw");
        assertEquals(Level.INFO, voxbridge.getLevel());
        run(new byte[0], "decode", "--codec", "alaw");
        assertEquals(Level.WARNING, voxbridge.getLevel());
    }
}
