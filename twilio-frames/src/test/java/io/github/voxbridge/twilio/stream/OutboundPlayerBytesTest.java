package io.github.voxbridge.twilio.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.twilio.protocol.InboundMessage;
import io.github.voxbridge.twilio.protocol.OutboundMessage;
import io.github.voxbridge.twilio.protocol.OutboundMessageWriter;
import io.github.voxbridge.twilio.protocol.TwilioCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link OutboundPlayer} with a {@link Utf8TextTransport}: byte for byte the messages it sends with a plain
 * {@link TextTransport}, in the same order, with the same outcomes, through a full utterance, an empty one, a
 * barge-in and a broken transport; every media message from one buffer the player reuses.
 */
class OutboundPlayerBytesTest {

    private static final TwilioCodec CODEC = new TwilioCodec();
    private static final String SID = "MZ00000000000000000000000000000004";
    private static final long WAIT_MILLIS = 10_000;
    /** Lead far beyond the audio: every frame may go at once, so the tests need no clock. */
    private static final Duration NO_PACING = Duration.ofSeconds(600);

    private final List<OutboundPlayer> players = new ArrayList<>();
    private final List<SteppedEngine> steppedEngines = new ArrayList<>();

    @AfterEach
    void closePlayers() {
        players.forEach(OutboundPlayer::close);
        steppedEngines.forEach(SteppedEngine::allowAll);
    }

    /** Records every message as its text, whichever way it came; can be told to fail on one. */
    private abstract static class Recorder {
        final List<String> sent = new ArrayList<>();
        volatile Function<String, IOException> failure = json -> null;

        synchronized void record(String json) throws IOException {
            IOException f = failure.apply(json);
            if (f != null) {
                throw f;
            }
            sent.add(json);
        }

        synchronized List<String> messages() {
            return List.copyOf(sent);
        }

        abstract TextTransport transport();
    }

    private static final class Strings extends Recorder {
        @Override
        TextTransport transport() {
            return this::record;
        }
    }

    private static final class Bytes extends Recorder {
        /** Every buffer a media message came in, by identity. */
        final Set<ByteBuffer> mediaBuffers = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

        @Override
        TextTransport transport() {
            return (Utf8TextTransport) utf8 -> {
                byte[] bytes = new byte[utf8.remaining()];
                utf8.get(bytes);    // leaves the position at the limit: the player must not care
                String json = new String(bytes, StandardCharsets.UTF_8);
                if (json.startsWith("{\"event\":\"media\"")) {
                    synchronized (this) {
                        mediaBuffers.add(utf8);
                    }
                }
                record(json);
            };
        }
    }

    private OutboundPlayer player(TtsEngine engine, Recorder recorder) {
        OutboundPlayer player = OutboundPlayer.builder(engine).lead(NO_PACING).build(recorder.transport());
        players.add(player);
        player.onMessage(CODEC.write(new InboundMessage.Start(1, SID, "AC00000000000000000000000000000000",
                "CA00000000000000000000000000000000", List.of("inbound"), Map.of(),
                InboundMessage.MediaFormat.TWILIO)));
        return player;
    }

    private static PlaybackOutcome outcome(Utterance u) throws Exception {
        return u.outcome().toCompletableFuture().get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + WAIT_MILLIS + " ms for " + what);
            }
            LockSupport.parkNanos(200_000);
        }
    }

    private static long media(Recorder r) {
        return r.messages().stream().filter(json -> CODEC.parseOutbound(json) instanceof OutboundMessage.Media)
                .count();
    }

    /** Three utterances (the last one a single frame), each heard in full. */
    private static List<PlaybackOutcome> speak(OutboundPlayer player, Recorder wire) throws Exception {
        List<Utterance> utterances = List.of(player.play("440 Hz 1010 ms"), player.play("300 Hz 70 ms"),
                player.play("500 Hz 20 ms"));
        await(() -> wire.messages().contains(new OutboundMessageWriter(SID).markMessage("utterance-3")),
                "the third mark");
        List<PlaybackOutcome> outcomes = new ArrayList<>();
        for (Utterance u : utterances) {
            player.onMessage(CODEC.write(new InboundMessage.Mark(2, SID, u.markName())));
            outcomes.add(outcome(u));
        }
        return outcomes;
    }

    @Test
    void theBytePathSendsExactlyTheMessagesOfTheStringPath() throws Exception {
        Strings strings = new Strings();
        Bytes bytes = new Bytes();
        List<PlaybackOutcome> byString = speak(player(new ToneEngine(), strings), strings);
        List<PlaybackOutcome> byBytes = speak(player(new ToneEngine(), bytes), bytes);

        assertThat(strings.messages()).hasSize(51 + 1 + 4 + 1 + 1 + 1);
        assertThat(bytes.messages()).isEqualTo(strings.messages());
        assertThat(byBytes).isEqualTo(byString).containsExactly(new PlaybackOutcome.Played(51),
                new PlaybackOutcome.Played(4), new PlaybackOutcome.Played(1));
        assertThat(bytes.mediaBuffers).as("one buffer, reused for all 56 media messages").hasSize(1);
    }

    @Test
    void aBargeInSendsTheSameClearOnBothPaths() throws Exception {
        List<List<String>> sent = new ArrayList<>();
        List<PlaybackOutcome.Interrupted> outcomes = new ArrayList<>();
        for (Recorder wire : List.of(new Strings(), new Bytes())) {
            SteppedEngine engine = new SteppedEngine();
            steppedEngines.add(engine);
            OutboundPlayer player = player(engine, wire);
            Utterance u = player.play("10 frames");
            engine.allow(3);
            await(() -> media(wire) == 3, "three frames");
            assertThat(player.interrupt()).containsExactly(u);
            outcomes.add((PlaybackOutcome.Interrupted) outcome(u));
            sent.add(wire.messages());
        }
        assertThat(sent.get(1)).isEqualTo(sent.get(0));
        assertThat(sent.get(0)).hasSize(4).last().isEqualTo(new OutboundMessageWriter(SID).clearMessage());
        assertThat(outcomes.get(1).framesSent()).isEqualTo(outcomes.get(0).framesSent()).isEqualTo(3);
    }

    @Test
    void aBrokenTransportEndsThePlayerTheSameWayOnBothPaths() throws Exception {
        List<PlaybackOutcome> outcomes = new ArrayList<>();
        List<List<String>> sent = new ArrayList<>();
        for (Recorder wire : List.of(new Strings(), new Bytes())) {
            int[] media = {0};
            wire.failure = json -> json.startsWith("{\"event\":\"media\"") && ++media[0] == 5
                    ? new IOException("connection reset") : null;
            OutboundPlayer player = player(new ToneEngine(), wire);
            Utterance u = player.play("440 Hz 1000 ms");
            outcomes.add(outcome(u));
            Utterance late = player.play("440 Hz 100 ms");
            outcomes.add(outcome(late));
            sent.add(wire.messages());
        }
        assertThat(outcomes).as("strings: the utterance, one played after; bytes: the same").containsExactly(
                new PlaybackOutcome.Ended(5), new PlaybackOutcome.Ended(0),
                new PlaybackOutcome.Ended(5), new PlaybackOutcome.Ended(0));
        assertThat(sent.get(1)).isEqualTo(sent.get(0)).hasSize(4);
    }
}
