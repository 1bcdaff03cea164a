package io.github.voxbridge.cli;

import static io.github.voxbridge.cli.SpeakHarness.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.voxbridge.cli.SpeakHarness.Run;
import io.github.voxbridge.dsp.codec.MuLaw;
import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.dsp.pcm.WavFormat;
import io.github.voxbridge.dsp.pcm.WavReader;
import io.github.voxbridge.dsp.pcm.WavWriter;
import io.github.voxbridge.twilio.protocol.OutboundMessage;
import io.github.voxbridge.twilio.protocol.TwilioCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code voxbridge speak} in-process, with the real FreeTTS engine. */
class SpeakCommandTest {

    private static final String TEXT = "Hello from voxbridge. This is a streamed reply.";
    private static final String FIRST_SENTENCE = "Hello from voxbridge.";
    private static final TwilioCodec CODEC = new TwilioCodec();

    @TempDir
    Path dir;

    /** The mu-law payloads of the media lines, concatenated; checks every line but the last is a 160-byte media. */
    private static byte[] payloads(List<String> lines, String streamSid) {
        ByteArrayOutputStream audio = new ByteArrayOutputStream();
        for (String line : lines.subList(0, lines.size() - 1)) {
            OutboundMessage.Media media = assertInstanceOf(OutboundMessage.Media.class, CODEC.parseOutbound(line));
            assertEquals(streamSid, media.streamSid());
            assertEquals(160, media.payload().length);
            audio.writeBytes(media.payload());
        }
        return audio.toByteArray();
    }

    private static double rms(byte[] ulaw) {
        short[] pcm = new short[ulaw.length];
        MuLaw.decode(ulaw, 0, pcm, 0, ulaw.length);
        double sum = 0;
        for (short s : pcm) {
            sum += (double) s * s;
        }
        return Math.sqrt(sum / pcm.length);
    }

    @Test
    void jsonlIsMediaMessagesOf160BytesThenOneMark() {
        Run run = run("speak", TEXT);
        assertEquals(0, run.status(), run.stderr());
        assertEquals("", run.stderr());
        List<String> lines = run.text().lines().toList();
        assertTrue(run.text().endsWith("\n"));
        assertEquals(new OutboundMessage.Mark(SpeakCommand.PLACEHOLDER_STREAM_SID, "utterance-1"),
                CODEC.parseOutbound(lines.getLast()));
        byte[] audio = payloads(lines, SpeakCommand.PLACEHOLDER_STREAM_SID);
        // About three seconds of speech, well above the level of silence (mu-law 0xFF decodes to 0).
        assertTrue(audio.length > 2 * 8000 && audio.length < 6 * 8000, audio.length + " bytes");
        assertTrue(rms(audio) > 500, "rms " + rms(audio));
    }

    @Test
    void theStreamSidIsTheOneGiven() {
        String sid = "MZ1234567890abcdef1234567890abcdef";
        Run run = run("speak", "--stream-sid", sid, "Hi.");
        assertEquals(0, run.status(), run.stderr());
        List<String> lines = run.text().lines().toList();
        assertTrue(payloads(lines, sid).length > 0);
        assertEquals(new OutboundMessage.Mark(sid, "utterance-1"), CODEC.parseOutbound(lines.getLast()));
    }

    @Test
    void ulawIsExactlyThePayloads() {
        byte[] expected = payloads(run("speak", TEXT).text().lines().toList(), SpeakCommand.PLACEHOLDER_STREAM_SID);
        Run ulaw = run("speak", TEXT, "--format", "ulaw");
        assertEquals(0, ulaw.status(), ulaw.stderr());
        assertArrayEquals(expected, ulaw.stdout());
        Path file = dir.resolve("speech.ulaw");
        Run toFile = run("speak", TEXT, "--format=ulaw", "--out", file.toString());
        assertEquals(0, toFile.status(), toFile.stderr());
        assertEquals(0, toFile.stdout().length);
        assertArrayEquals(expected, readAll(file));
    }

    @Test
    void wavHoldsThePayloadsAsMuLaw8000Mono() throws IOException {
        byte[] expected = payloads(run("speak", TEXT).text().lines().toList(), SpeakCommand.PLACEHOLDER_STREAM_SID);
        short[] decoded = new short[expected.length];
        MuLaw.decode(expected, 0, decoded, 0, expected.length);
        WavFormat muLaw8k = new WavFormat(SampleEncoding.MULAW, 1, 8000);

        Path file = dir.resolve("hello.wav");
        Run toFile = run("speak", TEXT, "--format", "wav", "--out", file.toString());
        assertEquals(0, toFile.status(), toFile.stderr());
        assertEquals(0, toFile.stdout().length);
        byte[] bytes = readAll(file);
        assertArrayEquals(expected, Arrays.copyOfRange(bytes, 58, bytes.length)); // 58-byte header, even length
        try (WavReader reader = WavReader.open(file)) {
            assertEquals(muLaw8k, reader.format());
            assertEquals(expected.length, reader.frames());
            assertArrayEquals(decoded, reader.readAllShorts());
        }

        // On stdout: the same audio behind a header of open-ended length.
        Run toStdout = run("speak", TEXT, "--format", "wav");
        assertEquals(0, toStdout.status(), toStdout.stderr());
        assertEquals(58 + expected.length, toStdout.stdout().length);
        assertArrayEquals(expected, Arrays.copyOfRange(toStdout.stdout(), 58, toStdout.stdout().length));
        try (WavReader reader = WavReader.open(new ByteArrayInputStream(toStdout.stdout()))) {
            assertEquals(muLaw8k, reader.format());
            assertEquals(-1, reader.frames());
            assertArrayEquals(decoded, reader.readAllShorts());
        }
    }

    /**
     * Tokens fed through a pipe in 4-byte pieces (each read gets at most one), one character split between two
     * pieces, and then nothing until the first audio is out: the output starts while standard input is still open,
     * and is the same audio as the text given in one piece.
     */
    @Test
    void stdinIsSpokenAsItArrives() throws Exception {
        byte[] text = TEXT.getBytes(StandardCharsets.UTF_8);
        byte[] oneChunk = run(new ByteArrayInputStream(text), new ByteArrayOutputStream(),
                "speak", "--stdin", "--format", "ulaw").stdout();

        PipedOutputStream writer = new PipedOutputStream();
        InputStream stdin = new PipedInputStream(writer, 64) {
            @Override
            public synchronized int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 4));
            }
        };
        CountDownLatch firstOutput = new CountDownLatch(1);
        AtomicBoolean stdinClosed = new AtomicBoolean();
        AtomicBoolean outputWhileStdinOpen = new AtomicBoolean();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                if (firstOutput.getCount() > 0) {
                    outputWhileStdinOpen.set(!stdinClosed.get());
                    firstOutput.countDown();
                }
                super.write(b, off, len);
            }
        };
        Thread feeder = Thread.ofPlatform().name("slow-llm").start(() -> {
            try (writer) {
                // Up to the "T" of "This": the aggregator ends a sentence at a "." once it sees the next word.
                int firstSentence = FIRST_SENTENCE.length() + 2;
                for (int at = 0; at < firstSentence; at += 4) { // 4-byte tokens
                    writer.write(text, at, Math.min(4, firstSentence - at));
                    writer.flush();
                }
                // The LLM is "thinking": nothing more until the first sentence is heard (or 30 s have passed).
                firstOutput.await(30, TimeUnit.SECONDS);
                writer.write(text, firstSentence, text.length - firstSentence);
                stdinClosed.set(true);
            } catch (IOException | InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
        Run streamed = run(stdin, stdout, "speak", "--stdin", "--format", "ulaw");
        feeder.join();
        assertEquals(0, streamed.status(), streamed.stderr());
        assertTrue(outputWhileStdinOpen.get(), "no output before standard input ended");
        assertArrayEquals(oneChunk, streamed.stdout());

        // Against the whole text in one engine call: identical up to the end of the first sentence's audio; after
        // it the resampler was flushed and reset between the two segments (one engine call each), as
        // TwilioTtsStream does between engine calls, so later samples differ by its filter tail.
        byte[] whole = run("speak", TEXT, "--format", "ulaw").stdout();
        int firstSentenceBytes = run("speak", FIRST_SENTENCE, "--format", "ulaw").stdout().length;
        int common = Arrays.mismatch(whole, streamed.stdout());
        assertTrue(common < 0 || common >= firstSentenceBytes - 160, "differ from byte " + common);
        assertEquals(whole.length, streamed.stdout().length, 2 * 160);
    }

    @Test
    void stdinCarriesACharacterSplitBetweenReads() {
        String text = "Café au lait, naïve — 3€.";
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        InputStream oneByteAtATime = new ByteArrayInputStream(utf8) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
        byte[] expected = run("speak", text, "--format", "ulaw").stdout();
        Run run = run(oneByteAtATime, new ByteArrayOutputStream(), "speak", "--stdin", "--format", "ulaw");
        assertEquals(0, run.status(), run.stderr());
        assertArrayEquals(expected, run.stdout());
    }

    @Test
    void nothingToSayWritesNothing() throws IOException {
        for (String blank : List.of("", "   ", " \n\t ")) {
            Run run = run("speak", blank);
            assertEquals(0, run.status(), run.stderr());
            assertEquals(0, run.stdout().length, "no media and no mark");
            assertEquals("", run.stderr());
        }
        Run stdin = run(new ByteArrayInputStream("  \n ".getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), "speak", "--stdin");
        assertEquals(0, stdin.status(), stdin.stderr());
        assertEquals(0, stdin.stdout().length);
        // A WAV file is still a WAV file: a 58-byte header and no samples (a data size of 0, which WavReader, like
        // other readers, takes as "until the end of the file").
        Path file = dir.resolve("empty.wav");
        assertEquals(0, run("speak", " ", "--format", "wav", "--out", file.toString()).status());
        assertEquals(58, Files.size(file));
        try (WavReader reader = WavReader.open(file)) {
            assertEquals(new WavFormat(SampleEncoding.MULAW, 1, 8000), reader.format());
            assertEquals(0, reader.readAllShorts().length);
        }
    }

    @Test
    void statsAreOneLineOnStderr() {
        Run run = run("speak", TEXT, "--stats");
        assertEquals(0, run.status(), run.stderr());
        List<String> err = run.stderr().lines().toList();
        assertEquals(1, err.size(), run.stderr());
        Matcher m = Pattern.compile("voxbridge speak: engine=freetts load_ms=\\d+\\.\\d first_frame_ms=\\d+\\.\\d"
                + " frames=(\\d+) audio_s=(\\d+\\.\\d\\d) synthesis_s=\\d+\\.\\d{3} rtf=\\d+\\.\\d{3}")
                .matcher(err.get(0));
        assertTrue(m.matches(), err.get(0));
        long media = run.text().lines().count() - 1;
        assertEquals(media, Long.parseLong(m.group(1)));
        assertEquals(media * 0.02, Double.parseDouble(m.group(2)), 0.005);

        Run empty = run("speak", " ", "--stats");
        assertTrue(empty.stderr().matches("voxbridge speak: engine=freetts load_ms=\\d+\\.\\d first_frame_ms=-"
                + " frames=0 audio_s=0\\.00 synthesis_s=\\d+\\.\\d{3} rtf=-\\R"), empty.stderr());
    }

    @Test
    void anotherEngineWithItsOptions() throws IOException {
        short[] tone = new short[16000 / 4 + 7]; // 0.25 s at 16 kHz and a bit: 33 frames at 8 kHz
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / 16000.0));
        }
        try (WavWriter wav = WavWriter.create(dir.resolve("welcome.wav"), SampleEncoding.S16LE, 16000)) {
            wav.write(tone, 0, tone.length);
        }
        Run run = run("speak", "--engine", "prerecorded", "-E", "dir=" + dir, "welcome", "--format", "ulaw");
        assertEquals(0, run.status(), run.stderr());
        assertEquals(160 * ((tone.length / 2 + 159) / 160), run.stdout().length);
        assertTrue(rms(run.stdout()) > 4000, "rms " + rms(run.stdout()));
    }

    /**
     * Issue 12's pass-through: a mu-law 8 kHz recording comes out as the file's data bytes exactly (all 256 codes,
     * 0x7F, mu-law's negative zero, included), not decoded and re-encoded; only the last frame is padded with 0xFF.
     */
    @Test
    void aMuLawRecordingPassesThroughByteForByte() throws IOException {
        byte[] codes = new byte[3 * 256 + 41];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (byte) (0x7F + 37 * i); // every code once in each run of 256 (37 is odd)
        }
        try (WavWriter wav = WavWriter.create(dir.resolve("hold.wav"), SampleEncoding.MULAW, 8000)) {
            wav.writeEncoded(codes, 0, codes.length);
        }
        Run run = run("speak", "--engine", "prerecorded", "-E", "dir=" + dir, "hold", "--format", "ulaw");
        assertEquals(0, run.status(), run.stderr());
        byte[] expected = Arrays.copyOf(codes, 160 * ((codes.length + 159) / 160));
        Arrays.fill(expected, codes.length, expected.length, MuLaw.SILENCE);
        assertArrayEquals(expected, run.stdout());
    }

    /** Issue 12's acceptance line, with the real espeak-ng (.ci/run installs it; absent, this fails). */
    @Test
    void espeakSpeaksToAWavFile() throws IOException {
        Path file = dir.resolve("hello.wav");
        Run run = run("speak", "Hello from voxbridge", "--engine", "espeak", "--format", "wav", "--out",
                file.toString());
        assertEquals(0, run.status(), run.stderr());
        try (WavReader reader = WavReader.open(file)) {
            assertEquals(new WavFormat(SampleEncoding.MULAW, 1, 8000), reader.format());
            // espeak-ng 1.51 speaks this in 1.55 s at its default 175 words per minute
            assertTrue(reader.frames() > 8000 && reader.frames() < 3 * 8000, "frames: " + reader.frames());
        }
    }

    @Test
    void engineFailuresExitWithOneAndOneLine() {
        Run run = run("speak", "--engine", "prerecorded", "Good morning");
        assertEquals(1, run.status());
        assertEquals(0, run.stdout().length);
        assertEquals(List.of("voxbridge speak: prerecorded failed (BAD_REQUEST): no recording for text 'Good morning'"
                        + " (0 known)"),
                run.stderr().lines().toList());
    }

    @Test
    void badOptionsExitWithTwo() {
        Run engine = run("speak", "--engine", "nosuch", "Hello");
        assertEquals(2, engine.status());
        assertTrue(engine.stderr().startsWith("unknown engine 'nosuch' (available: "), engine.stderr());
        String available = engine.stderr().substring("unknown engine 'nosuch' (available: ".length(),
                engine.stderr().indexOf(')'));
        assertTrue(List.of(available.split(", ")).containsAll(List.of("azure", "cartesia", "deepgram", "espeak", "freetts",
                "google", "openai", "piper", "polly", "prerecorded")), engine.stderr());
        assertTrue(engine.stderr().contains("Usage: voxbridge speak"), engine.stderr());

        Run option = run("speak", "-E", "colour=red", "Hello");
        assertEquals(2, option.status());
        assertTrue(option.stderr().startsWith("freetts: unknown option 'colour' (known: voice, voices)"),
                option.stderr());

        Run none = run("speak");
        assertEquals(2, none.status());
        assertTrue(none.stderr().startsWith("Missing TEXT (or --stdin"), none.stderr());
        assertEquals(2, run("speak", "--stdin", "Hello").status());
        assertEquals(2, run("speak", "--format", "mp3", "Hello").status());
        assertEquals(2, run("speak", "--quality", "best", "Hello").status());
        assertEquals(2, run("speak", "--stream-sid", "", "Hello").status());
        for (String[] args : List.of(new String[] {"speak", "--engine", "nosuch", "x"}, new String[] {"speak"})) {
            assertEquals(0, run(args).stdout().length);
        }
    }

    @Test
    void anUnwritableOutIsAnIoErrorOnOneLine() {
        Run run = run("speak", "Hello", "--out", dir.resolve("no/such/dir/out.jsonl").toString());
        assertEquals(1, run.status());
        List<String> err = run.stderr().lines().toList();
        assertEquals(1, err.size(), run.stderr());
        assertTrue(err.get(0).startsWith("voxbridge speak: I/O error: ") && err.get(0).contains("out.jsonl"),
                err.get(0));
        assertFalse(Files.exists(dir.resolve("no")));
    }

    private static byte[] readAll(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
