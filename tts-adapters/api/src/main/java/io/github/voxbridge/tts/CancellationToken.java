package io.github.voxbridge.tts;

import java.util.ArrayList;
import java.util.List;

/**
 * Asks a {@link TtsEngine#synthesize synthesize} call, from any thread, to stop.
 *
 * <p>One token per call (or per group of calls that should stop together). After {@link #cancel()} returns, the
 * engine delivers at most the one chunk it may be in the middle of handing over, then {@code synthesize} throws a
 * {@link TtsException} of kind {@link TtsException.Kind#CANCELLED}. Cancelling is permanent and idempotent.
 *
 * <p>Engines check {@link #isCancelled()} before every chunk; an engine that blocks (waiting for a network reply,
 * a pooled voice) registers an {@link #onCancel action} that unblocks it. Thread-safe.
 */
public final class CancellationToken {

    private final List<Runnable> actions = new ArrayList<>();
    private volatile boolean cancelled;

    /** A token that is not cancelled. */
    public CancellationToken() {
    }

    /** A token that is never cancelled, for callers that do not need to stop a synthesis. */
    public static CancellationToken none() {
        return new CancellationToken();
    }

    /** Cancels, then runs the registered actions once, on this thread. Later calls do nothing. */
    public void cancel() {
        List<Runnable> toRun;
        synchronized (actions) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = List.copyOf(actions);
            actions.clear();
        }
        RuntimeException failure = null;
        for (Runnable action : toRun) {
            try {
                action.run();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Whether {@link #cancel()} has been called. */
    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * Runs {@code action} when the token is cancelled, on the cancelling thread; right now, on this thread, if it
     * already is. For engines that must interrupt a blocking operation (close a socket, wake a wait).
     *
     * @return a handle that removes the action again, for an engine whose synthesis ended while the token lives on
     *         (a token shared by many calls, a socket kept for the next call): without it the actions of finished
     *         calls would pile up in the token and run, late, on its cancel
     */
    public Registration onCancel(Runnable action) {
        synchronized (actions) {
            if (!cancelled) {
                actions.add(action);
                return () -> {
                    synchronized (actions) {
                        actions.remove(action);
                    }
                };
            }
        }
        action.run();
        return () -> {
        };
    }

    /** An action registered with {@link #onCancel}. */
    @FunctionalInterface
    public interface Registration {
        /**
         * Removes the action: it will not run on a later {@link #cancel()}. Does nothing if it has already run or
         * was removed. Does not wait for an action running right now on the cancelling thread.
         */
        void remove();
    }

    /**
     * Throws the {@link TtsException.Kind#CANCELLED} exception of {@code engine} if the token is cancelled.
     *
     * @param engine the engine's name, for the message
     */
    public void throwIfCancelled(String engine) throws TtsException {
        if (cancelled) {
            throw TtsException.cancelled(engine);
        }
    }
}
