package io.github.voxbridge.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.voxbridge.dsp.codec.MuLaw;
import io.github.voxbridge.twilio.protocol.OutboundMessage;
import io.github.voxbridge.twilio.protocol.TwilioCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** Runs the shaded jar that {@code package} built, as a separate process, with real stdin/stdout/stderr. */
class VoxbridgeJarIT {

    record Result(int status, byte[] stdout, String stderr) {
    }

    private static Path jarPath() {
        return Path.of(System.getProperty("voxbridge.cli.jar", "target/voxbridge-cli-all.jar"));
    }

    private static Result java(byte[] stdin, String... args) throws IOException, InterruptedException {
        Path jar = jarPath();
        assertTrue(Files.isRegularFile(jar), "no shaded jar at " + jar.toAbsolutePath());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-modules");
        command.add("jdk.incubator.vector");
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin);
        }
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "voxbridge did not finish");
        return new Result(process.exitValue(), out.join(), new String(err.join(), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** stderr without the JVM's own notice about the incubator module, which no option silences. */
    private static List<String> ourLines(String stderr) {
        return stderr.lines().filter(line -> !line.startsWith("WARNING: Using incubator modules")).toList();
    }

    @Test
    void encodesAndFailsOnAnOddByteLikeTheLibrary() throws Exception {
        short[] samples = new short[48_000];
        Random random = new Random(11);
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) random.nextInt();
        }
        byte[] pcm = new byte[2 * samples.length + 1]; // one dangling byte
        for (int i = 0; i < samples.length; i++) {
            pcm[2 * i] = (byte) samples[i];
            pcm[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        byte[] expected = new byte[samples.length];
        MuLaw.encode(samples, 0, expected, 0, samples.length);

        Result result = java(pcm, "encode", "--codec", "mulaw");
        assertEquals(1, result.status(), result.stderr());
        assertArrayEquals(expected, result.stdout());
        assertEquals(List.of("voxbridge encode: odd byte count 96001 at end of stream: 1 dangling byte"
                + " (s16le, 2 bytes per sample)"), ourLines(result.stderr()));
    }

    @Test
    void versionAndUsageErrors() throws Exception {
        Result version = java(new byte[0], "--version");
        assertEquals(0, version.status());
        String expected = VoxbridgeCommandTest.projectVersion();
        assertEquals("voxbridge " + expected, new String(version.stdout(), StandardCharsets.UTF_8).strip());
        try (JarFile jar = new JarFile(jarPath().toFile())) {
            assertEquals(expected, jar.getManifest().getMainAttributes().getValue("Implementation-Version"),
                    "the shaded jar's manifest");
        }
        Result bad = java(new byte[0], "decode", "--codec", "opus");
        assertEquals(2, bad.status());
        assertTrue(bad.stderr().contains("unknown codec 'opus' (expected one of: mulaw, alaw)"), bad.stderr());
        assertEquals(0, bad.stdout().length);
    }

    /**
     * The real process, FreeTTS inside the shaded jar (found through the merged service file): standard output holds
     * nothing but the messages, and the raw format is exactly their payloads.
     */
    @Test
    void speaksWithFreeTtsAndWritesOnlyMessagesToStdout() throws Exception {
        TwilioCodec codec = new TwilioCodec();
        Result jsonl = java(new byte[0], "speak", "Hello from voxbridge.");
        assertEquals(0, jsonl.status(), jsonl.stderr());
        assertEquals(List.of(), ourLines(jsonl.stderr()));
        List<String> lines = new String(jsonl.stdout(), StandardCharsets.UTF_8).lines().toList();
        ByteArrayOutputStream payloads = new ByteArrayOutputStream();
        for (String line : lines.subList(0, lines.size() - 1)) {
            OutboundMessage.Media media = (OutboundMessage.Media) codec.parseOutbound(line);
            assertEquals(160, media.payload().length);
            payloads.writeBytes(media.payload());
        }
        assertEquals(new OutboundMessage.Mark("MZ00000000000000000000000000000000", "utterance-1"),
                codec.parseOutbound(lines.getLast()));
        assertTrue(payloads.size() > 8000, payloads.size() + " bytes");

        Result ulaw = java("Hello from voxbridge.".getBytes(StandardCharsets.UTF_8), "speak", "--stdin",
                "--format", "ulaw", "--stats");
        assertEquals(0, ulaw.status(), ulaw.stderr());
        assertArrayEquals(payloads.toByteArray(), ulaw.stdout());
        List<String> err = ourLines(ulaw.stderr());
        assertEquals(1, err.size(), ulaw.stderr());
        assertTrue(err.get(0).startsWith("voxbridge speak: engine=freetts load_ms="), err.get(0));
    }
}
