package io.github.voxbridge.tts.transport.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.TtsException.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EngineProcess} against real programs: small {@code /bin/sh} scripts written to a temporary directory. The
 * class timeout only guards against a hang (a program that never ends, output held back until exit).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EngineProcessTest {

    private static final String HINT = "install it: apt-get install test-engine";

    @TempDir
    Path dir;

    /** A program that writes its own pid and then "abcdefg" forever, through a child subshell that runs sleeps. */
    private static final String ENDLESS = """
            echo $$ > "$1"
            ( while :; do printf 'abcdefg'; sleep 0.01; done ) &
            wait
            """;

    @AfterEach
    void noThreadIsLeftBehind() {
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith("voxbridge-process-"));
    }

    private EngineProcess script(String body, String... args) throws IOException {
        return script(ExitClassifier.NONE, body, args);
    }

    private EngineProcess script(ExitClassifier classifier, String body, String... args) throws IOException {
        Path file = Files.createTempFile(dir, "engine", ".sh");
        Files.writeString(file, body);
        List<String> command = new ArrayList<>(List.of("/bin/sh", file.toString()));
        command.addAll(List.of(args));
        return new EngineProcess("test", command, HINT, classifier);
    }

    /** Collects every chunk's bytes, copied (the buffer is reused). */
    private static final class Collected implements StdoutConsumer {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<Integer> sizes = new ArrayList<>();

        @Override
        public void accept(byte[] chunk, int off, int len) {
            assertThat(len).isPositive();
            sizes.add(len);
            bytes.write(chunk, off, len);
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void eachChunkArrivesWhileTheProgramStillRuns() throws Exception {
        Path release = dir.resolve("release");
        // The program cannot end before the test creates the release file, which it does on the first chunk:
        // an EngineProcess that held the output back until the program exited would hang here.
        EngineProcess program = script("""
                printf 'first'
                while [ ! -e "$1" ]; do sleep 0.01; done
                printf 'second'
                """, release.toString());
        List<String> chunks = new ArrayList<>();
        long bytes = program.run("", (chunk, off, len) -> {
            chunks.add(new String(chunk, off, len, StandardCharsets.US_ASCII));
            if (chunks.size() == 1) {
                try {
                    Files.createFile(release);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }, CancellationToken.none());
        assertThat(chunks).containsExactly("first", "second");
        assertThat(bytes).isEqualTo(11);
    }

    @Test
    void aBigInputAndABigOutputAtTheSameTimeDoNotDeadlock() throws Exception {
        // cat writes back as it reads: with 3.6 MB each way both pipes fill up long before the input is written.
        String text = "Grüße aus voxbridge, € and 日本語 – line\n".repeat(80_000);
        EngineProcess cat = new EngineProcess("test", List.of("cat"), HINT, ExitClassifier.NONE);
        Collected out = new Collected();
        long bytes = cat.run(text, out, CancellationToken.none());
        byte[] expected = text.getBytes(StandardCharsets.UTF_8);
        assertThat(expected.length).isGreaterThan(3_000_000);
        assertThat(bytes).isEqualTo(expected.length);
        assertThat(out.bytes.toByteArray()).isEqualTo(expected);
        assertThat(out.sizes).allMatch(n -> n <= EngineProcess.CHUNK_BYTES);
    }

    @Test
    void oddSizedWritesArriveExactlyAsWritten() throws Exception {
        byte[] data = new byte[100_003];
        new Random(12).nextBytes(data);
        Path file = dir.resolve("data.bin");
        Files.write(file, data);
        // Writes of 1, 3, 777 bytes and then the rest in 4001-byte blocks: reads see odd sizes and odd offsets.
        EngineProcess program = script("""
                head -c 1 "$1"
                tail -c +2 "$1" | head -c 3
                sleep 0.02
                tail -c +5 "$1" | head -c 777
                tail -c +782 "$1" | dd bs=4001 2>/dev/null
                """, file.toString());
        Collected out = new Collected();
        assertThat(program.run("", out, CancellationToken.none())).isEqualTo(data.length);
        assertThat(out.bytes.toByteArray()).isEqualTo(data);
    }

    @Test
    void theProgramReadsTheTextAsUtf8OnStdin() throws Exception {
        EngineProcess program = script("od -A n -t x1 | tr -d ' \\n'");
        Collected out = new Collected();
        program.run("-v é", out, CancellationToken.none());
        assertThat(out.text()).isEqualTo("2d7620c3a9");
    }

    @Test
    void noOutputAndExitZeroIsNoAudio() throws Exception {
        Collected out = new Collected();
        assertThat(script("cat > /dev/null").run("text", out, CancellationToken.none())).isZero();
        assertThat(out.sizes).isEmpty();
    }

    @Test
    void aFailureBeforeAnyAudioIsUnavailableWithTheExitCodeAndStderr() throws Exception {
        EngineProcess program = script("""
                echo "loading voice" >&2
                echo "  model not found: /x/voice.onnx  " >&2
                exit 3
                """);
        assertThatThrownBy(() -> program.run("Hello", new Collected(), CancellationToken.none()))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
                .hasMessage("test: '/bin/sh' exited with code 3 after 0 bytes of audio;"
                        + " stderr: 'loading voice | model not found: /x/voice.onnx'");
    }

    @Test
    void aFailureAfterSomeAudioIsInternal() throws Exception {
        EngineProcess program = script("printf abc; echo boom >&2; exit 2");
        Collected out = new Collected();
        assertThatThrownBy(() -> program.run("Hello", out, CancellationToken.none()))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INTERNAL))
                .hasMessage("test: '/bin/sh' exited with code 2 after 3 bytes of audio; stderr: 'boom'");
        assertThat(out.text()).isEqualTo("abc");
    }

    @Test
    void theEnginesClassifierDecidesTheKindFirst() throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        EngineProcess program = script((exit, stderr, bytes) -> {
            seen.set(exit + "/" + stderr + "/" + bytes);
            return stderr.contains("no such voice") ? Kind.BAD_REQUEST : null;
        }, "echo 'no such voice' >&2; exit 1");
        assertThatThrownBy(() -> program.run("Hello", new Collected(), CancellationToken.none()))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST));
        assertThat(seen.get()).isEqualTo("1/no such voice\n/0");
    }

    @Test
    void aProgramKilledByASignalSaysWhichAndNoStderrMeansNoQuote() throws Exception {
        EngineProcess program = script("kill -9 $$");
        assertThatThrownBy(() -> program.run("Hello", new Collected(), CancellationToken.none()))
                .hasMessage("test: '/bin/sh' exited with code 137 (signal 9) after 0 bytes of audio");
    }

    @Test
    void onlyTheEndOfAChattyStderrIsKeptAndQuoted() throws Exception {
        EngineProcess program = script("""
                i=0
                while [ $i -lt 3000 ]; do echo "progress line $i" >&2; i=$((i + 1)); done
                echo "the real reason" >&2
                exit 1
                """);
        assertThatThrownBy(() -> program.run("Hello", new Collected(), CancellationToken.none()))
                .isInstanceOfSatisfying(TtsException.class, e -> {
                    assertThat(e.getMessage()).endsWith("progress line 2999 | the real reason'")
                            .contains("stderr: '…")
                            .hasSizeLessThan(EngineProcess.MESSAGE_STDERR_CHARS + 120);
                });
    }

    @Test
    void aMissingProgramIsUnavailableNamingItAndHowToInstallIt() {
        EngineProcess program = new EngineProcess("test", List.of("/nonexistent/voxbridge-no-such-engine", "-x"),
                HINT, ExitClassifier.NONE);
        assertThatThrownBy(() -> program.run("Hello", new Collected(), CancellationToken.none()))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
                // The reason's wording depends on how the JDK launches programs (fork, posix_spawn).
                .hasMessageStartingWith("test: cannot start '/nonexistent/voxbridge-no-such-engine' (")
                .hasMessageContaining("No such file or directory")
                .hasMessageEndingWith("): " + HINT);
    }

    @Test
    void aCancelledTokenStartsNothing() throws Exception {
        Path marker = dir.resolve("started");
        EngineProcess program = script("touch \"$1\"", marker.toString());
        CancellationToken cancel = new CancellationToken();
        cancel.cancel();
        assertThatThrownBy(() -> program.run("Hello", new Collected(), cancel))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
        assertThat(marker).doesNotExist();
    }

    /** The program's pid (from its pid file) and all its descendants, once the first chunk has arrived. */
    private static List<ProcessHandle> family(Path pidFile) throws IOException {
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        ProcessHandle program = ProcessHandle.of(pid).orElseThrow();
        List<ProcessHandle> all = new ArrayList<>(List.of(program));
        all.addAll(program.descendants().toList());
        return all;
    }

    @Test
    void cancelMidStreamKillsTheProgramAndEverythingItStarted() throws Exception {
        Path pidFile = dir.resolve("pid");
        EngineProcess program = script(ENDLESS, pidFile.toString());
        CancellationToken cancel = new CancellationToken();
        CountDownLatch firstChunk = new CountDownLatch(1);
        AtomicInteger chunks = new AtomicInteger();
        CompletableFuture<Long> call = CompletableFuture.supplyAsync(() -> {
            try {
                return program.run("Hello", (chunk, off, len) -> {
                    chunks.incrementAndGet();
                    firstChunk.countDown();
                }, cancel);
            } catch (TtsException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        firstChunk.await();
        List<ProcessHandle> family = family(pidFile);
        assertThat(family).hasSizeGreaterThanOrEqualTo(2); // the script and its looping subshell at least
        cancel.cancel();
        int afterCancel = chunks.get();
        assertThatThrownBy(call::get).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
        assertThat(chunks.get()).isLessThanOrEqualTo(afterCancel + 1);
        assertThat(family).noneMatch(EngineProcess::isRunning);
    }

    @Test
    void aProgramThatIgnoresSigtermIsKilledAfterTheGrace() throws Exception {
        Path pidFile = dir.resolve("pid");
        // Ignored signals stay ignored across fork and exec: the subshell and its sleeps ignore SIGTERM too.
        EngineProcess program = script("trap '' TERM\n" + ENDLESS, pidFile.toString());
        CancellationToken cancel = new CancellationToken();
        AtomicReference<List<ProcessHandle>> family = new AtomicReference<>();
        assertThatThrownBy(() -> program.run("Hello", (chunk, off, len) -> {
            if (family.get() == null) {
                try {
                    family.set(family(pidFile));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                cancel.cancel(); // from the consumer: no more chunks after this one
            }
        }, cancel)).isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
        assertThat(family.get()).hasSizeGreaterThanOrEqualTo(2).noneMatch(EngineProcess::isRunning);
    }

    @Test
    void anInterruptIsACancelThatKeepsTheFlag() throws Exception {
        Path pidFile = dir.resolve("pid");
        EngineProcess program = script(ENDLESS, pidFile.toString());
        CountDownLatch firstChunk = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Boolean> flagKept = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                program.run("Hello", (chunk, off, len) -> firstChunk.countDown(), CancellationToken.none());
            } catch (Throwable e) {
                failure.set(e);
            }
            flagKept.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        firstChunk.await();
        List<ProcessHandle> family = family(pidFile);
        caller.interrupt();
        caller.join();
        assertThat(failure.get()).isInstanceOfSatisfying(TtsException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
        assertThat(flagKept.get()).isTrue();
        assertThat(family).noneMatch(EngineProcess::isRunning);
    }

    @Test
    void theConsumersExceptionStopsTheProgramAndIsRethrownUnchanged() throws Exception {
        Path pidFile = dir.resolve("pid");
        EngineProcess program = script(ENDLESS, pidFile.toString());
        IllegalStateException sinkFailure = new IllegalStateException("sink is full");
        AtomicReference<List<ProcessHandle>> family = new AtomicReference<>();
        assertThatThrownBy(() -> program.run("Hello", (chunk, off, len) -> {
            try {
                family.set(family(pidFile));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            throw sinkFailure;
        }, CancellationToken.none())).isSameAs(sinkFailure);
        assertThat(family.get()).noneMatch(EngineProcess::isRunning);

        TtsException protocol = new TtsException(Kind.PROTOCOL, "test", "not a WAV header");
        EngineProcess again = script(ENDLESS, pidFile.toString());
        assertThatThrownBy(() -> again.run("Hello", (chunk, off, len) -> {
            try {
                family.set(family(pidFile));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            throw protocol;
        }, CancellationToken.none())).isSameAs(protocol);
        assertThat(family.get()).noneMatch(EngineProcess::isRunning);
    }

    @Test
    void aTokenReusedForManyCallsStillCancelsTheCurrentOne() throws Exception {
        CancellationToken shared = new CancellationToken();
        for (int i = 0; i < 3; i++) {
            assertThat(script("printf x").run("", new Collected(), shared)).isEqualTo(1);
        }
        Path pidFile = dir.resolve("pid");
        EngineProcess program = script(ENDLESS, pidFile.toString());
        assertThatThrownBy(() -> program.run("Hello", (chunk, off, len) -> shared.cancel(), shared))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED));
    }

    @Test
    void aRunningProcessRunsAndAnExitedOneDoesNot() throws Exception {
        assertThat(EngineProcess.isRunning(ProcessHandle.current())).isTrue();
        Process child = new ProcessBuilder("/bin/sh", "-c", "exit 0").start();
        child.waitFor();
        assertThat(EngineProcess.isRunning(child.toHandle())).isFalse();
    }

    @Test
    void theCommandIsCopiedAndMustNotBeEmpty() {
        List<String> command = new ArrayList<>(List.of("espeak-ng", "--stdin"));
        EngineProcess program = new EngineProcess("test", command, HINT, ExitClassifier.NONE);
        command.add("--other");
        assertThat(program.command()).containsExactly("espeak-ng", "--stdin");
        assertThat(program).hasToString("EngineProcess[espeak-ng, --stdin]");
        assertThatThrownBy(() -> new EngineProcess("test", List.of(), HINT, ExitClassifier.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("empty command");
    }
}
