package io.github.voxbridge.tts;

/**
 * A text-to-speech engine: turns one text into a stream of PCM chunks pushed to an {@link AudioSink} as the engine
 * produces them, never holding back the whole utterance.
 *
 * {@snippet id="tts-engine-synthesize" :
 * try (TtsEngine engine = TtsEngines.create("freetts")) {
 *     CancellationToken cancel = new CancellationToken();   // cancel.cancel() from any thread stops it
 *     engine.synthesize("Hello from voxbridge.", new AudioSink() {
 *         private PcmStreamDecoder decoder;
 *         private short[] samples = new short[0];
 *
 *         public void format(AudioFormatSpec format) {      // once, first: s16be at 16 kHz for FreeTTS
 *             decoder = new PcmStreamDecoder(format.encoding());
 *         }
 *
 *         public void audio(byte[] chunk, int off, int len) {
 *             if (samples.length < decoder.samplesFor(len)) {
 *                 samples = new short[decoder.samplesFor(len)];
 *             }
 *             int count = decoder.decode(chunk, off, len, samples, 0);  // copied: the chunk is only lent
 *             deliver(samples, count);
 *         }
 *     }, cancel);
 * }
 * }
 *
 * <p><b>Contract.</b> {@code synthesize} blocks the calling thread until the audio is complete, fails, or is
 * cancelled, and calls the sink on that thread only (see {@link AudioSink} for the order of calls, the buffer
 * contract and odd-length chunks). Run it on a virtual thread to overlap synthesis with delivery.
 * <ul>
 *   <li>Empty or whitespace-only text: returns normally with no audio and no error.</li>
 *   <li>Cancellation: after {@link CancellationToken#cancel()} returns, the sink receives at most one more chunk
 *       (the one being handed over at that moment) and {@code synthesize} throws a
 *       {@link TtsException.Kind#CANCELLED} exception promptly. An interrupt of the calling thread while the engine
 *       waits (for a pooled voice, for the network) counts as cancellation too, and the interrupt flag is kept.</li>
 *   <li>Failures: {@link TtsException} with its kind and this engine's {@link #name()}; audio already delivered
 *       stays delivered. A {@link RuntimeException} from the sink is rethrown unchanged.</li>
 * </ul>
 *
 * <p>Implementations are thread-safe: several threads may call {@code synthesize} at once; each call gets its own
 * complete, non-interleaved audio (an engine may serialise calls internally and says so). Engines are found by name
 * through {@link TtsEngines} and {@link TtsEngineProvider}.
 */
public interface TtsEngine extends AutoCloseable {

    /** The engine's name, as registered by its {@link TtsEngineProvider}, e.g. {@code "freetts"}. */
    String name();

    /**
     * Synthesizes {@code text}, pushing its format and then its audio to {@code sink} as they are produced.
     *
     * @param text   the text to speak (plain text; what an engine does with markup is its own business)
     * @param sink   receives the format, then the audio chunks, on the calling thread
     * @param cancel stops the synthesis when cancelled from another thread
     * @throws TtsException on failure or cancellation (kind {@link TtsException.Kind#CANCELLED})
     */
    void synthesize(String text, AudioSink sink, CancellationToken cancel) throws TtsException;

    /** Releases the engine's resources (voices, connections). Calls after closing fail. Idempotent. */
    @Override
    void close();
}
