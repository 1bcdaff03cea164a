package io.github.voxbridge.dsp.resample;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * A cache of shared immutable values (filter designs) bounded by the sum of their sizes in bytes: when an insertion
 * takes the total over the bound, the least recently used entries are dropped until it fits again.
 *
 * <p>Dropping an entry drops only the cache's reference. The values are immutable and whoever got one keeps using
 * it (a resampler holds its bank for life), so eviction never breaks a user; the next request for that key creates
 * the value again. The bound is on what the cache retains, not on every value alive in the heap.
 *
 * <p>A value larger than the whole bound is returned but not cached: caching it would empty the cache for a single
 * entry that the next insertion would drop again. A bound of 0 therefore disables caching.
 *
 * <p>Thread-safe. Lookups and the bookkeeping run under one lock; creating a value (designing a bank takes from
 * well under a millisecond to tens of milliseconds) runs outside it, so a slow design never blocks lookups of other
 * keys. Two threads that miss on the same key at the same moment both create it; the first to finish is cached and
 * returned to both, so callers of one key share one value for as long as it is cached.
 *
 * @param <K> key (a record: equals and hashCode by value)
 * @param <V> immutable value
 */
final class BoundedLruCache<K, V> {

    private record Entry<V>(V value, long bytes) {
    }

    private final long maxBytes;
    private final ToLongFunction<? super V> sizeInBytes;
    /** In access order: iteration starts at the least recently used entry. Guarded by {@code this}. */
    private final LinkedHashMap<K, Entry<V>> entries = new LinkedHashMap<>(16, 0.75f, true);
    /** Sum of the sizes of {@link #entries}. Guarded by {@code this}. */
    private long bytes;

    /**
     * @param maxBytes    most bytes the cached values may add up to, {@code >= 0}
     * @param sizeInBytes the (estimated) heap bytes one value retains, {@code >= 0}
     */
    BoundedLruCache(long maxBytes, ToLongFunction<? super V> sizeInBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("negative cache bound " + maxBytes + " bytes");
        }
        this.maxBytes = maxBytes;
        this.sizeInBytes = Objects.requireNonNull(sizeInBytes, "sizeInBytes");
    }

    /**
     * The cached value for {@code key}, now the most recently used, or a new one from {@code create}, cached if it
     * fits in the bound at all.
     *
     * @throws NullPointerException if {@code create} returns null
     * @throws IllegalArgumentException if the value's size is negative
     */
    V get(K key, Function<? super K, ? extends V> create) {
        synchronized (this) {
            Entry<V> hit = entries.get(key); // in an access-ordered map, get() marks the entry most recently used
            if (hit != null) {
                return hit.value();
            }
        }
        V created = Objects.requireNonNull(create.apply(key), () -> "no value created for " + key);
        long size = sizeInBytes.applyAsLong(created);
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size + " bytes for " + key);
        }
        synchronized (this) {
            Entry<V> raced = entries.get(key);
            if (raced != null) {
                return raced.value();
            }
            if (size > maxBytes) {
                return created;
            }
            entries.put(key, new Entry<>(created, size));
            bytes += size;
            // The new entry is the most recent and fits on its own, so this stops before reaching it.
            Iterator<Entry<V>> leastRecentFirst = entries.values().iterator();
            while (bytes > maxBytes) {
                bytes -= leastRecentFirst.next().bytes();
                leastRecentFirst.remove();
            }
            return created;
        }
    }

    /** The bound, in bytes. */
    long maxBytes() {
        return maxBytes;
    }

    /** Sum of the sizes of the cached values, in bytes; never more than {@link #maxBytes()}. */
    synchronized long bytes() {
        return bytes;
    }

    /** Number of cached values. */
    synchronized int size() {
        return entries.size();
    }

    /** The cached keys, least recently used first (does not count as a use). */
    synchronized List<K> keysLeastRecentFirst() {
        return new ArrayList<>(entries.keySet());
    }
}
