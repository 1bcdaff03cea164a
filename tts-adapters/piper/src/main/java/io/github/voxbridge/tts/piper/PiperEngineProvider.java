package io.github.voxbridge.tts.piper;

import io.github.voxbridge.tts.EngineOptions;
import io.github.voxbridge.tts.EngineRequirement;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngineProvider;
import io.github.voxbridge.tts.TtsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Registers {@link PiperEngine} as {@code "piper"}. Options:
 * <pre>
 *   model    required: the voice's .onnx file, its .onnx.json beside it (e.g. /voices/en_US-lessac-medium.onnx)
 *   speaker  speaker id of a multi-speaker voice, 0 .. num_speakers - 1 (default: the voice's default)
 *   binary   the program (default piper, found on the PATH), or a path to it
 * </pre>
 * {@link #create} checks everything it can before any text is sent: the model and its config exist, the config
 * gives a sample rate, the speaker exists, the program is there.
 */
public final class PiperEngineProvider implements TtsEngineProvider {

    /** Highest speaker id accepted before the voice's own count is known; Piper's largest voices have ~900. */
    private static final int MAX_SPEAKER = 99_999;

    /** For {@link java.util.ServiceLoader}, which instantiates providers; cheap, as the interface asks. */
    public PiperEngineProvider() {
    }

    @Override
    public String name() {
        return PiperEngine.NAME;
    }

    @Override
    public String description() {
        return "Piper, a local program, offline neural voices (-E model=voice.onnx; s16le mono at the voice's rate)";
    }

    /** The {@code piper} program on the {@code PATH} (the model is an option, so it is checked by {@link #create}). */
    @Override
    public List<EngineRequirement> requirements() {
        return List.of(EngineRequirement.executable(PiperEngine.DEFAULT_BINARY,
                "see github.com/rhasspy/piper, or pip install piper-tts", System.getenv("PATH")));
    }

    /**
     * @throws TtsException BAD_REQUEST for a missing or bad option, a missing model or config file; PROTOCOL for a
     *                      config that is not JSON or gives no sample rate; UNAVAILABLE if the program is not found
     */
    @Override
    public TtsEngine create(Map<String, String> options) throws TtsException {
        EngineOptions o = new EngineOptions(PiperEngine.NAME, options, Set.of("model", "speaker", "binary"));
        String modelOption = o.string("model", "").strip();
        if (modelOption.isEmpty()) {
            throw new TtsException(TtsException.Kind.BAD_REQUEST, PiperEngine.NAME, "option model is required: the"
                    + " voice's .onnx file, e.g. -E model=/voices/en_US-lessac-medium.onnx");
        }
        Path model;
        try {
            model = Path.of(modelOption).toAbsolutePath();
        } catch (InvalidPathException e) {
            throw new TtsException(TtsException.Kind.BAD_REQUEST, PiperEngine.NAME, "option model = "
                    + TtsException.excerpt(modelOption, 200) + " is not a path: " + e.getReason(), e);
        }
        if (!Files.isRegularFile(model)) {
            throw new TtsException(TtsException.Kind.BAD_REQUEST, PiperEngine.NAME, "no model file " + model
                    + " (option model)");
        }
        PiperVoiceConfig config = PiperVoiceConfig.read(PiperEngine.NAME, PiperVoiceConfig.of(model));
        int speaker = o.integer("speaker", -1, 0, MAX_SPEAKER);
        if (speaker >= config.numSpeakers()) {
            throw new TtsException(TtsException.Kind.BAD_REQUEST, PiperEngine.NAME, "option speaker = " + speaker
                    + " but the voice has " + config.numSpeakers() + (config.numSpeakers() == 1 ? " speaker" : " speakers")
                    + " (0.." + (config.numSpeakers() - 1) + ", num_speakers in " + PiperVoiceConfig.of(model) + ")");
        }
        String binary = o.string("binary", PiperEngine.DEFAULT_BINARY).strip();
        if (binary.isEmpty() || EngineRequirement.findExecutable(binary, System.getenv("PATH")) == null) {
            throw new TtsException(TtsException.Kind.UNAVAILABLE, PiperEngine.NAME, TtsException.excerpt(binary, 200)
                    + (binary.indexOf('/') >= 0 ? " is not an executable file" : " not found on the PATH") + ": "
                    + PiperEngine.INSTALL_HINT);
        }
        return new PiperEngine(binary, model.toString(), speaker, config.sampleRate());
    }
}
