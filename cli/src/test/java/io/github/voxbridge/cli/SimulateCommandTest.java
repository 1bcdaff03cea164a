package io.github.voxbridge.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.voxbridge.dsp.codec.MuLaw;
import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.dsp.pcm.WavWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs {@code voxbridge simulate} in-process against a real voice server on loopback ({@link LoopbackVoiceServer}:
 * Jetty, the prerecorded engine, twilio-frames' player), as the shell would: exit status, report, standard error.
 */
class SimulateCommandTest {

    private static final String TOKEN = "f00dfeedf00dfeedf00dfeedf00dfeed";

    @TempDir
    Path dir;

    /** What one run left behind. */
    record Run(int status, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }

        /** The report's value on the line labelled {@code label}. */
        String value(String label) {
            return out.lines().filter(l -> l.startsWith(label + "  ")).map(l -> l.substring(label.length()).strip())
                    .findFirst().orElseThrow(() -> new AssertionError("no '" + label + "' line in\n" + out));
        }
    }

    private static Run run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = VoxbridgeCommand.commandLine(new ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream());
        ((SimulateCommand) cmd.getSubcommands().get("simulate").getCommand()).environment =
                (UnaryOperator<String>) environment::get;
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int status = cmd.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    private static Run run(String... args) {
        return run(Map.of(), args);
    }

    @Test
    void threeSignedCallsAreAllHeardWholeAndReported() throws Exception {
        try (LoopbackVoiceServer server = new LoopbackVoiceServer(dir, TOKEN)) {
            Run run = run("simulate", "--url", server.baseUrl(), "--calls", "3", "--seconds", "2", "--ramp-ms", "300",
                    "--io-threads", "2", "--auth-token", TOKEN);
            int frames = 3 * LoopbackVoiceServer.GREETING_FRAMES;
            assertAll(run.out() + run.err(),
                    () -> assertEquals(0, run.status()),
                    () -> assertEquals("", run.err()),
                    () -> assertEquals("3 ok, 0 failed (of 3, 2.00 s each)", run.value("calls")),
                    () -> assertEquals(frames + " (played " + frames + ", cut 0, cleared 0)",
                            run.value("frames received")),
                    () -> assertEquals("0", run.value("frames lost")),
                    () -> assertEquals("3 of 3 sent", run.value("marks echoed")),
                    () -> assertEquals("0", run.value("clears")),
                    () -> assertEquals("0", run.value("protocol errors")),
                    () -> assertTrue(run.value("first frame").matches(
                            "p50 \\d+\\.\\d ms, p99 \\d+\\.\\d ms, max \\d+\\.\\d ms \\(3 calls; 0 without audio\\)"),
                            run.value("first frame")),
                    () -> assertTrue(run.value("simulator CPU").matches("\\d+\\.\\d\\d s, \\d+\\.\\d{3} s per"
                            + " call-minute \\(wall \\d+\\.\\d\\d s, \\d+% of \\d+ CPUs\\)"),
                            run.value("simulator CPU")),
                    () -> assertTrue(run.value("underruns").matches("\\d+")),
                    () -> assertFalse(run.out().contains(TOKEN)));
            // Aligned: every value starts in the same column, two spaces after the longest label at least.
            List<Integer> columns = run.out().lines().map(l -> {
                Matcher m = Pattern.compile("^\\S.*?  +").matcher(l);
                assertTrue(m.lookingAt(), l);
                return m.end();
            }).distinct().toList();
            assertEquals(List.of("frames received".length() + 2), columns, run.out());
            assertEquals(3, server.callerMedia.size());
        }
    }

    @Test
    void theTokenComesFromTheEnvironmentWhenNotGiven() throws Exception {
        try (LoopbackVoiceServer server = new LoopbackVoiceServer(dir, TOKEN)) {
            Run run = run(Map.of(SimulateCommand.TOKEN_VARIABLE, TOKEN), "simulate", "--url",
                    server.baseUrl() + "/twilio/voice", "--seconds", "1");
            assertEquals(0, run.status(), run.out() + run.err());
            assertEquals("1 ok, 0 failed (of 1, 1.00 s each)", run.value("calls"));
        }
    }

    @Test
    void aRefusedConnectionExitsWithOneLineNamingTheUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        Run run = run("simulate", "--url", "http://127.0.0.1:" + port, "--calls", "2", "--seconds", "1");
        assertEquals(1, run.status());
        assertEquals(List.of("voxbridge simulate: 2 of 2 calls failed: connection refused: http://127.0.0.1:" + port
                + "/twilio/voice"), run.errLines());
        assertEquals("0 ok, 2 failed (of 2, 1.00 s each)", run.value("calls"));
        assertEquals("no call received audio", run.value("first frame"));
    }

    @Test
    void aWrongTokenExitsWithOneLineNaming403AndNotTheToken() throws Exception {
        try (LoopbackVoiceServer server = new LoopbackVoiceServer(dir, TOKEN)) {
            String wrong = "0000feed0000feed0000feed0000feed";
            Run run = run("simulate", "--url", server.baseUrl(), "--seconds", "1", "--auth-token", wrong);
            assertEquals(1, run.status());
            assertEquals(1, run.errLines().size(), run.err());
            assertTrue(run.err().startsWith("voxbridge simulate: 1 of 1 calls failed: webhook " + server.baseUrl()
                    + "/twilio/voice answered HTTP 403"), run.err());
            assertFalse(run.err().contains(wrong) || run.out().contains(wrong));
            // Neither option nor environment: nothing is signed, and this server refuses that too.
            Run unsigned = run("simulate", "--url", server.baseUrl(), "--seconds", "1");
            assertEquals(1, unsigned.status());
            assertTrue(unsigned.err().contains("answered HTTP 403"), unsigned.err());
        }
    }

    @Test
    void theCallerSpeaksTheAudioAfterTheGivenDelay() throws Exception {
        byte[] speech = new byte[800];
        Arrays.fill(speech, (byte) 0x11);
        Path wav = dir.resolve("speech.wav");
        try (WavWriter w = WavWriter.create(wav, SampleEncoding.MULAW, 8000)) {
            w.writeEncoded(speech, 0, speech.length);
        }
        try (LoopbackVoiceServer server = new LoopbackVoiceServer(dir, null)) {
            Run run = run("simulate", "--url", server.baseUrl(), "--seconds", "1", "--audio", wav.toString(),
                    "--say-after-ms", "100");
            assertEquals(0, run.status(), run.out() + run.err());
            List<byte[]> media = server.callerMedia.getFirst();
            // 100 ms of silence is 5 frames; the 800 bytes of speech fill the next 5.
            byte[] silence = new byte[160];
            Arrays.fill(silence, MuLaw.SILENCE);
            byte[] spoken = Arrays.copyOf(speech, 160);
            for (int i = 0; i < 15; i++) {
                assertTrue(Arrays.equals(i >= 5 && i < 10 ? spoken : silence, media.get(i)), "frame " + i);
            }
        }
    }

    @Test
    void anUnreadableAudioFileExitsWithOneLine() throws Exception {
        Path notWav = Files.writeString(dir.resolve("note.wav"), "not a wav file");
        Run run = run("simulate", "--url", "http://127.0.0.1:9", "--audio", notWav.toString());
        assertEquals(1, run.status());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().startsWith("voxbridge simulate: cannot read --audio " + notWav + ": "), run.err());
        assertEquals("", run.out());
    }

    @Test
    void badOptionsAreUsageErrorsNamingTheValue() {
        Run noUrl = run("simulate");
        assertEquals(2, noUrl.status());
        assertTrue(noUrl.err().startsWith("Missing required option: '--url=<url>'"), noUrl.err());
        String url = "http://127.0.0.1:9";
        Map<List<String>, String> cases = Map.of(
                List.of("--url", "ftp://127.0.0.1/x"), "ftp://127.0.0.1/x",
                List.of("--url", "127.0.0.1:8080"), "127.0.0.1:8080",
                List.of("--url", url, "--calls", "0"), "got 0",
                List.of("--url", url, "--seconds", "0"), "got 0.0",
                List.of("--url", url, "--seconds", "NaN"), "got NaN",
                List.of("--url", url, "--ramp-ms", "-1"), "got -1",
                List.of("--url", url, "--io-threads", "0"), "--io-threads must be at least 1, got 0",
                List.of("--url", url, "--say-after-ms", "100"), "--say-after-ms needs --audio");
        cases.forEach((args, expected) -> {
            List<String> command = new ArrayList<>(List.of("simulate"));
            command.addAll(args);
            Run run = run(command.toArray(String[]::new));
            assertEquals(2, run.status(), String.join(" ", command));
            assertTrue(run.err().lines().findFirst().orElse("").contains(expected), run.err());
            assertTrue(run.err().contains("Usage: voxbridge simulate"), run.err());
        });
    }
}
