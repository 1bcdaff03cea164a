package io.github.voxbridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.voxbridge.dsp.pcm.PcmStreamDecoder;
import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.dsp.resample.ResamplerQuality;
import io.github.voxbridge.dsp.resample.TelephonyEncoder;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.prerecorded.PrerecordedEngine;
import io.github.voxbridge.twilio.protocol.OutboundMessageWriter;
import io.github.voxbridge.twilio.stream.MediaMessages;
import io.github.voxbridge.twilio.stream.TwilioTtsStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code voxbridge speak} in-process, as the shell would (exit status, standard output, standard error), and
 * works out what it should have written: the messages the Twilio pipeline makes of the same audio pushed straight
 * through it, with the real {@link PrerecordedEngine} as the source and {@link TwilioTtsStream} as {@code speak}
 * builds it (placeholder stream SID, the default {@code --quality telephony}).
 */
final class SpeakHarness {

    /** 8 kHz mu-law: what Twilio plays, and what the pass-through engines ask for. */
    /**
     * What an HTTP engine's first-byte timeout message may end with when the timeout ran out while still connecting
     * (a loaded machine), as a regex.
     */
    static final String STILL_CONNECTING = "( \\(still connecting\\))?";
    static final AudioFormatSpec MULAW_8K = new AudioFormatSpec(SampleEncoding.MULAW, TelephonyEncoder.RATE);
    /** Bytes in one media message's payload: 20 ms of 8 kHz mu-law. */
    static final int FRAME_BYTES = 160;

    private SpeakHarness() {
    }

    /** What one run of the command did. */
    record Run(int status, byte[] stdout, String stderr) {

        /** Standard output as UTF-8. */
        String text() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        /** Standard output's lines ({@code --format jsonl}: one outbound message each). */
        List<String> lines() {
            return text().lines().toList();
        }
    }

    /**
     * Runs {@code args} with {@code stdin} and {@code stdout}; the standard output in the result is what a
     * {@link ByteArrayOutputStream} {@code stdout} holds, else empty.
     */
    static Run run(InputStream stdin, OutputStream stdout, String... args) {
        StringWriter err = new StringWriter();
        var cmd = VoxbridgeCommand.commandLine(stdin, stdout);
        cmd.setOut(new PrintWriter(new StringWriter(), true));
        cmd.setErr(new PrintWriter(err, true));
        int status = cmd.execute(args);
        byte[] bytes = stdout instanceof ByteArrayOutputStream b ? b.toByteArray() : new byte[0];
        return new Run(status, bytes, err.toString());
    }

    /** Runs {@code args} with an empty standard input. */
    static Run run(String... args) {
        return run(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), args);
    }

    /**
     * The media messages {@code speak} writes for an engine that delivers {@code audio} in {@code format} in one
     * engine call: the pipeline's own output for the same bytes (the last frame padded), without the mark.
     */
    static List<String> expectedMedia(byte[] audio, AudioFormatSpec format, Path dir) {
        try {
            Path file = Files.write(Files.createTempFile(dir, "engine-audio", ".raw"), audio);
            // 4,801-byte chunks: odd, and other than the fakes' chunking, which must not matter.
            try (PrerecordedEngine engine = PrerecordedEngine.builder().raw("x", file, format).chunkBytes(4801)
                    .build();
                 MediaMessages messages = TwilioTtsStream.builder(engine)
                         .streamSid(SpeakCommand.PLACEHOLDER_STREAM_SID).quality(ResamplerQuality.TELEPHONY).build()
                         .generate("x")) {
                List<String> out = new ArrayList<>();
                messages.forEachRemaining(out::add);
                return out;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (TtsException e) {
            throw new AssertionError(e);
        }
    }

    /** {@link #expectedMedia} then the mark that ends the utterance: the whole {@code --format jsonl} output. */
    static List<String> expectedJsonl(byte[] audio, AudioFormatSpec format, Path dir) {
        List<String> lines = new ArrayList<>(expectedMedia(audio, format, dir));
        lines.add(new OutboundMessageWriter(SpeakCommand.PLACEHOLDER_STREAM_SID).markMessage(SpeakCommand.MARK_NAME));
        return lines;
    }

    /**
     * How many whole frames the pipeline has sent once an engine has delivered its first {@code bytes} bytes in
     * {@code format}, before the end of its call: all of them for 8 kHz mu-law (passed through, framed as soon as
     * 160 bytes are in); for PCM, what the resampler has put out by then, which lags its input by its group delay
     * (its filter's half length) and so holds back the last few milliseconds until more input or the flush.
     */
    static int framesOut(AudioFormatSpec format, int bytes) {
        if (format.equals(MULAW_8K)) {
            return bytes / FRAME_BYTES;
        }
        PcmStreamDecoder decoder = new PcmStreamDecoder(format.encoding());
        short[] samples = new short[decoder.samplesFor(bytes)];
        int decoded = decoder.decode(new byte[bytes], 0, bytes, samples, 0);
        TelephonyEncoder encoder = TelephonyEncoder.muLaw(format.sampleRate(), ResamplerQuality.TELEPHONY);
        byte[] codes = new byte[encoder.maxOutputBytesFor(decoded)];
        return encoder.encode(samples, 0, decoded, codes, 0) / FRAME_BYTES;
    }

    /**
     * Checks issue 12's failure contract of {@code speak}: exit status 1, exactly {@code line} on standard error
     * (one line, so no stack trace), and {@code secret} (the API key or AWS secret) nowhere in either output.
     */
    static void assertFailedWithOneLine(Run run, String line, String secret) {
        assertEquals(1, run.status(), run.stderr());
        assertEquals(List.of(line), run.stderr().lines().toList());
        assertNoSecret(run, secret);
    }

    /**
     * As {@link #assertFailedWithOneLine}, for a line known only in part: it must match {@code regex} (whose groups
     * the returned matcher holds).
     */
    static Matcher assertFailedMatching(Run run, String regex, String secret) {
        assertEquals(1, run.status(), run.stderr());
        List<String> lines = run.stderr().lines().toList();
        assertEquals(1, lines.size(), run.stderr());
        Matcher m = Pattern.compile(regex).matcher(lines.getFirst());
        assertTrue(m.matches(), lines.getFirst() + " does not match " + regex);
        assertNoSecret(run, secret);
        return m;
    }

    /**
     * Checks a run against a {@link io.github.voxbridge.tts.transport.http.CutShortServer} that sent
     * {@code audio[0, whole)} in whole chunks, then {@code audio[whole, end)} in a chunk cut short: one UNAVAILABLE
     * line ({@code <engine> failed (UNAVAILABLE): connection lost after N bytes of the response from <baseUrl>…}),
     * and on standard output, before it, exactly the frames the pipeline had made of those N bytes (no mark, the
     * last partial frame not padded: the utterance did not end).
     */
    static void assertCutShort(Run run, String engine, String baseUrl, byte[] audio, int whole, int end,
            AudioFormatSpec format, String secret, Path dir) {
        Matcher m = assertFailedMatching(run, "voxbridge speak: " + engine + " failed \\(UNAVAILABLE\\): connection "
                + "lost after (\\d+) bytes of the response from " + Pattern.quote(baseUrl) + ".*", secret);
        int delivered = Integer.parseInt(m.group(1));
        assertTrue(delivered <= end && framesOut(format, delivered) >= framesOut(format, whole),
                "delivered " + delivered);
        int frameBytes = format.encoding().bytesPerSample();
        List<String> media = expectedMedia(Arrays.copyOf(audio, delivered / frameBytes * frameBytes), format, dir);
        assertEquals(media.subList(0, framesOut(format, delivered)), run.lines());
    }

    /**
     * Runs {@code args} while a {@link io.github.voxbridge.tts.transport.http.CutShortServer} holds its cut: once
     * {@code frames} media messages are out (the frames of the whole chunks, so the engine holds them: bytes the
     * JDK's HTTP client has received but not handed out are lost with the connection), {@code cut} is released.
     */
    static Run runUntilCut(CountDownLatch cut, int frames, String... args) throws InterruptedException {
        WatchedOutput stdout = new WatchedOutput();
        AtomicReference<Run> result = new AtomicReference<>();
        Thread speak = Thread.ofPlatform().name("speak-cut-short").start(() -> result.set(
                run(new ByteArrayInputStream(new byte[0]), stdout, args)));
        try {
            stdout.awaitLines(frames, 20);
        } finally {
            cut.countDown();
            speak.join(TimeUnit.SECONDS.toMillis(20));
        }
        assertFalse(speak.isAlive(), "speak did not end");
        return result.get();
    }

    /**
     * Checks that {@code audio} holds every one of the 256 byte values, so that a pass-through test would see any
     * code a decode and re-encode changes (such as 0x7F, mu-law's negative zero).
     */
    static void assertEveryByteValue(byte[] audio) {
        boolean[] seen = new boolean[256];
        for (byte b : audio) {
            seen[b & 0xFF] = true;
        }
        for (int v = 0; v < 256; v++) {
            assertTrue(seen[v], "byte value " + v + " missing from the audio");
        }
    }

    /**
     * {@code --format ulaw}'s output for an engine that passes {@code audio} (8 kHz mu-law) through: the same bytes,
     * the last frame padded to {@value #FRAME_BYTES} bytes with mu-law silence (0xFF).
     */
    static byte[] padded(byte[] audio) {
        int frames = (audio.length + FRAME_BYTES - 1) / FRAME_BYTES;
        byte[] out = Arrays.copyOf(audio, frames * FRAME_BYTES);
        Arrays.fill(out, audio.length, out.length, (byte) 0xFF);
        return out;
    }

    /** Checks that {@code secret} appears in neither output of {@code run}. */
    static void assertNoSecret(Run run, String secret) {
        assertFalse(run.text().contains(secret), "the key on stdout");
        assertFalse(run.stderr().contains(secret), "the key on stderr");
    }

    /** Checks a run ended well: status 0, nothing on standard error. */
    static void assertSucceeded(Run run) {
        assertEquals(0, run.status(), run.stderr());
        assertEquals("", run.stderr());
    }

    /**
     * A {@code speak} standard output that can be watched while the command runs: counts the lines written (each
     * message is written and flushed as it is made) and lets a test wait for a number of them.
     */
    static final class WatchedOutput extends ByteArrayOutputStream {
        private int lines;

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            super.write(b, off, len);
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    lines++;
                }
            }
            notifyAll();
        }

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        /** Waits until at least {@code n} lines are out, at most {@code seconds} (a guard against a hang). */
        synchronized List<String> awaitLines(int n, long seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (lines < n) {
                long left = deadline - System.nanoTime();
                assertTrue(left > 0, "only " + lines + " of " + n + " lines within " + seconds + " s");
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return toString(StandardCharsets.UTF_8).lines().toList();
        }
    }
}
