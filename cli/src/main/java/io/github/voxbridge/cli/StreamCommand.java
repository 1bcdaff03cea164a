package io.github.voxbridge.cli;

import io.github.voxbridge.dsp.pcm.PcmFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What {@code encode} and {@code decode} share: a constant-memory pass from stdin to stdout in 64 KiB blocks,
 * and the rule that a malformed input or an I/O failure ends with exit status 1 and one line on stderr, after
 * every complete sample before the problem has been written.
 */
abstract class StreamCommand implements Callable<Integer> {

    /** Bytes read from stdin per block; 64 KiB is a Linux pipe's capacity, so one read usually drains it. */
    static final int INPUT_BLOCK_BYTES = 64 * 1024;

    static final int EXIT_BAD_INPUT = 1;

    @ParentCommand
    VoxbridgeCommand parent;

    @Spec
    CommandSpec spec;

    /*
     * A one-shot G.711 pass is over before C2 has compiled the Vector API kernels (about a second into the run;
     * until then each vector operation is an object on the heap), so the 64 KiB tables finish a 10-minute file
     * in a third of the time. Long-running services reach the compiled vector kernels and keep the default.
     */
    @Option(names = "--simd", paramLabel = "<kernels>",
            description = "Kernels: ${COMPLETION-CANDIDATES}. scalar: portable loops and tables; auto: the Vector "
                    + "API when available, as the library does. Default: scalar for encode/decode (a one-shot "
                    + "table pass beats waiting for the JIT), auto for resample (FMA pays for it).")
    Simd simd;

    /** The kernels this command uses when {@code --simd} is not given. */
    Simd defaultSimd() {
        return Simd.scalar;
    }

    /** Values of {@code --simd}, spelled as the library's {@code voxbridge.simd} property. */
    enum Simd { scalar, auto }

    @Override
    public final Integer call() {
        parent.configureLogging();
        // Read once, when the codecs are first used, which is after this point.
        if (System.getProperty("voxbridge.simd") == null) {
            System.setProperty("voxbridge.simd", (simd != null ? simd : defaultSimd()).name());
        }
        try {
            transcode(parent.stdin, parent.stdout);
            return 0;
        } catch (PcmFormatException e) {
            return fail(e.getMessage());
        } catch (IOException e) {
            return fail("I/O error: " + e.getMessage());
        } finally {
            try {
                parent.stdout.flush();
            } catch (IOException ignored) {
                // Already reporting the first failure; a second one on the same stream says nothing new.
            }
        }
    }

    /**
     * Copies all of {@code in} to {@code out}, converted; writes each block as soon as it is converted.
     *
     * @throws PcmFormatException if the input ends inside a sample (after writing all complete ones)
     */
    abstract void transcode(InputStream in, OutputStream out) throws IOException;

    private int fail(String problem) {
        spec.commandLine().getErr().println("voxbridge " + spec.name() + ": " + problem);
        spec.commandLine().getErr().flush();
        return EXIT_BAD_INPUT;
    }
}
