package io.github.voxbridge.tts.openai;

import io.github.voxbridge.tts.EngineRequirement;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngineProvider;
import io.github.voxbridge.tts.TtsException;
import java.util.List;
import java.util.Map;

/** Registers {@link OpenAiEngine} as {@code "openai"}; its options are listed there. */
public final class OpenAiEngineProvider implements TtsEngineProvider {

    /** For {@link java.util.ServiceLoader}, which instantiates providers; cheap, as the interface asks. */
    public OpenAiEngineProvider() {
    }

    @Override
    public String name() {
        return OpenAiEngine.NAME;
    }

    @Override
    public String description() {
        return "OpenAI /v1/audio/speech, streamed pcm (s16le mono 24000 Hz), model " + OpenAiEngine.DEFAULT_MODEL
                + ", voice " + OpenAiEngine.DEFAULT_VOICE;
    }

    /** The key's environment variable, {@value OpenAiEngine#API_KEY_ENV}, unless {@code -E api-key=...} is given. */
    @Override
    public List<EngineRequirement> requirements() {
        return List.of(EngineRequirement.environment(OpenAiEngine.API_KEY_ENV, "-E api-key=...", System::getenv));
    }

    @Override
    public TtsEngine create(Map<String, String> options) throws TtsException {
        return OpenAiEngine.create(options, System::getenv);
    }
}
