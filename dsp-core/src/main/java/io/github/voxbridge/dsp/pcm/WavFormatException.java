package io.github.voxbridge.dsp.pcm;

import java.io.IOException;

/**
 * A WAV file that {@link WavReader} cannot read: not RIFF/WAVE, cut short, missing a chunk, or in a format this
 * library does not decode. The message names the problem and the offending value, and a byte offset in the
 * file where one helps, e.g. {@code "unsupported WAV format tag 0x0002 (ADPCM)"} or
 * {@code "data chunk declares 96000 bytes but the stream ended after 48000: 48000 bytes missing"}.
 *
 * <p>Checked, and an {@link IOException} (as {@code java.util.zip.ZipException} is), because it is raised while
 * reading a stream whose {@code IOException}s the caller already handles: a bad file is a failed read.
 */
public class WavFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, with the offending values */
    public WavFormatException(String message) {
        super(message);
    }
}
