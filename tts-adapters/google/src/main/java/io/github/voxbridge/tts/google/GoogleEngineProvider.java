package io.github.voxbridge.tts.google;

import io.github.voxbridge.tts.EngineRequirement;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngineProvider;
import io.github.voxbridge.tts.TtsException;
import java.util.List;
import java.util.Map;

/** Registers {@link GoogleEngine} as {@code "google"}; its options are listed there. */
public final class GoogleEngineProvider implements TtsEngineProvider {

    /** For {@link java.util.ServiceLoader}, which instantiates providers; cheap, as the interface asks. */
    public GoogleEngineProvider() {
    }

    @Override
    public String name() {
        return GoogleEngine.NAME;
    }

    @Override
    public String description() {
        return "Google Cloud Text-to-Speech REST, MULAW 8000 Hz passed through (or LINEAR16 24000 Hz), voice "
                + GoogleEngine.DEFAULT_VOICE;
    }

    /** The key's environment variable, {@value GoogleEngine#API_KEY_ENV}, unless {@code -E api-key=...} is given. */
    @Override
    public List<EngineRequirement> requirements() {
        return List.of(EngineRequirement.environment(GoogleEngine.API_KEY_ENV, "-E api-key=...", System::getenv));
    }

    @Override
    public TtsEngine create(Map<String, String> options) throws TtsException {
        return GoogleEngine.create(options, System::getenv);
    }
}
