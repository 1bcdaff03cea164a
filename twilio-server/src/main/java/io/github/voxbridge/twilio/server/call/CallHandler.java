package io.github.voxbridge.twilio.server.call;

/**
 * What a user writes to serve calls: one instance per call, made by the server's handler factory when Twilio opens
 * the call's Media Stream, called with the call's events in order.
 *
 * {@snippet id="call-handler-greeting" :
 * CallHandler handler = new CallHandler() {
 *     @Override
 *     public void onStart(Call call) {
 *         call.say("Thanks for calling. Press 1 for sales.");
 *     }
 *
 *     @Override
 *     public void onDtmf(Call call, String digit) {
 *         call.say("You pressed " + digit + ".");
 *     }
 * };
 * }
 *
 * <h2>Threads</h2>
 * Every callback of one call runs on that call's own virtual thread, one at a time, in the order the events
 * happened; a handler needs no locking for its own state. The server's WebSocket reader never waits for a handler:
 * it queues the events, so a slow handler cannot make Twilio drop audio (warning 31930). If a handler falls more than
 * {@code MediaStreamServer.Builder#maxQueuedAudioFrames} frames of audio behind, the oldest audio is not queued (and
 * counted in {@code voxbridge_inbound_frames_dropped_total}); control events are never dropped.
 *
 * <h2>Failures</h2>
 * A callback that throws ends its own call ({@link CallEnd#HANDLER_FAILED}), logged with the callSid; the handler is
 * not called again, and no other call notices.
 */
public interface CallHandler {

    /**
     * Rate in Hz at which {@link #onAudio} receives the caller's audio: 8000 (Twilio's own) or 16000 (for speech
     * recognisers that want it), or 0, the default, for none (the server then decodes the audio only for barge-in).
     */
    default int callerAudioRate() {
        return 0;
    }

    /** The stream started: the call's ids and custom parameters are known, and {@link Call#say} plays at once. */
    default void onStart(Call call) throws Exception {
    }

    /**
     * The caller's next audio, 16-bit PCM at {@link #callerAudioRate()} Hz, lost frames filled with silence (so the
     * samples keep time). {@code pcm} is the handler's own copy, at most 20 ms a call.
     */
    default void onAudio(Call call, short[] pcm, int offset, int length) throws Exception {
    }

    /** The caller pressed a key: {@code 0}-{@code 9}, {@code *} or {@code #}. */
    default void onDtmf(Call call, String digit) throws Exception {
    }

    /**
     * The voice activity detector heard the caller start speaking. With barge-in on, playback was already
     * interrupted (before this callback was queued).
     */
    default void onSpeechStarted(Call call) throws Exception {
    }

    /** The caller stopped speaking (after the detector's end hangover, 300 ms by default). */
    default void onSpeechEnded(Call call) throws Exception {
    }

    /** The call ended; the last callback. Utterances not yet finished have completed as ended by now. */
    default void onStop(Call call, CallEnd end) throws Exception {
    }
}
