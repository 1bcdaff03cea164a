package io.github.voxbridge.tts.transport.websocket;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The sockets of one {@link WebSocketEngineClient} that wait, open, for the next synthesis ({@link WarmSockets}):
 * at most {@code capacity} of them, the most recently used taken first (the likeliest still open at the vendor).
 * One daemon thread, started with the first socket kept and ended by {@link #close()}, sends the keep-alives, closes
 * the sockets unused for {@link WarmSockets#keepIdle()} and drops those the vendor closed. Thread-safe.
 */
final class SocketPool implements AutoCloseable {

    /** The sweep period when there is no keep-alive: often enough that expiry is late by a quarter at most. */
    private static final long MIN_SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final String engine;
    private final WarmSockets warm;
    private final int capacity;
    private final Map<String, ArrayDeque<OpenSocket>> idle = new HashMap<>();
    private int size;
    private boolean closed;
    private ScheduledThreadPoolExecutor sweeper;

    SocketPool(String engine, WarmSockets warm, int capacity) {
        this.engine = engine;
        this.warm = warm;
        this.capacity = capacity;
    }

    /** A waiting socket opened for {@code poolKey} that is still alive, or null; dead ones found on the way closed. */
    OpenSocket take(String poolKey) {
        List<OpenSocket> dead = new ArrayList<>();
        OpenSocket found = null;
        synchronized (this) {
            ArrayDeque<OpenSocket> sockets = idle.get(poolKey);
            while (sockets != null && !sockets.isEmpty()) {
                OpenSocket s = sockets.pollLast();
                size--;
                if (s.alive() && System.nanoTime() - s.idleSince < warm.keepIdle().toNanos()) {
                    found = s;
                    break;
                }
                dead.add(s);
            }
        }
        dead.forEach(OpenSocket::closeNow);
        return found;
    }

    /** Whether a socket given now would be kept: warm sockets on, the pool open and not full. */
    synchronized boolean accepts() {
        return warm.enabled() && !closed && size < capacity;
    }

    /** Keeps {@code socket} for the next synthesis, or closes it if the pool is closed or full. */
    void give(OpenSocket socket) {
        synchronized (this) {
            if (warm.enabled() && !closed && size < capacity) {
                socket.idleSince = System.nanoTime();
                socket.lastKeepAlive = socket.idleSince;
                idle.computeIfAbsent(socket.poolKey, k -> new ArrayDeque<>()).addLast(socket);
                size++;
                startSweeper();
                return;
            }
        }
        socket.closeNow();
    }

    /** The number of sockets waiting, for tests. */
    synchronized int size() {
        return size;
    }

    private void startSweeper() {
        if (sweeper != null) {
            return;
        }
        long period = Math.max(MIN_SWEEP_NANOS, warm.keepIdle().toNanos() / 4);
        if (warm.keepAlive() != null) {
            period = Math.min(period, warm.keepAliveEvery().toNanos());
        }
        sweeper = new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = new Thread(task, "voxbridge-" + engine + "-warm-sockets");
            t.setDaemon(true); // a pool of idle sockets never keeps the JVM alive
            return t;
        });
        sweeper.setRemoveOnCancelPolicy(true);
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.NANOSECONDS);
    }

    /** Closes what expired or died, sends the keep-alives that are due. */
    void sweep() {
        List<OpenSocket> dead = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (this) {
            for (ArrayDeque<OpenSocket> sockets : idle.values()) {
                for (Iterator<OpenSocket> it = sockets.iterator(); it.hasNext();) {
                    OpenSocket s = it.next();
                    if (!s.alive() || now - s.idleSince >= warm.keepIdle().toNanos()) {
                        it.remove();
                        size--;
                        dead.add(s);
                    } else if (warm.keepAlive() != null
                            && now - s.lastKeepAlive >= warm.keepAliveEvery().toNanos()) {
                        s.lastKeepAlive = now;
                        s.sender.sendText(warm.keepAlive()); // queued, never blocks: the lock is held briefly
                    }
                }
            }
        }
        dead.forEach(OpenSocket::closeNow);
    }

    /** Closes every waiting socket and ends the sweeper; sockets given later are closed at once. Idempotent. */
    @Override
    public void close() {
        List<OpenSocket> all = new ArrayList<>();
        ScheduledExecutorService s;
        synchronized (this) {
            closed = true;
            idle.values().forEach(all::addAll);
            idle.clear();
            size = 0;
            s = sweeper;
        }
        all.forEach(OpenSocket::closeNow);
        if (s != null) {
            s.shutdownNow();
        }
    }

    /** Waits until the sweeper thread, if one was started, has ended after {@link #close()}. */
    boolean awaitTermination(Duration timeout) throws InterruptedException {
        ScheduledExecutorService s;
        synchronized (this) {
            s = sweeper;
        }
        return s == null || s.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
