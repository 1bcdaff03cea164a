package io.github.voxbridge.tts.piper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.RecordingSink;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngines;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.TtsException.Kind;
import io.github.voxbridge.tts.transport.process.EngineProcess;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine with a stand-in for Piper ({@code fake-piper.sh}, a {@code /bin/sh} program that reads the text and
 * writes raw s16le at the {@code .onnx.json} rate the way Piper does): Piper itself cannot be installed here
 * (tts-engines.md section 8). The class timeout only guards against a hang.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PiperEngineTest {

    @TempDir
    Path dir;

    private Path piper;
    private Path model;

    @BeforeEach
    void standInAndVoice() throws Exception {
        piper = dir.resolve("piper");
        try (InputStream in = PiperEngineTest.class.getResourceAsStream("fake-piper.sh")) {
            Files.copy(in, piper);
        }
        Files.setPosixFilePermissions(piper, PosixFilePermissions.fromString("rwxr-xr-x"));
        model = voice("en_US-test-low.onnx", """
                {"audio": {"sample_rate": 16000, "quality": "low"}, "num_speakers": 4, "espeak": {"voice": "en-us"}}
                """);
    }

    @AfterEach
    void noProcessOrThreadIsLeftBehind() {
        assertThat(ProcessHandle.current().children().filter(EngineProcess::isRunning).toList()).isEmpty();
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith("voxbridge-process-"));
    }

    private Path voice(String name, String json) throws Exception {
        Path onnx = dir.resolve(name);
        Files.write(onnx, new byte[] {0x08, 0x07}); // the stand-in only checks that the model exists
        Files.writeString(dir.resolve(name + ".json"), json);
        return onnx;
    }

    private Map<String, String> options(String... more) {
        Map<String, String> options = new java.util.HashMap<>(Map.of("binary", piper.toString(),
                "model", model.toString()));
        for (int i = 0; i < more.length; i += 2) {
            options.put(more[i], more[i + 1]);
        }
        return options;
    }

    private static Path recorded(Path model, String what) {
        return model.resolveSibling(model.getFileName() + "." + what);
    }

    @Test
    void theAudioIsWhatPiperWroteAtTheRateOfTheVoiceConfig() throws Exception {
        RecordingSink sink = new RecordingSink();
        try (TtsEngine engine = TtsEngines.create("piper", options("speaker", "3"))) {
            engine.synthesize("Hello from voxbridge.\nSecond line, -v not an option", sink, CancellationToken.none());
        }
        assertThat(sink.format()).isEqualTo(new AudioFormatSpec(SampleEncoding.S16LE, 16000));
        assertThat(sink.bytes()).isEqualTo(Files.readAllBytes(recorded(model, "out")));
        // 10 ms per byte of each line at 16 kHz: (21 + 29) bytes x 160 samples x 2 bytes
        assertThat(sink.bytes().length).isEqualTo((21 + 29) * 160 * 2);
        assertThat(sink.chunkSizes).anyMatch(n -> n % 2 == 1); // odd-sized pieces reach the sink as they are
        assertThat(Files.readString(recorded(model, "args")))
                .isEqualTo("--model " + model + " --output-raw --speaker 3\n");
        assertThat(Files.readString(recorded(model, "stdin"), StandardCharsets.UTF_8))
                .isEqualTo("Hello from voxbridge.\nSecond line, -v not an option\n");
    }

    @Test
    void aMediumVoiceIs22050HzAndNoSpeakerMeansNoSpeakerArgument() throws Exception {
        Path medium = voice("en_GB-test-medium.onnx", "{\"audio\":{\"sample_rate\":22050}}");
        RecordingSink sink = new RecordingSink();
        try (PiperEngine engine = (PiperEngine) TtsEngines.create("piper", options("model", medium.toString()))) {
            assertThat(engine.command()).containsExactly(piper.toString(), "--model", medium.toString(), "--output-raw");
            assertThat(engine.format()).isEqualTo(new AudioFormatSpec(SampleEncoding.S16LE, 22050));
            engine.synthesize("Hi there", sink, CancellationToken.none());
        }
        assertThat(sink.format().sampleRate()).isEqualTo(22050);
        assertThat(sink.bytes()).isEqualTo(Files.readAllBytes(recorded(medium, "out")));
        assertThat(sink.bytes().length).isEqualTo(8 * 22050 / 100 * 2); // the stand-in's 10 ms per byte
        assertThat(Files.readString(recorded(medium, "args"))).isEqualTo("--model " + medium + " --output-raw\n");
    }

    @Test
    void blankTextStartsNoProcessAndDeliversNothing() throws Exception {
        RecordingSink sink = new RecordingSink();
        try (TtsEngine engine = TtsEngines.create("piper", options())) {
            engine.synthesize(" \n ", sink, CancellationToken.none());
        }
        assertThat(sink.formats).isEmpty();
        assertThat(recorded(model, "args")).doesNotExist();
    }

    @Test
    void cancelMidStreamKillsPiper() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            text.append("Line ").append(i).append(" of a long text.\n");
        }
        CancellationToken cancel = new CancellationToken();
        List<ProcessHandle> running = new ArrayList<>();
        try (TtsEngine engine = TtsEngines.create("piper", options())) {
            RecordingSink sink = new RecordingSink() {
                @Override
                public void audio(byte[] chunk, int off, int len) {
                    super.audio(chunk, off, len);
                    if (running.isEmpty()) {
                        ProcessHandle.current().children().filter(EngineProcess::isRunning).forEach(child -> {
                            running.add(child);
                            running.addAll(child.descendants().toList());
                        });
                        cancel.cancel();
                    }
                }
            };
            assertThatThrownBy(() -> engine.synthesize(text.toString(), sink, cancel))
                    .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CANCELLED))
                    .hasMessage("piper: synthesis cancelled");
            assertThat(sink.chunks()).isLessThanOrEqualTo(2);
        }
        assertThat(running).isNotEmpty().noneMatch(EngineProcess::isRunning);
        assertThat(Files.readString(recorded(model, "stdin")).lines().count()).isLessThan(500);
    }

    @Test
    void piperFailingIsUnavailableWithItsStderr() throws Exception {
        try (TtsEngine engine = TtsEngines.create("piper", options())) {
            Files.delete(model); // gone after create: the stand-in, like Piper, reports it and exits 1
            assertThatThrownBy(() -> engine.synthesize("Hello", new RecordingSink(), CancellationToken.none()))
                    .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
                    .hasMessage("piper: '" + piper + "' exited with code 1 after 0 bytes of audio;"
                            + " stderr: '[error] Model file doesn't exist: " + model + "'");
        }
    }

    @Test
    void theModelOptionIsRequiredAndMustExist() {
        assertThatThrownBy(() -> TtsEngines.create("piper", Map.of("binary", piper.toString())))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST))
                .hasMessage("piper: option model is required: the voice's .onnx file, e.g."
                        + " -E model=/voices/en_US-lessac-medium.onnx");
        Path missing = dir.resolve("nope.onnx");
        assertThatThrownBy(() -> TtsEngines.create("piper", options("model", missing.toString())))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST))
                .hasMessage("piper: no model file " + missing + " (option model)");
    }

    @Test
    void aMissingOrMalformedVoiceConfigIsNamed() throws Exception {
        Path noConfig = dir.resolve("lonely.onnx");
        Files.write(noConfig, new byte[] {1});
        assertThatThrownBy(() -> TtsEngines.create("piper", options("model", noConfig.toString())))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST))
                .hasMessage("piper: no voice config " + noConfig + ".json (Piper voices come as two files,"
                        + " model.onnx and model.onnx.json, side by side)");
        Path notJson = voice("broken.onnx", "{\"audio\": {\"sample_rate\": 22050");
        assertThatThrownBy(() -> TtsEngines.create("piper", options("model", notJson.toString())))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
                .hasMessageStartingWith("piper: voice config " + notJson + ".json is not JSON: ");
        Path noRate = voice("norate.onnx", "{\"audio\": {\"quality\": \"low\"}}");
        assertThatThrownBy(() -> TtsEngines.create("piper", options("model", noRate.toString())))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PROTOCOL))
                .hasMessage("piper: voice config " + noRate + ".json has no usable audio.sample_rate (a positive"
                        + " integer in Hz), found 'nothing'");
        Path textRate = voice("textrate.onnx", "{\"audio\": {\"sample_rate\": \"22050\"}}");
        assertThatThrownBy(() -> TtsEngines.create("piper", options("model", textRate.toString())))
                .hasMessageEndingWith("found '\"22050\"'");
        Path array = voice("array.onnx", "[1, 2]");
        assertThatThrownBy(() -> TtsEngines.create("piper", options("model", array.toString())))
                .hasMessage("piper: voice config " + array + ".json is not a JSON object");
    }

    @Test
    void badOptionsAreBadRequestsNamingTheKeyAndValue() {
        assertThatThrownBy(() -> TtsEngines.create("piper", options("speaker", "4")))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST))
                .hasMessage("piper: option speaker = 4 but the voice has 4 speakers (0..3, num_speakers in "
                        + model + ".json)");
        assertThatThrownBy(() -> TtsEngines.create("piper", options("speaker", "-1")))
                .hasMessage("piper: option speaker = '-1' is not an integer in [0, 99999]");
        assertThatThrownBy(() -> TtsEngines.create("piper", options("voice", "amy")))
                .hasMessage("piper: unknown option 'voice' (known: binary, model, speaker)");
    }

    @Test
    void aMissingProgramIsUnavailableAtCreateSayingHowToInstallIt() {
        assertThatThrownBy(() -> TtsEngines.create("piper", options("binary", "/nonexistent/piper")))
                .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
                .hasMessage("piper: '/nonexistent/piper' is not an executable file: " + PiperEngine.INSTALL_HINT);
    }

    @Test
    void theProviderIsFoundByNameAndSaysWhatItNeeds() {
        PiperEngineProvider provider = (PiperEngineProvider) TtsEngines.providers().get("piper");
        assertThat(provider.requirements()).singleElement()
                .satisfies(r -> assertThat(r.what()).isEqualTo("piper"));
        assertThat(provider.description()).contains("model");
    }
}
