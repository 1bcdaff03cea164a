package io.github.voxbridge.twilio.stream;

import io.github.voxbridge.dsp.codec.MuLaw;
import java.util.Arrays;
import java.util.Objects;

/**
 * Cuts a stream of mu-law bytes, arriving in pieces of any size, into 20 ms frames of exactly
 * {@value #FRAME_BYTES} bytes (8000 Hz, one byte a sample), the unit Twilio media messages conventionally carry.
 *
 * <pre>
 *   write(37 bytes) write(300 bytes) ...        write(n bytes) endUtterance()
 *   |&lt;----- 160 -----&gt;|&lt;----- 160 -----&gt;| ... |&lt;-- k --&gt;|0xFF ... 0xFF|
 *     frame, not last    frame, not last        last frame: k audio bytes, 160 - k bytes of silence
 * </pre>
 *
 * <ul>
 *   <li>Frames go to the {@link FrameSink} as soon as they are complete and known not to be the last. A frame that
 *       completes exactly at the end of a {@code write} is held until the next byte arrives or the utterance
 *       ends, because only then is it known whether it is the last. (Callers who know a piece is the last of an
 *       utterance can avoid that wait with {@link #writeLast}.)</li>
 *   <li>{@link #endUtterance()} sends the rest: a partial frame padded with mu-law silence ({@code 0xFF},
 *       {@link MuLaw#SILENCE}), or the held full frame, marked last. An utterance whose length is a multiple of
 *       {@value #FRAME_BYTES} gets no padding frame; an utterance of zero bytes gets no frame at all, so no empty
 *       payload is ever produced.</li>
 *   <li>The output depends only on the bytes and the utterance ends, never on how the bytes were split.</li>
 *   <li>Allocation-free: one {@value #FRAME_BYTES}-byte buffer, allocated here, is reused for every frame (see
 *       {@link FrameSink#frame} for what a sink may do with it).</li>
 * </ul>
 * Not thread-safe; one assembler per stream. The sink is called on the thread that calls {@code write} or
 * {@code endUtterance}; it must not call back into this assembler.
 */
public final class FrameAssembler {

    /** Bytes in one frame: 20 ms of 8000 Hz mu-law, one byte a sample. */
    public static final int FRAME_BYTES = 160;

    private final FrameSink sink;
    private final boolean eager;
    private final byte[] frame = new byte[FRAME_BYTES];
    /** Bytes of {@link #frame} filled; {@value #FRAME_BYTES} means a complete frame is held back. */
    private int filled;
    private long frames;

    /** An assembler delivering its frames to {@code sink}, holding back a full frame until it knows if it is last. */
    public FrameAssembler(FrameSink sink) {
        this(sink, false);
    }

    /**
     * An assembler delivering its frames to {@code sink}.
     *
     * @param eager deliver every full frame at once, never holding one back; the price is that a final frame that
     *              happens to be full is delivered with {@code last == false} (and {@link #endUtterance()} then
     *              delivers nothing). For callers that do not need the flag, such as a media stream, this saves up to
     *              one chunk of latency per frame.
     */
    public FrameAssembler(FrameSink sink, boolean eager) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.eager = eager;
    }

    /**
     * Adds {@code src[offset .. offset + length)} to the current utterance; delivers every frame that is complete
     * and not the last. A {@code length} of 0 does nothing.
     *
     * @throws IndexOutOfBoundsException if the range is outside {@code src} (nothing is consumed then)
     */
    public void write(byte[] src, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, src.length);
        int at = offset;
        int end = offset + length;
        while (at < end) {
            if (filled == FRAME_BYTES) {
                deliver(FRAME_BYTES, false);
            }
            int n = Math.min(FRAME_BYTES - filled, end - at);
            System.arraycopy(src, at, frame, filled, n);
            filled += n;
            at += n;
            if (eager && filled == FRAME_BYTES) {
                deliver(FRAME_BYTES, false);
            }
        }
    }

    /** {@link #write(byte[], int, int)} of the whole array. */
    public void write(byte[] src) {
        write(src, 0, src.length);
    }

    /**
     * Adds the last piece of an utterance and ends it: the same frames as {@code write} then
     * {@link #endUtterance()}.
     */
    public void writeLast(byte[] src, int offset, int length) {
        write(src, offset, length);
        endUtterance();
    }

    /**
     * Ends the utterance: delivers what is left as its last frame, padded with {@link MuLaw#SILENCE} to
     * {@value #FRAME_BYTES} bytes. Delivers nothing if nothing is left (no bytes since the last end). The next
     * {@code write} starts a new utterance.
     */
    public void endUtterance() {
        if (filled == 0) {
            return;
        }
        int audio = filled;
        Arrays.fill(frame, filled, FRAME_BYTES, MuLaw.SILENCE);
        deliver(audio, true);
    }

    /**
     * Drops the bytes of the current utterance that are not yet in a delivered frame, without delivering them
     * (barge-in: the rest will never be played).
     *
     * @return the number of bytes dropped (0 to {@value #FRAME_BYTES})
     */
    public int discard() {
        int dropped = filled;
        filled = 0;
        return dropped;
    }

    /** Bytes received but not yet delivered in a frame (0 to {@value #FRAME_BYTES}). */
    public int pendingBytes() {
        return filled;
    }

    /** Frames delivered since this assembler was created. */
    public long framesDelivered() {
        return frames;
    }

    private void deliver(int audioBytes, boolean last) {
        // Reset first: if the sink throws, the frame counts as delivered and the assembler stays consistent.
        filled = 0;
        frames++;
        sink.frame(frame, audioBytes, last);
    }
}
