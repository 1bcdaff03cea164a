package io.github.voxbridge.twilio.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The media publisher ({@link TwilioTtsStream#publish}, {@link TwilioTtsStream#publishStreaming}) as a subscriber
 * sees it: errors, nothing after cancel, cancel releasing the delivery thread, one subscriber per token stream.
 * "Nothing after" is checked once the publisher's delivery thread (the thread {@code onNext} runs on) has ended.
 */
class MediaPublisherTest {

    private static final String SID = "MZ00000000000000000000000000000003";
    private static final long WAIT_MILLIS = 10_000;
    private static final Object COMPLETE = "onComplete";

    private final SteppedEngine engine = new SteppedEngine();

    @AfterEach
    void finishSynthesis() {
        engine.allowAll();
    }

    private TwilioTtsStream stream() {
        return TwilioTtsStream.builder(engine).streamSid(SID).build();
    }

    /** Records every signal in order; requests {@code initial} on subscription. */
    private static final class Recorder implements Flow.Subscriber<String> {
        final BlockingQueue<Object> signals = new LinkedBlockingQueue<>();
        final long initial;
        volatile Flow.Subscription subscription;
        volatile Thread delivery;
        volatile Consumer<String> onItem = item -> { };

        Recorder(long initial) {
            this.initial = initial;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(initial);
        }

        @Override
        public void onNext(String item) {
            delivery = Thread.currentThread();
            signals.add(item);
            onItem.accept(item);
        }

        @Override
        public void onError(Throwable t) {
            signals.add(t);
        }

        @Override
        public void onComplete() {
            signals.add(COMPLETE);
        }

        Object next() throws InterruptedException {
            Object signal = signals.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            assertThat(signal).as("a signal within %d ms", WAIT_MILLIS).isNotNull();
            return signal;
        }

        /** Items up to onComplete. */
        List<String> items() throws InterruptedException {
            List<String> items = new ArrayList<>();
            for (Object signal = next(); signal != COMPLETE; signal = next()) {
                assertThat(signal).isInstanceOf(String.class);
                items.add((String) signal);
            }
            return items;
        }

        void awaitDeliveryEnd() throws InterruptedException {
            delivery.join(WAIT_MILLIS);
            assertThat(delivery.isAlive()).as("the delivery thread ended").isFalse();
        }
    }

    @Test
    void anEngineFailureEndsTheSubscriptionWithThatError() throws Exception {
        engine.allowAll();
        Recorder r = new Recorder(Long.MAX_VALUE);
        stream().publish("2 frames then crash").subscribe(r);
        assertThat(r.next()).isInstanceOf(String.class);
        assertThat(r.next()).isInstanceOf(String.class);
        assertThat(r.next()).isInstanceOfSatisfying(IllegalStateException.class,
                e -> assertThat(e).hasMessage("engine crashed after 2 frames"));
        r.awaitDeliveryEnd();
        assertThat(r.signals).as("nothing after onError").isEmpty();
    }

    @Test
    void aSubscriberThatCancelsInOnNextGetsNothingMoreEvenIfItThenThrows() throws Exception {
        engine.allowAll();
        Recorder r = new Recorder(Long.MAX_VALUE);
        r.onItem = item -> {
            r.subscription.cancel();
            throw new IllegalStateException("subscriber bug after cancel");
        };
        stream().publish("3 frames").subscribe(r);
        assertThat(r.next()).isInstanceOf(String.class);
        r.awaitDeliveryEnd();
        assertThat(r.signals).as("no onError, no onComplete after cancel").isEmpty();
    }

    @Test
    void cancelReleasesADeliveryThreadWaitingForDemand() throws Exception {
        engine.allowAll();
        Recorder r = new Recorder(1);
        stream().publish("3 frames").subscribe(r);
        assertThat(r.next()).isInstanceOf(String.class);
        // The one item requested is delivered: the delivery thread now waits for demand.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (r.delivery.getState() != Thread.State.WAITING) {
            assertThat(System.nanoTime() - deadline).as("the delivery thread to wait for demand").isNegative();
            LockSupport.parkNanos(200_000);
        }

        r.subscription.cancel();
        r.awaitDeliveryEnd();
        r.subscription.request(5); // after cancel: a no-op (Reactive Streams 3.6)
        assertThat(r.signals).as("nothing after cancel").isEmpty();
    }

    @Test
    void aTokenStreamPublisherServesOneSubscriberOnly() throws Exception {
        TwilioTtsStream tones = TwilioTtsStream.builder(new ToneEngine()).streamSid(SID).build();
        List<String> expected = new ArrayList<>();
        try (MediaMessages m = tones.generate("440 Hz 40 ms")) {
            m.forEachRemaining(expected::add);
        }
        assertThat(expected).hasSize(2);

        Flow.Publisher<String> publisher = tones.publishStreaming(List.of("440 Hz ", "40 ms.").iterator());
        Recorder first = new Recorder(Long.MAX_VALUE);
        publisher.subscribe(first);
        assertThat(first.items()).isEqualTo(expected);

        Recorder second = new Recorder(Long.MAX_VALUE);
        publisher.subscribe(second);
        assertThat(second.next()).isInstanceOfSatisfying(IllegalStateException.class,
                e -> assertThat(e).hasMessage("this token stream was already subscribed to"));
    }
}
