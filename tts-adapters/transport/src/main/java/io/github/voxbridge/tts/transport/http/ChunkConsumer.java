package io.github.voxbridge.tts.transport.http;

/** Receives a streamed response body piece by piece, as it arrives; see {@link HttpEngineClient#stream}. */
@FunctionalInterface
public interface ChunkConsumer {

    /**
     * One piece of the body: {@code chunk[off .. off + len)}, {@code len >= 1}, any length (odd too), continuing the
     * previous piece. The array is lent for the call only and reused for the next piece: copy what you keep.
     * A {@link RuntimeException} thrown here aborts the exchange and is rethrown unchanged.
     */
    void accept(byte[] chunk, int off, int len);
}
