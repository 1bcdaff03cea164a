package io.github.voxbridge.tts;

import java.util.List;
import java.util.Map;

/**
 * Creates engines of one kind; registered for {@link java.util.ServiceLoader} in
 * {@code META-INF/services/io.github.voxbridge.tts.TtsEngineProvider} so that adapters can live in their own jars.
 * Looked up by {@link TtsEngines}. Implementations need a public no-argument constructor and must be cheap to
 * instantiate: the expensive work belongs in {@link #create}.
 */
public interface TtsEngineProvider {

    /** The name engines of this provider are looked up by: lower case, e.g. {@code "freetts"}. */
    String name();

    /** One line for listings, e.g. {@code "FreeTTS kevin16, embedded, offline (16 kHz s16be)"}. */
    String description();

    /**
     * What engines of this provider need on this machine with no options given (an API key's environment
     * variable, an executable, a model file) and whether each is there now; empty when they need nothing (the
     * default). Cheap: no network, no process started.
     */
    default List<EngineRequirement> requirements() {
        return List.of();
    }

    /**
     * Creates an engine.
     *
     * @param options engine-specific settings ({@code "voice" -> "kevin16"}); an unknown key is a
     *                {@link TtsException.Kind#BAD_REQUEST} naming the key and the known ones
     * @throws TtsException if the options are wrong ({@code BAD_REQUEST}) or the engine cannot start
     */
    TtsEngine create(Map<String, String> options) throws TtsException;
}
