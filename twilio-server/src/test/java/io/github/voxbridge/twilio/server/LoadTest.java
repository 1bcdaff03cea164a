package io.github.voxbridge.twilio.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.twilio.server.handlers.GreetingHandler;
import io.github.voxbridge.twilio.testkit.CallLoad;
import io.github.voxbridge.twilio.testkit.CallLoadResult;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The small load run of issue 13, in {@code mvn verify}: 50 simulated calls at once for 10 s against the server in
 * this JVM, each hearing an 8 s greeting. Nothing may be lost: every call completes, every frame is played, every
 * mark comes back, and gaps after a call's first frame stay under one frame in a thousand (see the assertion). The 1,000-call run against {@code voxbridge serve} is
 * {@code benchmarks/serve-load.sh} (benchmarks/README.md).
 */
class LoadTest {

    private static final int CALLS = 50;

    @Test
    void fiftyCallsForTenSecondsLoseNothing() throws Exception {
        try (MediaStreamServer server = MediaStreamServer.builder(new ToneEngine(), () -> new GreetingHandler(
                "8000 ms")).host("127.0.0.1").port(0).warmUp("8000 ms", Duration.ofSeconds(2)).start()) {
            URI webhook = URI.create("http://127.0.0.1:" + server.port() + "/twilio/voice");
            // A round of calls first: the server warmed its own paths up, this warms Jetty's accept and upgrade and
            // the simulator's side (a cold JVM takes its first calls' first frames 100-200 ms late).
            CallLoad.builder(webhook).calls(20).duration(Duration.ofSeconds(3)).rampUp(Duration.ofSeconds(1))
                    .timeout(Duration.ofSeconds(20)).build().run();
            double underrunsBefore = server.meterRegistry().get("voxbridge.underruns").counter().count();
            CallLoadResult r = CallLoad.builder(webhook).calls(CALLS).duration(Duration.ofSeconds(10))
                    .rampUp(Duration.ofSeconds(1)).timeout(Duration.ofSeconds(20)).build().run();
            var serverFirstFrame = server.meterRegistry().get("voxbridge.first.frame.latency").timer();
            System.out.printf("load: %d/%d calls completed, %d frames received, %d lost, %d underruns, marks %d/%d,"
                            + " first frame p50 %.1f ms p99 %.1f ms, CPU (server and simulator) %.2f s per"
                            + " call-minute; the server's first frame (its turn to the socket) mean %.1f ms, max"
                            + " %.1f ms%n", r.completed(), r.calls(), r.framesReceived(), r.framesLost(),
                    r.underruns(), r.marksEchoed(), r.marksReceived(), r.firstFrameLatencyPercentileNanos(50) / 1e6,
                    r.firstFrameLatencyPercentileNanos(99) / 1e6, r.cpuSecondsPerCallMinute(),
                    serverFirstFrame.mean(TimeUnit.MILLISECONDS), serverFirstFrame.max(TimeUnit.MILLISECONDS));
            assertThat(r.failureReasons()).isEmpty();
            assertThat(r.allCompleted()).isTrue();
            assertThat(r.framesReceived()).as("8 s of greeting per call").isEqualTo(CALLS * 400L);
            assertThat(r.framesLost()).isZero();
            // An underrun here is a stall of the whole process longer than the 200 ms lead: on a quiet machine none
            // (0 in most runs at load average 5-7 too), but with the simulator's 50 calls in the same JVM on two
            // shared cores the scheduler has caused 2 in 20,000 frames. At most one frame in a thousand, then; the
            // load run (benchmarks/serve-load.sh) holds the server to 0 on its own process.
            assertThat(r.underruns()).as("underruns heard, of %d frames", r.framesReceived())
                    .isLessThanOrEqualTo(r.framesReceived() / 1000);
            assertThat(server.meterRegistry().get("voxbridge.underruns").counter().count() - underrunsBefore)
                    .as("underruns the server counted").isLessThanOrEqualTo(r.framesReceived() / 1000.0);
            assertThat(r.marksReceived()).isEqualTo(CALLS);
            assertThat(r.marksEchoed()).isEqualTo(CALLS);
            // A bound that catches a stalled pipeline, not the 100 ms target: with the simulator in the same JVM on a
            // shared 2-core machine the slowest of 50 first frames is the scheduler's (seen 156-289 ms at load
            // average 5-7, 13-40 ms p50); benchmarks/serve-load.sh measures the target on separate processes.
            assertThat(r.firstFrameLatencyPercentileNanos(99)).as("first frame p99 (ns)").isLessThan(1_000_000_000L);
        }
    }
}
