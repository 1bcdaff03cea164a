package io.github.voxbridge.dsp.resample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The byte bound, the least-recently-used order and the sharing of {@link BoundedLruCache}, with sized blobs. */
class BoundedLruCacheTest {

    /** A value of a stated size; identity tells a cached value from a re-created one. */
    private record Blob(String key, long bytes) {
    }

    /** Creates blobs whose size is the number after the dash in the key ("a-40" is 40 bytes), counting calls. */
    private static final class Designer implements java.util.function.Function<String, Blob> {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public Blob apply(String key) {
            calls.incrementAndGet();
            return new Blob(key, Long.parseLong(key.substring(key.indexOf('-') + 1)));
        }
    }

    private static BoundedLruCache<String, Blob> cache(long maxBytes) {
        return new BoundedLruCache<>(maxBytes, Blob::bytes);
    }

    @Test
    void theLeastRecentlyUsedGoFirstAndTheBoundHolds() {
        BoundedLruCache<String, Blob> cache = cache(100);
        Designer designer = new Designer();
        cache.get("a-40", designer);
        cache.get("b-30", designer);
        cache.get("c-30", designer);
        assertThat(cache.bytes()).isEqualTo(100);
        assertThat(cache.keysLeastRecentFirst()).containsExactly("a-40", "b-30", "c-30");

        cache.get("a-40", designer); // a hit: now the most recent
        assertThat(designer.calls).hasValue(3);
        assertThat(cache.keysLeastRecentFirst()).containsExactly("b-30", "c-30", "a-40");

        cache.get("d-20", designer); // 120 bytes: b, the least recent, goes
        assertThat(cache.keysLeastRecentFirst()).containsExactly("c-30", "a-40", "d-20");
        assertThat(cache.bytes()).isEqualTo(90);

        cache.get("e-60", designer); // 150 bytes: c and then a go, d stays (80 fits)
        assertThat(cache.keysLeastRecentFirst()).containsExactly("d-20", "e-60");
        assertThat(cache.bytes()).isEqualTo(80);
        assertThat(cache.size()).isEqualTo(2);

        cache.get("b-30", designer); // dropped earlier: designed again
        assertThat(designer.calls).hasValue(6);
        assertThat(cache.keysLeastRecentFirst()).containsExactly("e-60", "b-30"); // 110 bytes: d went
        assertThat(cache.bytes()).isEqualTo(90);
    }

    @Test
    void aHitReturnsTheCachedValueWithoutCreating() {
        BoundedLruCache<String, Blob> cache = cache(100);
        Designer designer = new Designer();
        Blob first = cache.get("a-10", designer);
        assertThat(cache.get("a-10", designer)).isSameAs(first);
        assertThat(designer.calls).hasValue(1);
    }

    @Test
    void aValueLargerThanTheBoundIsReturnedButNotCached() {
        BoundedLruCache<String, Blob> cache = cache(100);
        Designer designer = new Designer();
        Blob small = cache.get("a-40", designer);
        Blob big = cache.get("big-101", designer);
        assertThat(big.bytes()).isEqualTo(101);
        assertThat(cache.keysLeastRecentFirst()).as("the cached values are left alone").containsExactly("a-40");
        assertThat(cache.bytes()).isEqualTo(40);
        assertThat(cache.get("big-101", designer)).as("created again").isNotSameAs(big).isEqualTo(big);
        assertThat(cache.get("a-40", designer)).isSameAs(small);
        // Exactly the bound fits.
        cache.get("full-100", designer);
        assertThat(cache.keysLeastRecentFirst()).containsExactly("full-100");
        assertThat(cache.bytes()).isEqualTo(100);
    }

    @Test
    void aBoundOfZeroCachesNothing() {
        BoundedLruCache<String, Blob> cache = cache(0);
        Designer designer = new Designer();
        Blob first = cache.get("a-1", designer);
        assertThat(cache.get("a-1", designer)).isNotSameAs(first);
        assertThat(cache.size()).isZero();
        assertThat(cache.bytes()).isZero();
        // A value of zero bytes fits in a bound of zero.
        Blob empty = cache.get("empty-0", designer);
        assertThat(cache.get("empty-0", designer)).isSameAs(empty);
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> cache(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        BoundedLruCache<String, Blob> cache = cache(100);
        assertThatThrownBy(() -> cache.get("x-1", k -> null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("x-1");
        assertThatThrownBy(() -> cache.get("neg", k -> new Blob(k, -5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-5").hasMessageContaining("neg");
        assertThat(cache.size()).isZero();
    }

    /**
     * Threads asking for the same keys in different orders, with room for all of them: every thread gets the same
     * instance per key (racing creators give way to the first one cached), and the byte count matches the entries.
     */
    @Test
    void concurrentCallersOfOneKeyShareOneValue() throws Exception {
        int threads = 8;
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            keys.add("k" + i + "-" + (1 + i % 7));
        }
        long total = keys.stream().mapToLong(k -> Long.parseLong(k.substring(k.indexOf('-') + 1))).sum();
        BoundedLruCache<String, Blob> cache = cache(total);
        Designer designer = new Designer();
        Map<String, Blob> seen = new ConcurrentHashMap<>();
        List<String> mismatches = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<String> order = new ArrayList<>(keys);
                Collections.shuffle(order, new Random(t)); // fixed seeds: each thread its own order
                done.add(pool.submit(() -> {
                    start.await();
                    for (String key : order) {
                        Blob got = cache.get(key, designer);
                        Blob first = seen.putIfAbsent(key, got);
                        if (first != null && first != got) {
                            mismatches.add(key);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(mismatches).as("keys for which two threads got different values").isEmpty();
        assertThat(cache.size()).isEqualTo(keys.size());
        assertThat(cache.bytes()).isEqualTo(total);
        assertThat(designer.calls.get()).isBetween(keys.size(), keys.size() * threads);
    }

    /**
     * The race of two callers missing one key, made deterministic: creating runs outside the lock, so a creator that
     * itself asks the cache for the same key plays the second caller. The inner value is cached first; the outer
     * caller then gets that one too (the first to finish wins), and it is counted once.
     */
    @Test
    void aValueCachedWhileCreatingWinsAndIsCountedOnce() {
        BoundedLruCache<String, Blob> cache = cache(100);
        Designer inner = new Designer();
        Blob[] innerValue = new Blob[1];
        Blob outer = cache.get("a-30", key -> {
            innerValue[0] = cache.get(key, inner);
            return new Blob(key, 30);
        });
        assertThat(inner.calls).hasValue(1);
        assertThat(outer).as("the value cached first").isSameAs(innerValue[0]);
        assertThat(cache.get("a-30", inner)).isSameAs(innerValue[0]);
        assertThat(cache.keysLeastRecentFirst()).containsExactly("a-30");
        assertThat(cache.bytes()).isEqualTo(30);
    }

    /** Under eviction pressure from many threads the bound holds and the count matches what is cached. */
    @Test
    void concurrentCallersUnderPressureKeepTheBound() throws Exception {
        int threads = 8;
        BoundedLruCache<String, Blob> cache = cache(50);
        Designer designer = new Designer();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                done.add(pool.submit(() -> {
                    start.await();
                    Random random = new Random(seed);
                    for (int i = 0; i < 2_000; i++) {
                        String key = "k" + random.nextInt(40) + "-" + (1 + random.nextInt(12));
                        assertThat(cache.get(key, designer).key()).isEqualTo(key);
                        assertThat(cache.bytes()).as("bytes after %s", key).isLessThanOrEqualTo(50);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long cached = cache.keysLeastRecentFirst().stream()
                .mapToLong(k -> Long.parseLong(k.substring(k.indexOf('-') + 1))).sum();
        assertThat(cache.bytes()).isEqualTo(cached).isLessThanOrEqualTo(50);
    }
}
