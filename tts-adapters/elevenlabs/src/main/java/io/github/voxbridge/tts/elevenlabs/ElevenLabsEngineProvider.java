package io.github.voxbridge.tts.elevenlabs;

import io.github.voxbridge.tts.EngineRequirement;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngineProvider;
import io.github.voxbridge.tts.TtsException;
import java.util.List;
import java.util.Map;

/** Registers {@link ElevenLabsEngine} as {@code "elevenlabs"}; its options are listed there. */
public final class ElevenLabsEngineProvider implements TtsEngineProvider {

    /** For {@link java.util.ServiceLoader}, which instantiates providers; cheap, as the interface asks. */
    public ElevenLabsEngineProvider() {
    }

    @Override
    public String name() {
        return ElevenLabsEngine.NAME;
    }

    @Override
    public String description() {
        return "ElevenLabs stream-input over WebSocket (or HTTP /stream), ulaw_8000 passed through, model "
                + ElevenLabsEngine.DEFAULT_MODEL;
    }

    /**
     * The key's environment variable, {@value ElevenLabsEngine#API_KEY_ENV}, unless {@code -E api-key=...} is given.
     */
    @Override
    public List<EngineRequirement> requirements() {
        return List.of(EngineRequirement.environment(ElevenLabsEngine.API_KEY_ENV, "-E api-key=...",
                System::getenv));
    }

    @Override
    public TtsEngine create(Map<String, String> options) throws TtsException {
        return ElevenLabsEngine.create(options, System::getenv);
    }
}
