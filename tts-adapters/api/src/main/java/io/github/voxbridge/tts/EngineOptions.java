package io.github.voxbridge.tts;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The options passed to {@link TtsEngineProvider#create}, read with checks that produce
 * {@link TtsException.Kind#BAD_REQUEST} errors naming the engine, the key and the offending value.
 */
public final class EngineOptions {

    private final String engine;
    private final Map<String, String> options;

    /**
     * @param engine the engine name, for messages
     * @param options the options as given (may be empty, not null)
     * @param known  every key the engine understands
     * @throws TtsException BAD_REQUEST naming an unknown key and the known ones
     */
    public EngineOptions(String engine, Map<String, String> options, Set<String> known) throws TtsException {
        this.engine = engine;
        this.options = new TreeMap<>(options);
        for (String key : this.options.keySet()) {
            if (!known.contains(key)) {
                throw new TtsException(TtsException.Kind.BAD_REQUEST, engine, "unknown option "
                        + TtsException.excerpt(key, 40) + " (known: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    /** The value of {@code key}, or {@code fallback} if absent. */
    public String string(String key, String fallback) {
        return options.getOrDefault(key, fallback);
    }

    /**
     * The integer value of {@code key}, or {@code fallback} if absent.
     *
     * @throws TtsException BAD_REQUEST if the value is not an integer in {@code [min, max]}
     */
    public int integer(String key, int fallback, int min, int max) throws TtsException {
        String value = options.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        throw new TtsException(TtsException.Kind.BAD_REQUEST, engine, "option " + key + " = "
                + TtsException.excerpt(value, 40) + " is not an integer in [" + min + ", " + max + "]");
    }
}
