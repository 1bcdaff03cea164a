package io.github.voxbridge.tts.deepgram;

import io.github.voxbridge.tts.EngineRequirement;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngineProvider;
import io.github.voxbridge.tts.TtsException;
import java.util.List;
import java.util.Map;

/** Registers {@link DeepgramEngine} as {@code "deepgram"}; its options are listed there. */
public final class DeepgramEngineProvider implements TtsEngineProvider {

    /** For {@link java.util.ServiceLoader}, which instantiates providers; cheap, as the interface asks. */
    public DeepgramEngineProvider() {
    }

    @Override
    public String name() {
        return DeepgramEngine.NAME;
    }

    @Override
    public String description() {
        return "Deepgram Aura /v1/speak over WebSocket (or REST), mu-law 8000 Hz passed through, model "
                + DeepgramEngine.DEFAULT_MODEL;
    }

    /** The key's environment variable, {@value DeepgramEngine#API_KEY_ENV}, unless {@code -E api-key=...} is given. */
    @Override
    public List<EngineRequirement> requirements() {
        return List.of(EngineRequirement.environment(DeepgramEngine.API_KEY_ENV, "-E api-key=...", System::getenv));
    }

    @Override
    public TtsEngine create(Map<String, String> options) throws TtsException {
        return DeepgramEngine.create(options, System::getenv);
    }
}
