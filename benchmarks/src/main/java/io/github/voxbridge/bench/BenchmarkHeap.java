package io.github.voxbridge.bench;

import java.util.List;

/**
 * The heap every benchmark JVM runs on: fixed at 1 GiB and pre-touched. The one place these flags are written;
 * {@link BenchmarkMain} gives them to every JMH fork and the soak harness re-launches itself with them.
 *
 * <p>Why: on the JVM's default heap (G1, initial 1/64 of memory, growing towards 1/4) an allocating benchmark is
 * timed partly on the heap's growth. {@code FrameBench.mediaString} (352 B/op, about 7 GB/s) alternated between
 * iterations of about 60 ns and about 1,500 ns per op on the 24 GB CI machine class (e.g. 1,547 / 105 / 1,504 / 73 /
 * 73 / 66 ns): the first touch of freshly committed pages is expensive on this VM. With {@code -Xms1g -Xmx1g} every
 * iteration took 46 to 69 ns, with {@code -XX:+AlwaysPreTouch} 49 to 69 ns (issue 10). Fixing the size stops the
 * heap from growing during a measurement; pre-touching pays for every page before the first one. 1 GiB is far more
 * than any benchmark keeps live (the soak's 16,000 calls hold under 200 MB) and starts in about 0.3 s.
 */
public final class BenchmarkHeap {

    /** JVM flags for a fixed, pre-touched heap, in the order given to the JVM. */
    public static final List<String> FLAGS = List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch");

    private BenchmarkHeap() {
    }

    /**
     * Whether a JVM started with these input arguments runs on the fixed, pre-touched heap: each of {@link #FLAGS}
     * present and not overridden by a later {@code -Xms}, {@code -Xmx} or {@code -XX:-AlwaysPreTouch}.
     *
     * @param inputArguments the JVM's arguments in order, as {@code RuntimeMXBean.getInputArguments()} gives them
     */
    public static boolean isFixed(List<String> inputArguments) {
        String xms = null;
        String xmx = null;
        boolean preTouch = false;
        for (String arg : inputArguments) {
            if (arg.startsWith("-Xms")) {
                xms = arg;
            } else if (arg.startsWith("-Xmx")) {
                xmx = arg;
            } else if (arg.equals("-XX:+AlwaysPreTouch")) {
                preTouch = true;
            } else if (arg.equals("-XX:-AlwaysPreTouch")) {
                preTouch = false;
            }
        }
        return FLAGS.get(0).equals(xms) && FLAGS.get(1).equals(xmx) && preTouch;
    }
}
