package io.github.voxbridge.tts.freetts;

import io.github.voxbridge.tts.EngineOptions;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngineProvider;
import io.github.voxbridge.tts.TtsException;
import java.util.Map;
import java.util.Set;

/**
 * Registers {@link FreeTtsEngine} as {@code "freetts"}. Options:
 * <pre>
 *   voice   kevin16 (default, 16 kHz) or kevin (8 kHz)
 *   voices  how many calls may synthesize at once, 1..64 (default 1): each loads its own voice
 * </pre>
 */
public final class FreeTtsEngineProvider implements TtsEngineProvider {

    private static final int MAX_VOICES = 64;

    /** For {@link java.util.ServiceLoader}, which instantiates providers; cheap, as the interface asks. */
    public FreeTtsEngineProvider() {
    }

    @Override
    public String name() {
        return FreeTtsEngine.NAME;
    }

    @Override
    public String description() {
        return "FreeTTS 1.2.2, embedded and offline, voice kevin16 (s16be mono 16000 Hz)";
    }

    @Override
    public TtsEngine create(Map<String, String> options) throws TtsException {
        EngineOptions o = new EngineOptions(FreeTtsEngine.NAME, options, Set.of("voice", "voices"));
        return FreeTtsEngine.create(o.string("voice", FreeTtsEngine.DEFAULT_VOICE).trim(),
                o.integer("voices", 1, 1, MAX_VOICES));
    }
}
