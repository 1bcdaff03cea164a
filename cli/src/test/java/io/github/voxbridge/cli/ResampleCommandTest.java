package io.github.voxbridge.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.dsp.resample.PolyphaseResampler;
import io.github.voxbridge.dsp.resample.ResamplerQuality;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code voxbridge resample} in-process: same bytes as the library, streaming through small reads, clear errors. */
class ResampleCommandTest {

    record Run(int status, byte[] stdout, String stderr) {
    }

    private static Run run(InputStream stdin, String... args) {
        ByteArrayOutputStream binary = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        CommandLine cmd = VoxbridgeCommand.commandLine(stdin, binary);
        cmd.setOut(new PrintWriter(new StringWriter(), true));
        cmd.setErr(new PrintWriter(err, true));
        return new Run(cmd.execute(args), binary.toByteArray(), err.toString());
    }

    private static InputStream trickle(byte[] bytes, int piece) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, piece));
            }
        };
    }

    private static float[] sweep(int n, int rate) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double t = (double) i / rate;
            x[i] = (float) (0.7 * Math.sin(2 * Math.PI * (200 + 3000 * t) * t));
        }
        return x;
    }

    /** What the library gives for the whole stream at once, encoded. */
    private static byte[] expected(float[] x, SampleEncoding encoding, int in, int out, ResamplerQuality quality) {
        PolyphaseResampler r = PolyphaseResampler.create(in, out, quality);
        float[] y = new float[r.outputSamplesFor(x.length) + r.flushSamplesBound()];
        int n = r.process(x, 0, x.length, y, 0);
        n += r.flush(y, n);
        byte[] bytes = new byte[n * encoding.bytesPerSample()];
        encoding.encode(y, 0, bytes, 0, n);
        return bytes;
    }

    @ParameterizedTest
    @CsvSource({"24000, 8000, s16le, 7", "22050, 8000, f32le, 4096", "8000, 16000, s16le, 65536",
        "48000, 8000, f32le, 333"})
    void streamsTheSameBytesAsTheLibrary(int in, int out, String encodingId, int piece) {
        SampleEncoding encoding = SampleEncoding.fromId(encodingId);
        float[] x = sweep(in * 3 / 2 + 5, in);
        if (encoding == SampleEncoding.S16LE) {
            // The command sees 16-bit input: quantise the reference the same way.
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.round(x[i] * 32768f) / 32768f;
            }
        }
        byte[] input = new byte[x.length * encoding.bytesPerSample()];
        encoding.encode(x, 0, input, 0, x.length);
        Run run = run(trickle(input, piece), "resample", "--in-rate", "" + in, "--out-rate", "" + out,
                "--encoding", encodingId);
        assertEquals(0, run.status(), run.stderr());
        assertArrayEquals(expected(x, encoding, in, out, ResamplerQuality.defaultFor(in, out)), run.stdout());
        assertEquals((long) Math.ceil((double) x.length * out / in) * encoding.bytesPerSample(), run.stdout().length);
    }

    @Test
    void qualityPresetIsUsed() {
        float[] x = sweep(4800, 24000);
        byte[] input = new byte[x.length * 4];
        SampleEncoding.F32LE.encode(x, 0, input, 0, x.length);
        Run run = run(new ByteArrayInputStream(input), "resample", "--in-rate", "24000", "--out-rate", "8000",
                "--encoding", "f32le", "--quality", "fast");
        assertEquals(0, run.status(), run.stderr());
        assertArrayEquals(expected(x, SampleEncoding.F32LE, 24000, 8000, ResamplerQuality.FAST), run.stdout());
    }

    @ParameterizedTest
    @CsvSource({"0, 8000, input rate 0 Hz", "24000, -5, output rate -5 Hz", "999, 8000, input rate 999 Hz",
        "24000, 384001, output rate 384001 Hz"})
    void badRatesExit2NamingTheValue(int in, int out, String named) {
        Run run = run(new ByteArrayInputStream(new byte[0]), "resample", "--in-rate", "" + in, "--out-rate", "" + out);
        assertEquals(2, run.status());
        assertTrue(run.stderr().contains(named), run.stderr());
        assertTrue(run.stderr().contains("Usage: voxbridge resample"), run.stderr());
    }

    @Test
    void badEncodingOrQualityExit2() {
        Run encoding = run(new ByteArrayInputStream(new byte[0]), "resample", "--in-rate", "24000", "--out-rate",
                "8000", "--encoding", "mulaw");
        assertEquals(2, encoding.status());
        assertTrue(encoding.stderr().contains("unknown encoding 'mulaw' (expected s16le or f32le)"), encoding.stderr());
        Run quality = run(new ByteArrayInputStream(new byte[0]), "resample", "--in-rate", "24000", "--out-rate",
                "8000", "--quality", "best");
        assertEquals(2, quality.status());
        assertTrue(quality.stderr().contains("unknown resampler quality 'best'"), quality.stderr());
    }

    @Test
    void anOddTrailingByteIsAnErrorAfterTheOutputOfEverythingBefore() {
        float[] x = sweep(2400, 24000);
        byte[] even = new byte[4800];
        SampleEncoding.S16LE.encode(x, 0, even, 0, 2400);
        byte[] odd = Arrays.copyOf(even, 4801);
        Run run = run(new ByteArrayInputStream(odd), "resample", "--in-rate", "24000", "--out-rate", "8000");
        assertEquals(1, run.status());
        assertEquals("voxbridge resample: odd byte count 4801 at end of stream: 1 dangling byte (s16le, 2 bytes per"
                + " sample)", run.stderr().strip());
        Run clean = run(new ByteArrayInputStream(even), "resample", "--in-rate", "24000", "--out-rate", "8000");
        assertArrayEquals(clean.stdout(), run.stdout());
    }
}
