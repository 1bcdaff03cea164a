package io.github.voxbridge.tts.espeak;

import io.github.voxbridge.tts.EngineOptions;
import io.github.voxbridge.tts.EngineRequirement;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngineProvider;
import io.github.voxbridge.tts.TtsException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Registers {@link EspeakEngine} as {@code "espeak"}. Options:
 * <pre>
 *   voice   an espeak-ng voice (default en-us; espeak-ng --voices lists them), e.g. en-gb, de, en+f3, mb-en1
 *   speed   words per minute, 80..450 (default 175)
 *   pitch   0..99 (default: espeak-ng's, 50)
 *   binary  the program (default espeak-ng, found on the PATH), or a path to it
 * </pre>
 * {@link #create} checks that the program is there, so a missing espeak-ng is reported before any text is sent.
 */
public final class EspeakEngineProvider implements TtsEngineProvider {

    /**
     * What a voice name may look like: espeak-ng names ({@code en-us}), variants ({@code en+f3}), MBROLA and file
     * paths under its data directory ({@code mb/mb-en1}). Not starting with {@code -}, no spaces.
     */
    private static final Pattern VOICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_+./-]{0,63}");

    /** For {@link java.util.ServiceLoader}, which instantiates providers; cheap, as the interface asks. */
    public EspeakEngineProvider() {
    }

    @Override
    public String name() {
        return EspeakEngine.NAME;
    }

    @Override
    public String description() {
        return "espeak-ng, a local program, offline formant synthesis (s16le mono 22050 Hz, read from its WAV header)";
    }

    /** The {@code espeak-ng} program on the {@code PATH}. */
    @Override
    public List<EngineRequirement> requirements() {
        return List.of(EngineRequirement.executable(EspeakEngine.DEFAULT_BINARY, "apt-get install espeak-ng",
                System.getenv("PATH")));
    }

    /**
     * @throws TtsException BAD_REQUEST for a bad option (naming it and its value), UNAVAILABLE if the program is
     *                      not found
     */
    @Override
    public TtsEngine create(Map<String, String> options) throws TtsException {
        EngineOptions o = new EngineOptions(EspeakEngine.NAME, options, Set.of("voice", "speed", "pitch", "binary"));
        String voice = o.string("voice", EspeakEngine.DEFAULT_VOICE).strip();
        if (!VOICE.matcher(voice).matches()) {
            throw new TtsException(TtsException.Kind.BAD_REQUEST, EspeakEngine.NAME, "option voice = "
                    + TtsException.excerpt(voice, 40) + " is not an espeak-ng voice name (letters, digits, _ + . / -,"
                    + " not starting with -)");
        }
        int speed = o.integer("speed", EspeakEngine.DEFAULT_SPEED, EspeakEngine.MIN_SPEED, EspeakEngine.MAX_SPEED);
        int pitch = o.integer("pitch", -1, 0, EspeakEngine.MAX_PITCH);
        String binary = o.string("binary", EspeakEngine.DEFAULT_BINARY).strip();
        if (binary.isEmpty() || EngineRequirement.findExecutable(binary, System.getenv("PATH")) == null) {
            throw new TtsException(TtsException.Kind.UNAVAILABLE, EspeakEngine.NAME, TtsException.excerpt(binary, 200)
                    + (binary.indexOf('/') >= 0 ? " is not an executable file" : " not found on the PATH") + ": "
                    + EspeakEngine.INSTALL_HINT);
        }
        return new EspeakEngine(binary, voice, speed, pitch);
    }
}
