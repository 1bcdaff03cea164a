package io.github.voxbridge.tts.transport.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Drains a program's stderr on a thread of its own (a program blocks once the pipe's 64 KiB fill up) and keeps only
 * its last {@code capacity} bytes, in a ring: a chatty program costs a fixed amount of memory, and the end of its
 * stderr is where the reason for a failure is.
 */
final class StderrTail implements Runnable {

    private final InputStream in;
    private final byte[] ring;
    /** Total bytes read so far; {@code total % ring.length} is where the next byte goes. Guarded by this. */
    private long total;

    StderrTail(InputStream in, int capacity) {
        this.in = in;
        this.ring = new byte[capacity];
    }

    @Override
    public void run() {
        byte[] buffer = new byte[1024];
        try (in) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                append(buffer, n);
            }
        } catch (IOException e) {
            // the pipe closed under us (the process was killed): what was read is the tail
        }
    }

    private synchronized void append(byte[] bytes, int len) {
        for (int i = 0; i < len; i++) {
            ring[(int) (total++ % ring.length)] = bytes[i];
        }
    }

    /** The last bytes read, oldest first, as UTF-8 (a character cut at the start becomes U+FFFD). */
    synchronized String text() {
        int kept = (int) Math.min(total, ring.length);
        byte[] ordered = new byte[kept];
        int start = (int) ((total - kept) % ring.length);
        int first = Math.min(kept, ring.length - start);
        System.arraycopy(ring, start, ordered, 0, first);
        System.arraycopy(ring, 0, ordered, first, kept - first);
        return new String(ordered, StandardCharsets.UTF_8);
    }
}
