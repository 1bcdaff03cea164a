package io.github.voxbridge.tts.transport.process;

import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.TtsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs an engine that is a program: text in on stdin, audio out on stdout (tts-engines.md section 8: espeak-ng,
 * Piper). One process per {@link #run} call; an instance only holds the command, so it is immutable and
 * thread-safe.
 *
 * <p><b>What a call does.</b>
 * <ol>
 *   <li>Starts the program from its argument list with {@link ProcessBuilder}, never through a shell, so nothing in
 *       the arguments is interpreted.</li>
 *   <li>Writes the text to its stdin as UTF-8 and closes it, on a thread of its own: a program that writes before it
 *       has read all its input (both do, sentence by sentence) would otherwise deadlock with us once both pipes
 *       are full. A write that fails because the program has exited is ignored: the exit code tells.</li>
 *   <li>Reads its stdout in chunks of up to {@value #CHUNK_BYTES} bytes on another thread and hands each chunk to
 *       the {@link StdoutConsumer} on the calling thread as soon as it is read, not when the program ends. Two
 *       buffers alternate between the threads (one is read into while the other is handed on), allocated once per
 *       call. The calling thread waits for chunks in an interruptible queue, so an interrupt reaches it even
 *       while the program is silent.</li>
 *   <li>Drains its stderr on a third thread, keeping the last {@value #STDERR_TAIL_BYTES} bytes for messages.</li>
 *   <li>At the end of stdout, waits for the exit code.</li>
 * </ol>
 *
 * <p><b>Stopping.</b> On {@link CancellationToken#cancel()}, an interrupt of the calling thread, an exception from
 * the consumer or any failure, the program and every process it started are sent {@code SIGTERM}
 * ({@link ProcessHandle#destroy()}), then {@code SIGKILL} ({@link ProcessHandle#destroyForcibly()}) if still
 * alive after {@link #GRACE_MILLIS} ms. Its descendants are listed before it is signalled, because an orphan is no
 * longer anyone's descendant. The call returns or throws only once the program has exited and the three threads
 * have ended: nothing is left behind. After a cancel the consumer gets at most the chunk being handed over at that
 * moment.
 *
 * <p><b>Failures</b>, as {@link TtsException} of the engine given at construction:
 * <ul>
 *   <li>the program cannot be started (not installed, not executable): {@link TtsException.Kind#UNAVAILABLE}
 *       naming the command, the system's reason and the install hint;</li>
 *   <li>a non-zero exit: what the engine's {@link ExitClassifier} says, else {@link TtsException.Kind#UNAVAILABLE}
 *       if the program wrote no audio (it could not get going: a voice, model or library missing, a bad
 *       installation; a retry after fixing the machine can succeed) and {@link TtsException.Kind#INTERNAL} if it
 *       failed after writing some (it broke on this input). The message names the command, the exit code, the
 *       bytes of audio already delivered and the end of its stderr;</li>
 *   <li>reading its stdout fails: {@link TtsException.Kind#UNAVAILABLE};</li>
 *   <li>cancel or interrupt: {@link TtsException.Kind#CANCELLED}, the interrupt flag kept.</li>
 * </ul>
 */
public final class EngineProcess {

    /** Most bytes handed to the consumer at once: 16 KiB, 0.37 s of s16le at 22050 Hz. */
    public static final int CHUNK_BYTES = 16 * 1024;
    /** Bytes of stderr kept for messages: the last 4 KiB. */
    public static final int STDERR_TAIL_BYTES = 4 * 1024;
    /** Time a program and its descendants get to end after {@code SIGTERM} before {@code SIGKILL}, in ms. */
    public static final long GRACE_MILLIS = 200;
    /** Characters of stderr quoted in a message: the last ones, where the reason usually is. */
    static final int MESSAGE_STDERR_CHARS = 400;
    /** Guard for waiting on descendants (not our children: the JDK polls them) after SIGKILL, in ms. */
    private static final long DESCENDANT_WAIT_MILLIS = 2_000;
    private static final long DESCENDANT_POLL_MILLIS = 2;
    private static final Path PROC = Path.of("/proc");

    private final String engine;
    private final List<String> command;
    private final String installHint;
    private final ExitClassifier classifier;

    /**
     * @param engine      the engine's name, for exceptions
     * @param command     the program and its arguments, e.g. {@code [espeak-ng, --stdout, --stdin]}; not empty
     * @param installHint what to do when the program cannot be started, e.g.
     *                    {@code "install it: apt-get install espeak-ng"}
     * @param classifier  the engine's reading of a non-zero exit ({@link ExitClassifier#NONE} for none)
     */
    public EngineProcess(String engine, List<String> command, String installHint, ExitClassifier classifier) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.command = List.copyOf(command);
        if (this.command.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        this.installHint = Objects.requireNonNull(installHint, "installHint");
        this.classifier = Objects.requireNonNull(classifier, "classifier");
    }

    /** The program and its arguments. */
    public List<String> command() {
        return command;
    }

    /**
     * Runs the program once: {@code input} to its stdin, its stdout to {@code stdout} as it arrives.
     *
     * @param input  written to stdin as UTF-8, then stdin is closed
     * @param stdout receives the output on this thread; its {@link TtsException} or {@link RuntimeException} stops
     *               the program and is rethrown unchanged
     * @param cancel kills the program when cancelled
     * @return the bytes of stdout delivered (the program exited with 0)
     * @throws TtsException see the class comment
     */
    public long run(String input, StdoutConsumer stdout, CancellationToken cancel) throws TtsException {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(stdout, "stdout");
        cancel.throwIfCancelled(engine);
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            String reason = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            throw new TtsException(TtsException.Kind.UNAVAILABLE, engine, "cannot start "
                    + TtsException.excerpt(command.get(0), 200) + " (" + (reason == null ? "" : reason.strip()) + "): "
                    + installHint, e);
        }
        return new Call(process, input.getBytes(StandardCharsets.UTF_8)).run(stdout, cancel);
    }

    @Override
    public String toString() {
        return "EngineProcess" + command;
    }

    /**
     * Whether a process still runs: {@link ProcessHandle#isAlive()} and, where Linux's {@code /proc} says so, not a
     * zombie. A descendant killed with its parent is an orphan, a zombie until init reaps it; the JDK counts a
     * zombie as alive, and a container's PID 1 may reap late or never, but it runs no more and holds no pipe.
     *
     * @param handle any process
     * @return false once it has exited, reaped or not
     */
    public static boolean isRunning(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return false;
        }
        if (!Files.isDirectory(PROC)) {
            return true; // no /proc (not Linux): isAlive is all there is
        }
        try {
            // proc(5): "pid (comm) state ...", comm may contain spaces and parentheses, so the last ')' ends it.
            String stat = Files.readString(PROC.resolve(Long.toString(handle.pid())).resolve("stat"),
                    StandardCharsets.ISO_8859_1);
            int end = stat.lastIndexOf(')');
            char state = end >= 0 && end + 2 < stat.length() ? stat.charAt(end + 2) : '?';
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false; // gone between the two looks
        }
    }

    /** Quotes the end of a program's stderr, line breaks shown as " | ", for a message; empty if it said nothing. */
    static String quoteStderr(String tail) {
        String text = tail.strip().replaceAll("\\s*\\R\\s*", " | ");
        if (text.isEmpty()) {
            return "";
        }
        if (text.length() > MESSAGE_STDERR_CHARS) {
            text = "…" + text.substring(text.length() - MESSAGE_STDERR_CHARS);
        }
        return "; stderr: " + TtsException.excerpt(text, MESSAGE_STDERR_CHARS + 1);
    }

    /** One running program and the three threads that serve its pipes. */
    private final class Call {

        /** Marks the end of stdout in the queue of filled chunks. */
        private static final Chunk END = new Chunk(0);

        private final Process process;
        private final byte[] input;
        private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(3);
        private final BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(2);
        private final StderrTail stderr;
        private final Thread stdinWriter;
        private final Thread stdoutReader;
        private final Thread stderrReader;
        /** Everything signalled so far, for the SIGKILL pass. Guarded by itself. */
        private final Set<ProcessHandle> signalled = new LinkedHashSet<>();
        private volatile IOException readFailure;
        /** Whether the calling thread was or got interrupted while {@link #stop()} waited. */
        private boolean stopInterrupted;

        Call(Process process, byte[] input) {
            this.process = process;
            this.input = input;
            this.stderr = new StderrTail(process.getErrorStream(), STDERR_TAIL_BYTES);
            free.add(new Chunk(CHUNK_BYTES));
            free.add(new Chunk(CHUNK_BYTES));
            String name = "voxbridge-process-" + engine + "-" + process.pid();
            // Platform daemon threads: one blocked pipe read each, ended by the process's end, never pinned
            // carriers, and visible to Thread.getAllStackTraces (the tests check none is left).
            this.stdinWriter = Thread.ofPlatform().daemon().name(name + "-stdin").unstarted(this::writeInput);
            this.stdoutReader = Thread.ofPlatform().daemon().name(name + "-stdout").unstarted(this::readOutput);
            this.stderrReader = Thread.ofPlatform().daemon().name(name + "-stderr").unstarted(stderr);
        }

        long run(StdoutConsumer consumer, CancellationToken cancel) throws TtsException {
            stdinWriter.start();
            stdoutReader.start();
            stderrReader.start();
            // Cleared when the call ends, so a token reused for many calls keeps no process alive in its actions.
            AtomicReference<Call> target = new AtomicReference<>(this);
            CancellationToken.Registration hook = cancel.onCancel(() -> {
                Call call = target.get();
                if (call != null) {
                    call.terminate();
                }
            });
            long delivered = 0;
            try {
                while (true) {
                    Chunk chunk = filled.take();
                    if (chunk == END || cancel.isCancelled()) {
                        break;
                    }
                    consumer.accept(chunk.bytes, 0, chunk.length);
                    delivered += chunk.length;
                    free.add(chunk);
                }
                cancel.throwIfCancelled(engine);
                if (readFailure != null) {
                    throw new TtsException(TtsException.Kind.UNAVAILABLE, engine, "reading the output of "
                            + TtsException.excerpt(command.get(0), 200) + " failed after " + delivered + " bytes: "
                            + readFailure.getMessage() + quoteStderr(stderr.text()), readFailure);
                }
                int exit = process.waitFor();
                cancel.throwIfCancelled(engine); // killed by our cancel after its last chunk
                if (exit != 0) {
                    stderrReader.join(); // the tail is complete once the program's stderr is closed
                    throw exitFailure(exit, delivered);
                }
                return delivered;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TtsException(TtsException.Kind.CANCELLED, engine, "interrupted while "
                        + TtsException.excerpt(command.get(0), 200) + " was running", e);
            } finally {
                target.set(null);
                hook.remove();
                stop();
            }
        }

        private TtsException exitFailure(int exit, long delivered) {
            String tail = stderr.text();
            TtsException.Kind kind = classifier.kindOf(exit, tail, delivered);
            if (kind == null) {
                kind = delivered == 0 ? TtsException.Kind.UNAVAILABLE : TtsException.Kind.INTERNAL;
            }
            return new TtsException(kind, engine, TtsException.excerpt(command.get(0), 200) + " exited with code "
                    + exit + (exit > 128 ? " (signal " + (exit - 128) + ")" : "") + " after " + delivered
                    + " bytes of audio" + quoteStderr(tail));
        }

        private void writeInput() {
            try (OutputStream in = process.getOutputStream()) {
                in.write(input);
            } catch (IOException e) {
                // The program exited (or was killed) before reading everything: its exit code says why.
            }
        }

        private void readOutput() {
            try (InputStream out = process.getInputStream()) {
                while (true) {
                    Chunk chunk = free.take();
                    int n = out.read(chunk.bytes);
                    if (n < 0) {
                        break;
                    }
                    if (n > 0) {
                        chunk.length = n;
                        filled.add(chunk); // never full: three places for two chunks and the end
                    } else {
                        free.add(chunk);
                    }
                }
            } catch (IOException e) {
                readFailure = e;
            } catch (InterruptedException e) {
                // stop(): the caller is gone, nobody takes chunks any more
            }
            filled.add(END);
        }

        /** SIGTERM to the program and its descendants; from the cancelling thread, so it only signals. */
        void terminate() {
            synchronized (signalled) {
                if (process.isAlive()) {
                    // Listed first: once the program is dead its children are orphans, no one's descendants.
                    List<ProcessHandle> family = process.descendants().toList();
                    signalled.add(process.toHandle());
                    signalled.addAll(family);
                    process.destroy();
                    family.forEach(ProcessHandle::destroy);
                }
            }
        }

        /** Ends the program if it still runs (SIGTERM, grace, SIGKILL) and waits for it and the threads. */
        private void stop() {
            // The waits here must not be cut short by an interrupt (that would leave the program or a thread
            // behind): they run with the flag cleared, and it is set again at the end if it was or became set.
            stopInterrupted = Thread.interrupted();
            if (process.isAlive()) {
                terminate();
                if (!waitForProcess(GRACE_MILLIS)) {
                    synchronized (signalled) {
                        if (process.isAlive()) {
                            signalled.addAll(process.descendants().toList());
                        }
                        signalled.forEach(ProcessHandle::destroyForcibly);
                    }
                    waitForProcess(Long.MAX_VALUE);
                }
            }
            synchronized (signalled) {
                for (ProcessHandle handle : signalled) {
                    if (isRunning(handle)) {
                        handle.destroyForcibly();
                        awaitExit(handle);
                    }
                }
            }
            stdoutReader.interrupt(); // if it waits for a free buffer that the caller will never give back
            join(stdoutReader);
            join(stderrReader);
            join(stdinWriter);
            if (stopInterrupted) {
                Thread.currentThread().interrupt();
            }
        }

        private boolean waitForProcess(long millis) {
            while (true) {
                try {
                    return process.waitFor(millis, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    stopInterrupted = true;
                }
            }
        }

        /** Polls until {@code handle} no longer {@linkplain #isRunning runs}, at most a guard time. */
        private void awaitExit(ProcessHandle handle) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DESCENDANT_WAIT_MILLIS);
            // Not onExit(): for an orphan (not our child) it completes only once init has reaped the zombie.
            while (isRunning(handle) && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(DESCENDANT_POLL_MILLIS);
                } catch (InterruptedException e) {
                    stopInterrupted = true;
                }
            }
        }

        private void join(Thread thread) {
            while (true) {
                try {
                    thread.join();
                    return;
                } catch (InterruptedException e) {
                    stopInterrupted = true;
                }
            }
        }
    }

    /** A reusable buffer and how many of its bytes the last read filled. */
    private static final class Chunk {
        final byte[] bytes;
        int length;

        Chunk(int capacity) {
            bytes = new byte[capacity];
        }
    }
}
