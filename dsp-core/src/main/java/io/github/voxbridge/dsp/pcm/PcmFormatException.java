package io.github.voxbridge.dsp.pcm;

/**
 * Raw PCM bytes that do not form whole samples: the stream ended with part of a sample left over.
 *
 * <p>Unchecked, and an {@link IllegalArgumentException}, because the bytes the caller handed in are what is
 * wrong, not the decoder's state; a caller that feeds untrusted input catches it where it ends the stream
 * ({@link PcmStreamDecoder#finish()}). The message names the total byte count, the dangling bytes and the
 * encoding, e.g. {@code "odd byte count 4801 at end of stream: 1 dangling byte (s16le, 2 bytes per sample)"}.
 */
public class PcmFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, with the offending values */
    public PcmFormatException(String message) {
        super(message);
    }
}
