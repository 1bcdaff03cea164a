package io.github.voxbridge.tts;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Finds {@link TtsEngineProvider}s with {@link ServiceLoader} (on the class path of this class's loader) and
 * creates engines by name.
 */
public final class TtsEngines {

    private TtsEngines() {
    }

    /** The providers found, by name (sorted). A later provider with a name already seen is ignored. */
    public static SortedMap<String, TtsEngineProvider> providers() {
        SortedMap<String, TtsEngineProvider> byName = new TreeMap<>();
        for (TtsEngineProvider provider : ServiceLoader.load(TtsEngineProvider.class, TtsEngines.class.getClassLoader())) {
            byName.putIfAbsent(provider.name(), provider);
        }
        return byName;
    }

    /** {@link #create(String, Map)} with no options. */
    public static TtsEngine create(String name) throws TtsException {
        return create(name, Map.of());
    }

    /**
     * Creates the engine called {@code name} (case-insensitive).
     *
     * @throws TtsException {@link TtsException.Kind#BAD_REQUEST} naming the available engines if there is none of
     *                      that name; whatever the provider throws otherwise
     */
    public static TtsEngine create(String name, Map<String, String> options) throws TtsException {
        SortedMap<String, TtsEngineProvider> providers = providers();
        TtsEngineProvider provider = name == null ? null : providers.get(name.trim().toLowerCase(java.util.Locale.ROOT));
        if (provider == null) {
            throw new TtsException(TtsException.Kind.BAD_REQUEST, String.valueOf(name),
                    "no TTS engine named " + TtsException.excerpt(name, 40) + " (available: "
                            + (providers.isEmpty() ? "none" : String.join(", ", providers.keySet())) + ")");
        }
        return provider.create(options);
    }
}
