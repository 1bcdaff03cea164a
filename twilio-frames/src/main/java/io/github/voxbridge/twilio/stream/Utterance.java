package io.github.voxbridge.twilio.stream;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * One text (or token stream) queued on an {@link OutboundPlayer}: its place in the queue, the name of the mark that
 * follows its audio, and how it ended.
 *
 * <p>{@link #outcome()} completes exactly once (see {@link PlaybackOutcome}). Actions chained on it run on the
 * thread that completes it: the player's thread, the thread that handed Twilio's {@code mark} or {@code stop} to
 * {@link OutboundPlayer#onMessage(String)}, or the one that called {@link OutboundPlayer#interrupt()} or
 * {@link OutboundPlayer#close()}. Keep them short; they may call the player (play the next utterance, say).
 */
public final class Utterance {

    private final long id;
    private final String markName;
    private final String description;
    private final CompletableFuture<PlaybackOutcome> outcome = new CompletableFuture<>();

    /** Opens this utterance's media messages on the call's stream; called once, when its turn comes. */
    final Function<TwilioTtsStream, MediaMessages> source;

    /** Media messages handed to the transport; written under the player's locks, read by anyone. */
    volatile long framesSent;

    // Guarded by the player's state lock.
    /** When its audio sent so far will have been played, in the player's nanoTime. */
    long playEnd;
    /** Stopped by interrupt(): no more frame and no mark may be sent for it. */
    boolean interrupted;
    /** When its turn came (the player took it up), in the player's nanoTime; set on the player's thread. */
    long turnNanos;
    /** Its generation once started, else null. */
    MediaMessages messages;

    Utterance(long id, String markName, String description, Function<TwilioTtsStream, MediaMessages> source) {
        this.id = id;
        this.markName = markName;
        this.description = description;
        this.source = source;
    }

    /** Its number on the player: 1 for the first utterance played, then 2, 3, … */
    public long id() {
        return id;
    }

    /** The name of the mark sent after its last frame, {@code "utterance-<id>"}. */
    public String markName() {
        return markName;
    }

    /** Completes when the utterance has been heard in full, interrupted, failed or cut off by the end of the call. */
    public CompletionStage<PlaybackOutcome> outcome() {
        return outcome.minimalCompletionStage();
    }

    /** Media messages (20 ms each) sent so far. */
    public long framesSent() {
        return framesSent;
    }

    /** Whether {@link #outcome()} has completed. */
    public boolean isDone() {
        return outcome.isDone();
    }

    /** Completes the outcome unless it already is (the first outcome stands); called without the player's locks. */
    void complete(PlaybackOutcome result) {
        outcome.complete(result);
    }

    @Override
    public String toString() {
        return "Utterance[" + markName + ", " + description + ", " + framesSent + " frames sent"
                + (outcome.isDone() ? ", " + outcome.join() : "") + "]";
    }
}
