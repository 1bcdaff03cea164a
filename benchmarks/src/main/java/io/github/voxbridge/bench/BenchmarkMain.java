package io.github.voxbridge.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.runner.Defaults;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.ProfilersFailedException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The benchmarks jar's entry point ({@code java -jar benchmarks/target/benchmarks.jar ...}): JMH's own command line,
 * unchanged, except that every fork runs on {@link BenchmarkHeap#FLAGS}, a fixed and pre-touched heap.
 *
 * <p>The heap flags go before anything else on the fork's command line ({@code -jvmArgsPrepend}); a
 * {@code -jvmArgsPrepend} given on the command line is kept after them. The benchmarks' own
 * {@code @Fork(jvmArgsAppend = "--add-modules jdk.incubator.vector")} comes after both, and a {@code -Xmx} given by
 * the user later on the command line still wins (JMH prints every fork's {@code # VM options:}). Help and list
 * options go to JMH's {@code Main} as they are.
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws IOException {
        CommandLineOptions cmd;
        try {
            cmd = new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            System.err.println("Error parsing command line:");
            System.err.println(" " + e.getMessage());
            System.exit(1);
            return;
        }
        if (cmd.shouldHelp() || cmd.shouldList() || cmd.shouldListWithParams() || cmd.shouldListProfilers()
                || cmd.shouldListResultFormats()) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        Runner runner = new Runner(withFixedHeap(cmd));
        try {
            runner.run();
        } catch (NoBenchmarksException e) {
            System.err.println("No matching benchmarks. Miss-spelled regexp?");
            if (cmd.verbosity().orElse(Defaults.VERBOSITY) == VerboseMode.EXTRA) {
                runner.list();
            }
            System.exit(1);
        } catch (ProfilersFailedException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                System.err.println(t.getMessage());
            }
            System.exit(1);
        } catch (RunnerException e) {
            System.err.print("ERROR: ");
            e.printStackTrace(System.err);
            System.exit(1);
        }
    }

    /** The command line's options with {@link BenchmarkHeap#FLAGS} in front of its {@code -jvmArgsPrepend}. */
    static Options withFixedHeap(Options commandLine) {
        List<String> prepend = new ArrayList<>(BenchmarkHeap.FLAGS);
        if (commandLine.getJvmArgsPrepend().hasValue()) {
            prepend.addAll(commandLine.getJvmArgsPrepend().get());
        }
        return new OptionsBuilder().parent(commandLine).jvmArgsPrepend(prepend.toArray(String[]::new)).build();
    }
}
