package io.github.voxbridge.tts.espeak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.dsp.pcm.WavReader;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.EngineRequirement;
import io.github.voxbridge.tts.RecordingSink;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngines;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.TtsException.Kind;
import io.github.voxbridge.tts.transport.process.EngineProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine with the real espeak-ng. These tests need it installed ({@code .ci/run} installs it) and fail, never
 * skip, when it is not. The class timeout only guards against a hang.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EspeakEngineTest {

    private static final String HELLO = "Hello from voxbridge";

    @TempDir
    Path dir;

    @BeforeAll
    static void espeakNgIsInstalled() {
        if (EngineRequirement.findExecutable("espeak-ng", System.getenv("PATH")) == null) {
            fail("espeak-ng is not installed, and these tests run the real program: apt-get install espeak-ng"
                    + " (.ci/run installs it when missing)");
        }
    }

    @AfterEach
    void noProcessOrThreadIsLeftBehind() {
        assertThat(espeakChildren()).isEmpty();
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith("voxbridge-process-"));
    }

    /** The espeak-ng processes this JVM started that still run. */
    private static List<ProcessHandle> espeakChildren() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().command().orElse("").endsWith("espeak-ng"))
                .filter(EngineProcess::isRunning)
                .toList();
    }

    /** Seconds of audio in the file {@code espeak-ng -w} writes with the true sizes in its header. */
    private double referenceSeconds(String text, String... options) throws Exception {
        Path wav = dir.resolve("reference.wav");
        List<String> command = new ArrayList<>(List.of("espeak-ng", "-w", wav.toString(), "-b", "1"));
        command.addAll(List.of(options));
        command.add(text);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(p.waitFor()).isZero();
        try (WavReader reader = WavReader.open(wav)) {
            assertThat(reader.frames()).isPositive();
            return (double) reader.frames() / reader.format().sampleRate();
        }
    }

    private static RecordingSink speak(Map<String, String> options, String text) throws TtsException {
        try (TtsEngine engine = TtsEngines.create("espeak", options)) {
            RecordingSink sink = new RecordingSink();
            engine.synthesize(text, sink, CancellationToken.none());
            return sink;
        }
    }

    @Test
    void speaksHelloAsLongAsTheFileEspeakNgWritesWithTheFormatFromTheStream() throws Exception {
        RecordingSink sink = speak(Map.of(), HELLO);
        assertThat(sink.format()).isEqualTo(new AudioFormatSpec(SampleEncoding.S16LE, 22050));
        double seconds = sink.format().seconds(sink.bytes().length);
        double reference = referenceSeconds(HELLO, "-v", "en-us", "-s", "175");
        assertThat(seconds).isCloseTo(reference, org.assertj.core.data.Percentage.withPercentage(10));
        assertThat(seconds).isBetween(0.8, 3.0); // about 1.55 s with espeak-ng 1.51
        short[] samples = sink.samples();
        int loud = 0;
        for (short s : samples) {
            loud += Math.abs(s) > 1000 ? 1 : 0;
        }
        assertThat(loud).as("samples louder than -30 dBFS").isGreaterThan(samples.length / 20);
    }

    @Test
    void speedAndPitchReachEspeakNg() throws Exception {
        RecordingSink fast = speak(Map.of("speed", "350", "pitch", "80"), HELLO);
        double seconds = fast.format().seconds(fast.bytes().length);
        assertThat(seconds).isCloseTo(referenceSeconds(HELLO, "-v", "en-us", "-s", "350", "-p", "80"),
                org.assertj.core.data.Percentage.withPercentage(10));
        RecordingSink normal = speak(Map.of(), HELLO);
        assertThat(seconds).isLessThan(0.75 * normal.format().seconds(normal.bytes().length));
        try (EspeakEngine engine = (EspeakEngine) TtsEngines.create("espeak",
                Map.of("voice", "en-gb", "speed", "80", "pitch", "0"))) {
            assertThat(engine.command()).containsExactly("espeak-ng", "--stdout", "-b", "1", "-v", "en-gb",
                    "-s", "80", "-p", "0", "--stdin");
        }
    }

    @Test
    void textThatLooksLikeAnOptionIsSpokenNotObeyed() throws Exception {
        // As an argument, "--help" would print the usage text instead of a WAV.
        RecordingSink sink = speak(Map.of(), "--help -w /tmp/x.wav");
        assertThat(sink.format().sampleRate()).isEqualTo(22050);
        assertThat(sink.format().seconds(sink.bytes().length)).isGreaterThan(0.5);
    }

    @Test
    void blankTextIsNoAudioAndNoError() throws Exception {
        for (String blank : List.of("", "   ", "\n\t ")) {
            RecordingSink sink = speak(Map.of(), blank);
            assertThat(sink.formats).isEmpty();
            assertThat(sink.chunks()).isZero();
        }
    }

    @Test
    void cancelMidSynthesisKillsEspeakNgPromptly() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            text.append("This is sentence number ").append(i).append(" of a long text that takes a while to speak. ");
        }
        CancellationToken cancel = new CancellationToken();
        List<ProcessHandle> seen = new ArrayList<>();
        AtomicInteger chunksAfterCancel = new AtomicInteger(-1);
        try (TtsEngine engine = TtsEngines.create("espeak")) {
            RecordingSink sink = new RecordingSink() {
                @Override
                public void audio(byte[] chunk, int off, int len) {
                    super.audio(chunk, off, len);
                    if (seen.isEmpty()) {
                        seen.addAll(espeakChildren());
                        cancel.cancel();
                        chunksAfterCancel.set(0);
                    } else {
                        chunksAfterCancel.incrementAndGet();
                    }
                }
            };
            assertThatThrownBy(() -> engine.synthesize(text.toString(), sink, cancel))
                    .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED))
                    .hasMessage("espeak: synthesis cancelled");
            assertThat(sink.format().sampleRate()).isEqualTo(22050);
        }
        assertThat(seen).as("espeak-ng was running when the first chunk arrived").hasSize(1);
        assertThat(seen).noneMatch(EngineProcess::isRunning);
        assertThat(chunksAfterCancel.get()).isLessThanOrEqualTo(1);
    }

    @Test
    void anUnknownVoiceIsABadRequestNamingIt() throws Exception {
        try (TtsEngine engine = TtsEngines.create("espeak", Map.of("voice", "xx-nope"))) {
            assertThatThrownBy(() -> engine.synthesize(HELLO, new RecordingSink(), CancellationToken.none()))
                    .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST))
                    .hasMessage("espeak: unknown voice 'xx-nope' (espeak-ng --voices lists them): 'espeak-ng' exited"
                            + " with code 1 after 0 bytes of audio;"
                            + " stderr: 'Error: The specified espeak-ng voice does not exist.'");
        }
    }

    @Test
    void badOptionsAreBadRequestsNamingTheKeyAndValue() {
        assertThatThrownBy(() -> TtsEngines.create("espeak", Map.of("speed", "79")))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST))
                .hasMessage("espeak: option speed = '79' is not an integer in [80, 450]");
        assertThatThrownBy(() -> TtsEngines.create("espeak", Map.of("speed", "fast")))
                .hasMessage("espeak: option speed = 'fast' is not an integer in [80, 450]");
        assertThatThrownBy(() -> TtsEngines.create("espeak", Map.of("pitch", "100")))
                .hasMessage("espeak: option pitch = '100' is not an integer in [0, 99]");
        assertThatThrownBy(() -> TtsEngines.create("espeak", Map.of("voice", "-w /tmp/x")))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST))
                .hasMessageStartingWith("espeak: option voice = '-w /tmp/x' is not an espeak-ng voice name");
        assertThatThrownBy(() -> TtsEngines.create("espeak", Map.of("rate", "1")))
                .hasMessage("espeak: unknown option 'rate' (known: binary, pitch, speed, voice)");
    }

    @Test
    void aMissingProgramIsUnavailableAtCreateSayingHowToInstallIt() {
        assertThatThrownBy(() -> TtsEngines.create("espeak", Map.of("binary", "/nonexistent/espeak-ng")))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
                .hasMessage("espeak: '/nonexistent/espeak-ng' is not an executable file: " + EspeakEngine.INSTALL_HINT);
        assertThatThrownBy(() -> TtsEngines.create("espeak", Map.of("binary", "voxbridge-no-espeak")))
                .hasMessage("espeak: 'voxbridge-no-espeak' not found on the PATH: " + EspeakEngine.INSTALL_HINT);
    }

    @Test
    void theProviderIsFoundByNameAndSaysWhatItNeeds() {
        assertThat(TtsEngines.providers()).containsKey("espeak");
        EspeakEngineProvider provider = (EspeakEngineProvider) TtsEngines.providers().get("espeak");
        assertThat(provider.requirements()).singleElement().satisfies(r -> {
            assertThat(r.what()).isEqualTo("espeak-ng");
            assertThat(r.met()).isTrue();
            assertThat(r.detail()).endsWith("/espeak-ng");
        });
        assertThat(provider.description()).contains("espeak-ng").contains("22050 Hz");
    }

    @Test
    void concurrentCallsEachGetTheirOwnCompleteAudio() throws Exception {
        try (TtsEngine engine = TtsEngines.create("espeak")) {
            RecordingSink alone = new RecordingSink();
            engine.synthesize(HELLO, alone, CancellationToken.none());
            List<Thread> threads = new ArrayList<>();
            List<RecordingSink> sinks = new ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < 4; i++) {
                RecordingSink sink = new RecordingSink();
                sinks.add(sink);
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        engine.synthesize(HELLO, sink, CancellationToken.none());
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(failures).isEmpty();
            // espeak-ng is deterministic: the same text gives the same samples every time.
            assertThat(sinks).allSatisfy(s -> assertThat(s.bytes()).isEqualTo(alone.bytes()));
        }
    }
}
