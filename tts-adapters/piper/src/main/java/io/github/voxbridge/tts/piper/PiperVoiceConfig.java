package io.github.voxbridge.tts.piper;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.voxbridge.tts.TtsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What voxbridge reads from a Piper voice's {@code <model>.onnx.json} (rhasspy/piper's {@code piper.cpp}
 * {@code parseSynthesisConfig}, {@code parseModelConfig}):
 * <pre>
 *   { "audio": { "sample_rate": 22050, "quality": "medium" },
 *     "num_speakers": 1, ... }
 * </pre>
 *
 * @param sampleRate  Hz of the raw s16le mono audio Piper writes with {@code --output-raw}, {@code > 0}
 * @param numSpeakers speakers of the voice, {@code >= 1} (1 when the file does not say)
 */
record PiperVoiceConfig(int sampleRate, int numSpeakers) {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Sanity bound on the rate: Piper voices are 16000 or 22050 Hz; anything above 384 kHz is a broken file. */
    private static final int MAX_SAMPLE_RATE = 384_000;

    /** The config file of {@code model}: its path with {@code .json} appended, as Piper looks for it. */
    static Path of(Path model) {
        return model.resolveSibling(model.getFileName() + ".json");
    }

    /**
     * Reads the config.
     *
     * @throws TtsException BAD_REQUEST naming the file if it is missing or unreadable, PROTOCOL naming it if it is
     *                      not JSON or has no usable {@code audio.sample_rate}
     */
    static PiperVoiceConfig read(String engine, Path file) throws TtsException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new TtsException(TtsException.Kind.BAD_REQUEST, engine, "no voice config " + file
                    + " (Piper voices come as two files, model.onnx and model.onnx.json, side by side)", e);
        } catch (JacksonException e) {
            throw new TtsException(TtsException.Kind.PROTOCOL, engine, "voice config " + file + " is not JSON: "
                    + TtsException.excerpt(e.getOriginalMessage(), 200), e);
        } catch (IOException e) {
            throw new TtsException(TtsException.Kind.BAD_REQUEST, engine, "cannot read voice config " + file + ": "
                    + e, e);
        }
        if (root == null || !root.isObject()) {
            throw new TtsException(TtsException.Kind.PROTOCOL, engine, "voice config " + file
                    + " is not a JSON object");
        }
        JsonNode rate = root.path("audio").path("sample_rate");
        if (!rate.isIntegralNumber() || !rate.canConvertToInt() || rate.intValue() <= 0
                || rate.intValue() > MAX_SAMPLE_RATE) {
            throw new TtsException(TtsException.Kind.PROTOCOL, engine, "voice config " + file
                    + " has no usable audio.sample_rate (a positive integer in Hz), found "
                    + TtsException.excerpt(rate.isMissingNode() ? "nothing" : rate.toString(), 40));
        }
        JsonNode speakers = root.path("num_speakers");
        int numSpeakers = speakers.isIntegralNumber() && speakers.canConvertToInt() && speakers.intValue() >= 1
                ? speakers.intValue() : 1;
        return new PiperVoiceConfig(rate.intValue(), numSpeakers);
    }
}
