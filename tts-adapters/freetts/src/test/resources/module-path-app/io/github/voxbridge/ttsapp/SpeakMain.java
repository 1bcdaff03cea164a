package io.github.voxbridge.ttsapp;

import io.github.voxbridge.tts.AudioFormatSpec;
import io.github.voxbridge.tts.AudioSink;
import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.TtsEngines;

/** Lists the engines found, speaks one sentence with FreeTTS and prints what came out, one fact per line. */
public final class SpeakMain {

    private SpeakMain() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("tts module: " + TtsEngines.class.getModule().getName());
        System.out.println("engines: " + String.join(", ", TtsEngines.providers().keySet()));
        long[] bytes = {0};
        AudioFormatSpec[] format = {null};
        try (TtsEngine engine = TtsEngines.create("freetts")) {
            engine.synthesize("Hello from the module path.", new AudioSink() {
                @Override
                public void format(AudioFormatSpec spec) {
                    format[0] = spec;
                }

                @Override
                public void audio(byte[] chunk, int off, int len) {
                    bytes[0] += len;
                }
            }, CancellationToken.none());
        }
        System.out.println("format: " + format[0]);
        System.out.println("seconds: " + format[0].seconds(bytes[0]));
    }
}
