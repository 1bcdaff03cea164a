package io.github.voxbridge.twilio.stream;

import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A cold {@link Flow.Publisher} of media messages: each subscriber gets its own generation, started on
 * subscription, delivered on a virtual thread as the subscriber requests (synthesis pauses when demand and the
 * buffer run out). Cancelling the subscription cancels the synthesis. Follows the Reactive Streams rules that matter
 * here: signals are serial, {@code request(n <= 0)} fails the subscription with {@link IllegalArgumentException},
 * nothing is signalled after cancel.
 */
final class MediaPublisher implements Flow.Publisher<String> {

    private final Supplier<MediaMessages> generations;

    MediaPublisher(Supplier<MediaMessages> generations) {
        this.generations = generations;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super String> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        Delivery delivery = new Delivery(subscriber);
        subscriber.onSubscribe(delivery);
        Thread.ofVirtual().name("voxbridge-media-publisher").start(delivery);
    }

    private final class Delivery implements Flow.Subscription, Runnable {
        private final Flow.Subscriber<? super String> subscriber;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private long demand;
        private boolean cancelled;
        private IllegalArgumentException badRequest;
        private volatile MediaMessages messages;

        Delivery(Flow.Subscriber<? super String> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            lock.lock();
            try {
                if (n <= 0) {
                    badRequest = new IllegalArgumentException("request(" + n + "): demand must be positive (§3.9)");
                } else {
                    demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void cancel() {
            lock.lock();
            try {
                cancelled = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            MediaMessages m = messages;
            if (m != null) {
                m.close();
            }
        }

        @Override
        public void run() {
            MediaMessages m;
            try {
                m = generations.get();
            } catch (RuntimeException e) {
                subscriber.onError(e);
                return;
            }
            messages = m;
            try (m) {
                while (true) {
                    lock.lock();
                    try {
                        while (demand == 0 && !cancelled && badRequest == null) {
                            changed.await();
                        }
                        if (cancelled) {
                            return;
                        }
                        if (badRequest != null) {
                            cancelled = true;
                            subscriber.onError(badRequest);
                            return;
                        }
                        demand--;
                    } finally {
                        lock.unlock();
                    }
                    if (!m.hasNext()) {
                        if (!isCancelled()) {
                            subscriber.onComplete();
                        }
                        return;
                    }
                    String message = m.next();
                    if (isCancelled()) {
                        return;
                    }
                    subscriber.onNext(message);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                if (!isCancelled()) {
                    subscriber.onError(e);
                }
            }
        }

        private boolean isCancelled() {
            lock.lock();
            try {
                return cancelled;
            } finally {
                lock.unlock();
            }
        }
    }
}
