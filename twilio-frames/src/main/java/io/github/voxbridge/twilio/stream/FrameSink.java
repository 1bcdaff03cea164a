package io.github.voxbridge.twilio.stream;

/**
 * Receives the 20 ms frames a {@link FrameAssembler} cuts.
 */
@FunctionalInterface
public interface FrameSink {

    /**
     * One frame of exactly {@link FrameAssembler#FRAME_BYTES} mu-law bytes.
     *
     * <p>{@code frame} is the assembler's reused buffer: it is valid only until this method returns. Read it (or
     * encode it, e.g. with {@code OutboundMessageWriter}) now, or copy it; never keep it, never write to it.
     *
     * @param frame      the frame, exactly {@value FrameAssembler#FRAME_BYTES} bytes long
     * @param audioBytes bytes of real audio at its start: {@value FrameAssembler#FRAME_BYTES}, except in the
     *                   last frame of an utterance, where the rest (1 to 159 bytes) is mu-law silence padding
     * @param last       whether this is the last frame of the utterance
     */
    void frame(byte[] frame, int audioBytes, boolean last);
}
