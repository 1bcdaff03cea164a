package io.github.voxbridge.tts.google;

import io.github.voxbridge.tts.EngineRequirement;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngineProvider;
import io.github.voxbridge.tts.TtsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Registers {@link GoogleEngine} as {@code "google"}; its options are listed there. */
public final class GoogleEngineProvider implements TtsEngineProvider {

    /** For {@link java.util.ServiceLoader}, which instantiates providers; cheap, as the interface asks. */
    public GoogleEngineProvider() {
    }

    @Override
    public String name() {
        return GoogleEngine.NAME;
    }

    @Override
    public String description() {
        return "Google Cloud Text-to-Speech REST, MULAW 8000 Hz passed through (or LINEAR16 24000 Hz), voice "
                + GoogleEngine.DEFAULT_VOICE;
    }

    /**
     * An API key ({@value GoogleEngine#API_KEY_ENV}) or Application Default Credentials, as far as they can be seen
     * without reading them. The metadata server on Google Cloud is only found at run time.
     */
    @Override
    public List<EngineRequirement> requirements() {
        return List.of(credentials(System::getenv, Path.of(System.getProperty("user.home"))));
    }

    /**
     * Whether {@code environment} has {@value GoogleEngine#API_KEY_ENV}, or
     * {@value GoogleAuthorization#CREDENTIALS_ENV} naming a file, or gcloud's
     * {@code application_default_credentials.json} is in {@code $CLOUDSDK_CONFIG} or {@code home/.config/gcloud}.
     * Only presence is looked at: no value is shown, no file is read.
     */
    static EngineRequirement credentials(Function<String, String> environment, Path home) {
        String what = GoogleEngine.API_KEY_ENV + " or Application Default Credentials";
        if (isSet(environment.apply(GoogleEngine.API_KEY_ENV))) {
            return new EngineRequirement(what, true, GoogleEngine.API_KEY_ENV + " set");
        }
        String named = environment.apply(GoogleAuthorization.CREDENTIALS_ENV);
        if (isSet(named)) {
            boolean there = Files.isRegularFile(Path.of(named.strip()));
            return new EngineRequirement(what, there, GoogleAuthorization.CREDENTIALS_ENV + " set"
                    + (there ? "" : " but names no file: " + named.strip()));
        }
        String config = environment.apply("CLOUDSDK_CONFIG");
        Path gcloud = (isSet(config) ? Path.of(config.strip()) : home.resolve(".config").resolve("gcloud"))
                .resolve("application_default_credentials.json");
        if (Files.isRegularFile(gcloud)) {
            return new EngineRequirement(what, true, gcloud.toString());
        }
        return new EngineRequirement(what, false, "none found: export " + GoogleEngine.API_KEY_ENV + "=... or "
                + GoogleAuthorization.CREDENTIALS_ENV + "=<service account JSON>, or -E api-key=... or "
                + "-E credentials=..., or gcloud auth application-default login (on Google Cloud the metadata server "
                + "is found at run time)");
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    @Override
    public TtsEngine create(Map<String, String> options) throws TtsException {
        return GoogleEngine.create(options, System::getenv);
    }
}
