package io.github.voxbridge.cli;

import io.github.voxbridge.dsp.pcm.PcmFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
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

    @Override
    public final Integer call() {
        parent.configureLogging();
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
