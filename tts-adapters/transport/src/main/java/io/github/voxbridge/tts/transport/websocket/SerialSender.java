package io.github.voxbridge.tts.transport.websocket;

import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends on one {@link WebSocket}, one send outstanding at a time (the JDK fails a send started while another is
 * pending: {@link WebSocket} class comment): each send is chained behind the completion of the previous one, so the
 * synthesizing thread and a cancelling thread may both send. A send that fails does not stop the ones queued behind
 * it (a cancel's close frame still goes out); after the close frame nothing more is sent.
 */
final class SerialSender {

    private final WebSocket socket;
    private CompletableFuture<?> last = CompletableFuture.completedFuture(null);
    private boolean closeSent;

    SerialSender(WebSocket socket) {
        this.socket = socket;
    }

    /** Queues {@code text} as one whole text message. */
    synchronized void sendText(String text) {
        if (!closeSent) {
            last = last.handle((r, e) -> null).thenCompose(x -> socket.sendText(text, true));
        }
    }

    /** Queues the close frame (1000, normal closure); later sends are dropped. */
    synchronized void sendClose() {
        if (!closeSent) {
            closeSent = true;
            last = last.handle((r, e) -> null).thenCompose(x -> socket.sendClose(WebSocket.NORMAL_CLOSURE, ""));
        }
    }

    /** Runs {@code action} once every send queued so far has completed or failed, on the thread that completes it. */
    synchronized void afterSends(Runnable action) {
        last = last.handle((r, e) -> null).whenComplete((r, e) -> action.run());
    }

    /**
     * Waits, at most {@code millis}, for every queued send to complete (or fail). Not cut short by an interrupt (an
     * interrupted synthesis still owes the vendor its cancel message); the interrupt flag is set again on return.
     */
    void awaitIdle(long millis) {
        CompletableFuture<?> pending;
        synchronized (this) {
            pending = last;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                try {
                    pending.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException | TimeoutException e) {
                    return; // failed or stuck: the caller aborts the socket next either way
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
