package io.github.voxbridge.tts.polly;

import io.github.voxbridge.tts.EngineRequirement;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngineProvider;
import io.github.voxbridge.tts.TtsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Registers {@link PollyEngine} as {@code "polly"}; its options are listed there. */
public final class PollyEngineProvider implements TtsEngineProvider {

    /** For {@link java.util.ServiceLoader}, which instantiates providers; cheap, as the interface asks. */
    public PollyEngineProvider() {
    }

    @Override
    public String name() {
        return PollyEngine.NAME;
    }

    @Override
    public String description() {
        return "Amazon Polly (AWS SDK v2), streamed mulaw 8000 Hz passed through (or pcm s16le 16000 Hz), engine "
                + PollyEngine.DEFAULT_ENGINE + ", voice " + PollyEngine.DEFAULT_VOICE;
    }

    /**
     * AWS credentials for the SDK's default chain, as far as they can be seen without reading them: the
     * environment variables or a profile file. An IAM role (EC2, ECS, Lambda) is only found at run time.
     */
    @Override
    public List<EngineRequirement> requirements() {
        return List.of(credentials(System::getenv, Path.of(System.getProperty("user.home"))));
    }

    /**
     * Whether {@code environment} has {@code AWS_ACCESS_KEY_ID}, or names a profile ({@code AWS_PROFILE}), or
     * {@code home} has {@code .aws/credentials} (or {@code AWS_SHARED_CREDENTIALS_FILE} names a file). Only
     * presence is looked at: no value is kept or shown, no file is read.
     */
    static EngineRequirement credentials(Function<String, String> environment, Path home) {
        String what = "AWS credentials";
        if (isSet(environment.apply("AWS_ACCESS_KEY_ID"))) {
            return new EngineRequirement(what, isSet(environment.apply("AWS_SECRET_ACCESS_KEY")),
                    isSet(environment.apply("AWS_SECRET_ACCESS_KEY")) ? "AWS_ACCESS_KEY_ID set"
                            : "AWS_ACCESS_KEY_ID set but AWS_SECRET_ACCESS_KEY not: export it too");
        }
        if (isSet(environment.apply("AWS_PROFILE"))) {
            return new EngineRequirement(what, true, "AWS_PROFILE set");
        }
        String shared = environment.apply("AWS_SHARED_CREDENTIALS_FILE");
        Path file = isSet(shared) ? Path.of(shared) : home.resolve(".aws").resolve("credentials");
        if (Files.isRegularFile(file)) {
            return new EngineRequirement(what, true, file.toString());
        }
        return new EngineRequirement(what, false, "none found: " + PollyFailures.HOW_TO_PROVIDE_CREDENTIALS);
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    @Override
    public TtsEngine create(Map<String, String> options) throws TtsException {
        return PollyEngine.create(options, PollyEngine.defaultCredentials());
    }
}
