package io.github.voxbridge.bench.loopback;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * What a loopback server answers every request with: {@code first} audio bytes, written and flushed at once, then,
 * after the run's {@link FirstAudioProbe} is released, the {@code rest}. The probe of the run in progress comes from
 * {@code probes}, set by the measuring program before each request.
 *
 * @param first the first burst, in the vendor's encoding (e.g. 100 ms: 800 bytes of mu-law 8 kHz, 4,800 bytes of
 *              s16le 24 kHz)
 * @param rest  the audio after the pause
 * @param probes the current run's probe
 */
public record ScriptedAudio(byte[] first, byte[] rest, Supplier<FirstAudioProbe> probes) {

    /** Splits {@code audio} after {@code firstBytes}. */
    public static ScriptedAudio of(byte[] audio, int firstBytes, Supplier<FirstAudioProbe> probes) {
        return new ScriptedAudio(Arrays.copyOf(audio, firstBytes), Arrays.copyOfRange(audio, firstBytes,
                audio.length), probes);
    }
}
