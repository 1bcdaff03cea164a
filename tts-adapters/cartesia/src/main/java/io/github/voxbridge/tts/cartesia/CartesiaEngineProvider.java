package io.github.voxbridge.tts.cartesia;

import io.github.voxbridge.tts.EngineRequirement;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngineProvider;
import io.github.voxbridge.tts.TtsException;
import java.util.List;
import java.util.Map;

/** Registers {@link CartesiaEngine} as {@code "cartesia"}; its options are listed there. */
public final class CartesiaEngineProvider implements TtsEngineProvider {

    /** For {@link java.util.ServiceLoader}, which instantiates providers; cheap, as the interface asks. */
    public CartesiaEngineProvider() {
    }

    @Override
    public String name() {
        return CartesiaEngine.NAME;
    }

    @Override
    public String description() {
        return "Cartesia Sonic /tts/websocket, one context per synthesis, pcm_mulaw 8000 Hz passed through, model "
                + CartesiaEngine.DEFAULT_MODEL;
    }

    /** The key's environment variable, {@value CartesiaEngine#API_KEY_ENV}, unless {@code -E api-key=...} is given. */
    @Override
    public List<EngineRequirement> requirements() {
        return List.of(EngineRequirement.environment(CartesiaEngine.API_KEY_ENV, "-E api-key=...", System::getenv));
    }

    @Override
    public TtsEngine create(Map<String, String> options) throws TtsException {
        return CartesiaEngine.create(options, System::getenv);
    }
}
