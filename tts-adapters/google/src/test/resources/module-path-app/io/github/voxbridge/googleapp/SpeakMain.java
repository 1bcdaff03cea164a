package io.github.voxbridge.googleapp;

import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.AudioSink;
import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngines;
import java.util.Map;

/** Speaks through the google engine with a credentials file: args are the file and the base URL. */
public final class SpeakMain {

    private SpeakMain() {
    }

    public static void main(String[] args) throws Exception {
        long[] bytes = new long[1];
        try (TtsEngine engine = TtsEngines.create("google", Map.of("credentials", args[0], "base-url", args[1]))) {
            System.out.println("engine module: " + engine.getClass().getModule().getName());
            engine.synthesize("Hello.", new AudioSink() {
                @Override
                public void format(AudioFormatSpec format) {
                    System.out.println("format: " + format);
                }

                @Override
                public void audio(byte[] chunk, int offset, int length) {
                    bytes[0] += length;
                }
            }, new CancellationToken());
        }
        System.out.println("bytes: " + bytes[0]);
    }
}
