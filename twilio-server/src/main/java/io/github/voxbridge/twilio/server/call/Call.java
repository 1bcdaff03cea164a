package io.github.voxbridge.twilio.server.call;

import io.github.voxbridge.twilio.stream.Utterance;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One phone call on the server, as its {@link CallHandler} sees it: who is calling, and what the handler can do to
 * the call. Given to every handler callback; valid from {@link CallHandler#onStart} on.
 *
 * <p>Thread-safe: {@code say}, {@code interrupt} and {@code hangUp} may be called from the handler's callbacks or
 * from any thread the handler starts (an LLM client's, say).
 */
public interface Call {

    /** Twilio's id of the call ({@code CA...}), from the stream's {@code start}. */
    String callSid();

    /** Twilio's id of the Media Stream ({@code MZ...}), which every message to Twilio names. */
    String streamSid();

    /** The Twilio account the call belongs to ({@code AC...}). */
    String accountSid();

    /**
     * The stream's custom parameters: the TwiML's {@code <Parameter>}s, in document order. The server's webhook adds
     * {@code From} and {@code To} (the caller's and the called number) when Twilio sent them.
     */
    Map<String, String> customParameters();

    /**
     * Speaks {@code text} after whatever is already queued on this call.
     *
     * @return its handle: {@link Utterance#outcome()} completes as played, interrupted (with the duration heard),
     *         failed or ended
     */
    Utterance say(String text);

    /**
     * Speaks a stream of LLM tokens as they arrive, sentence by sentence (the first sentence is synthesized before
     * the last token is read). {@code tokens} is read on a synthesis thread and may block.
     */
    Utterance sayStreaming(Iterator<? extends CharSequence> tokens);

    /**
     * Stops what is playing and drops what is queued, sending Twilio a {@code clear} if audio may still be buffered
     * there: what the server does by itself on barge-in.
     *
     * @return the utterances stopped, each completing as interrupted
     */
    List<Utterance> interrupt();

    /**
     * Whether the caller's speech interrupts playback (barge-in); on by default, see
     * {@code MediaStreamServer.Builder#bargeIn}. A handler turns it off for what must be heard in full (a legal
     * notice) and on again after.
     */
    void bargeIn(boolean enabled);

    /** Whether the voice activity detector hears the caller speaking now. */
    boolean callerSpeaking();

    /**
     * Ends the call: the server closes the Media Stream, so Twilio goes on to the TwiML after {@code <Connect>} (none
     * in the server's TwiML: the call hangs up). Idempotent; returns at once.
     */
    void hangUp();
}
