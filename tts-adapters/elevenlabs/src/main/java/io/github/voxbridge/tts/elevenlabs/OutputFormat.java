package io.github.voxbridge.tts.elevenlabs;

import io.github.voxbridge.dsp.pcm.SampleEncoding;
import io.github.voxbridge.tts.AudioFormatSpec;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The ElevenLabs {@code output_format} values this engine asks for, each with the raw audio it yields
 * (tts-engines.md section 2a, "output_format values"): headerless bytes only, no mp3 or opus (which would need a
 * decoder) and no WAV container (pitfall 2).
 */
enum OutputFormat {
    /** G.711 mu-law, 8000 Hz: exactly what Twilio Media Streams carry, passed through untouched (the default). */
    ULAW_8000(SampleEncoding.MULAW, 8_000),
    /** G.711 A-law, 8000 Hz. */
    ALAW_8000(SampleEncoding.ALAW, 8_000),
    /** Signed 16-bit little-endian mono PCM at 8000 Hz ({@code pcm_*}: headerless s16le, section 2a [3P]). */
    PCM_8000(SampleEncoding.S16LE, 8_000),
    /** s16le at 16000 Hz. */
    PCM_16000(SampleEncoding.S16LE, 16_000),
    /** s16le at 22050 Hz. */
    PCM_22050(SampleEncoding.S16LE, 22_050),
    /** s16le at 24000 Hz. */
    PCM_24000(SampleEncoding.S16LE, 24_000),
    /** s16le at 44100 Hz (ElevenLabs' Pro tier and above, section 2a). */
    PCM_44100(SampleEncoding.S16LE, 44_100);

    private final AudioFormatSpec spec;

    OutputFormat(SampleEncoding encoding, int sampleRate) {
        this.spec = new AudioFormatSpec(encoding, sampleRate);
    }

    /** The value of the {@code output_format} query parameter, e.g. {@code ulaw_8000}. */
    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The audio ElevenLabs sends for this value. */
    AudioFormatSpec spec() {
        return spec;
    }

    /** The format named {@code wireName} (case-insensitive), if it is one of these. */
    static Optional<OutputFormat> of(String wireName) {
        return Arrays.stream(values()).filter(f -> f.wireName().equalsIgnoreCase(wireName.strip())).findFirst();
    }

    /** Every wire name, for messages. */
    static String names() {
        return String.join(", ", Arrays.stream(values()).map(OutputFormat::wireName).toList());
    }
}
