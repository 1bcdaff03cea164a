package io.github.voxbridge.tts.prerecorded;

import io.github.voxbridge.tts.EngineOptions;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngineProvider;
import io.github.voxbridge.tts.TtsException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Registers {@link PrerecordedEngine} as {@code "prerecorded"}. Options:
 * <pre>
 *   dir          a directory of WAV files, each played for the text equal to its name without ".wav"
 *                (without it the engine knows no text)
 *   chunk-bytes  bytes per chunk, 1..1048576 (default 1024)
 * </pre>
 * Raw files and texts that are not file names need {@link PrerecordedEngine#builder()}.
 */
public final class PrerecordedEngineProvider implements TtsEngineProvider {

    private static final int MAX_CHUNK_BYTES = 1 << 20;

    /** For {@link java.util.ServiceLoader}, which instantiates providers; cheap, as the interface asks. */
    public PrerecordedEngineProvider() {
    }

    @Override
    public String name() {
        return PrerecordedEngine.NAME;
    }

    @Override
    public String description() {
        return "prerecorded WAV prompts played for known texts";
    }

    @Override
    public TtsEngine create(Map<String, String> options) throws TtsException {
        EngineOptions o = new EngineOptions(PrerecordedEngine.NAME, options, Set.of("dir", "chunk-bytes"));
        PrerecordedEngine.Builder builder = PrerecordedEngine.builder()
                .chunkBytes(o.integer("chunk-bytes", PrerecordedEngine.DEFAULT_CHUNK_BYTES, 1, MAX_CHUNK_BYTES));
        String dir = o.string("dir", null);
        if (dir != null) {
            try {
                builder.wavDirectory(Path.of(dir));
            } catch (IOException | RuntimeException e) {
                throw new TtsException(TtsException.Kind.BAD_REQUEST, PrerecordedEngine.NAME,
                        "cannot list recordings in dir " + TtsException.excerpt(dir, 200) + ": " + e, e);
            }
        }
        return builder.build();
    }
}
