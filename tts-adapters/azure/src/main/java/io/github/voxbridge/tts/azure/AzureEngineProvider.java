package io.github.voxbridge.tts.azure;

import io.github.voxbridge.tts.EngineRequirement;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngineProvider;
import io.github.voxbridge.tts.TtsException;
import java.util.List;
import java.util.Map;

/** Registers {@link AzureEngine} as {@code "azure"}; its options are listed there. */
public final class AzureEngineProvider implements TtsEngineProvider {

    /** For {@link java.util.ServiceLoader}, which instantiates providers; cheap, as the interface asks. */
    public AzureEngineProvider() {
    }

    @Override
    public String name() {
        return AzureEngine.NAME;
    }

    @Override
    public String description() {
        return "Azure AI Speech REST, streamed " + AzureEngine.MULAW_OUTPUT + " passed through (or "
                + AzureEngine.PCM_OUTPUT + "), voice " + AzureEngine.DEFAULT_VOICE;
    }

    /**
     * The key's environment variable, {@value AzureEngine#API_KEY_ENV} (unless {@code -E api-key=...}), and the
     * region's, {@value AzureEngine#REGION_ENV} (unless {@code -E region=...} or {@code -E base-url=...}).
     */
    @Override
    public List<EngineRequirement> requirements() {
        return List.of(EngineRequirement.environment(AzureEngine.API_KEY_ENV, "-E api-key=...", System::getenv),
                EngineRequirement.environment(AzureEngine.REGION_ENV, "-E region=...", System::getenv));
    }

    @Override
    public TtsEngine create(Map<String, String> options) throws TtsException {
        return AzureEngine.create(options, System::getenv);
    }
}
