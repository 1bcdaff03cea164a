package io.github.voxbridge.twilio.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.voxbridge.dsp.codec.MuLaw;
import io.github.voxbridge.twilio.protocol.MediaMessageReader;
import io.github.voxbridge.twilio.protocol.InboundMessage;
import io.github.voxbridge.twilio.protocol.TwilioCodec;
import io.github.voxbridge.twilio.protocol.TwilioProtocolException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InboundTrackDecoderTest {

    static final String SID = "MZ00000000000000000000000000000001";

    /** Records the listener calls: audio samples appended, events in order with the audio. */
    static final class Recorder implements InboundAudioListener {
        final List<Short> samples = new ArrayList<>();
        final List<String> events = new ArrayList<>();

        @Override
        public void audio(short[] pcm, int offset, int length) {
            for (int i = 0; i < length; i++) {
                samples.add(pcm[offset + i]);
            }
        }

        @Override
        public void dtmf(InboundMessage.Dtmf dtmf) {
            events.add("dtmf " + dtmf.digit() + " after " + samples.size());
        }

        @Override
        public void stop(InboundMessage.Stop stop) {
            events.add("stop after " + samples.size());
        }

        short[] pcm() {
            short[] s = new short[samples.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = samples.get(i);
            }
            return s;
        }
    }

    final Recorder recorder = new Recorder();

    /** 160 mu-law bytes whose decoded samples are all the same non-zero value, distinct per chunk. */
    static byte[] payload(long chunk) {
        byte[] b = new byte[160];
        java.util.Arrays.fill(b, (byte) (0x10 + chunk));
        return b;
    }

    static short level(long chunk) {
        return MuLaw.decode((byte) (0x10 + chunk));
    }

    static InboundMessage.Media media(long chunk, long timestamp) {
        return new InboundMessage.Media(chunk + 1, SID, "inbound", chunk, timestamp, payload(chunk));
    }

    static InboundMessage.Stop stop() {
        return new InboundMessage.Stop(99, SID, "AC1", "CA1");
    }

    @Test
    void consecutiveChunksDecodeBackToBack() {
        InboundTrackDecoder d = InboundTrackDecoder.at8kHz("inbound", recorder);
        for (int c = 1; c <= 3; c++) {
            d.accept(media(c, 20L * (c - 1)));
        }
        short[] pcm = recorder.pcm();
        assertThat(pcm).hasSize(480);
        for (int c = 1; c <= 3; c++) {
            for (int i = 0; i < 160; i++) {
                assertThat(pcm[160 * (c - 1) + i]).isEqualTo(level(c));
            }
        }
        assertThat(d.chunksDecoded()).isEqualTo(3);
        assertThat(d.silenceSamplesInserted()).isZero();
    }

    @Test
    void aLostChunkBecomesSilenceOfItsLength() {
        InboundTrackDecoder d = InboundTrackDecoder.at8kHz("inbound", recorder);
        d.accept(media(1, 0));
        d.accept(media(2, 20));
        d.accept(media(5, 80)); // chunks 3 and 4, 40 ms, lost
        short[] pcm = recorder.pcm();
        assertThat(pcm).hasSize(160 * 5);
        for (int i = 320; i < 640; i++) {
            assertThat(pcm[i]).isZero();
        }
        assertThat(pcm[640]).isEqualTo(level(5));
        assertThat(d.silenceSamplesInserted()).isEqualTo(320);
    }

    @Test
    void gapLengthComesFromTheTimestampToTheMillisecond() {
        InboundTrackDecoder d = InboundTrackDecoder.at8kHz("inbound", recorder);
        d.accept(media(1, 100));
        d.accept(media(2, 100 + 20 + 13)); // 13 ms missing: more than the 10 ms tolerance
        assertThat(recorder.pcm()).hasSize(160 + 13 * 8 + 160);
        assertThat(d.silenceSamplesInserted()).isEqualTo(104);
    }

    @Test
    void timestampJitterWithinToleranceIsNotFilled() {
        InboundTrackDecoder d = InboundTrackDecoder.at8kHz("inbound", recorder);
        d.accept(media(1, 0));
        d.accept(media(2, 21));
        d.accept(media(3, 39));
        d.accept(media(4, 60));
        assertThat(recorder.pcm()).hasSize(640);
        assertThat(d.silenceSamplesInserted()).isZero();
    }

    @Test
    void duplicatesAndLateChunksAreDropped() {
        InboundTrackDecoder d = InboundTrackDecoder.at8kHz("inbound", recorder);
        d.accept(media(1, 0));
        d.accept(media(2, 20));
        d.accept(media(2, 20));
        d.accept(media(4, 60));
        d.accept(media(3, 40)); // too late: its 20 ms were already filled with silence
        d.accept(media(1, 0));
        d.accept(media(5, 80));
        assertThat(d.duplicatesDropped()).isEqualTo(1);
        assertThat(d.lateChunksDropped()).isEqualTo(2);
        assertThat(d.chunksDecoded()).isEqualTo(4);
        short[] pcm = recorder.pcm();
        assertThat(pcm).hasSize(800);
        assertThat(new short[] {pcm[0], pcm[160], pcm[320], pcm[480], pcm[640]})
                .containsExactly(level(1), level(2), (short) 0, level(4), level(5));
    }

    @Test
    void sixteenKilohertzOutputIsTwiceAsLongIncludingFilledGaps() {
        InboundTrackDecoder d = InboundTrackDecoder.at16kHz("inbound", recorder);
        assertThat(d.outputRate()).isEqualTo(16_000);
        for (int c = 1; c <= 50; c++) {
            if (c % 7 == 3) {
                continue; // lost: chunks 3, 10, 17, 24, 31, 38 and 45
            }
            d.accept(media(c, 20L * (c - 1)));
        }
        d.accept(stop());
        assertThat(d.chunksDecoded()).as("the 43 chunks that arrived").isEqualTo(43);
        assertThat(d.silenceSamplesInserted()).as("7 lost chunks at 8 kHz").isEqualTo(7 * 160);
        assertThat(d.duplicatesDropped() + d.lateChunksDropped()).isZero();
        assertThat(recorder.samples).hasSize(2 * 50 * 160);
        assertThat(recorder.events).containsExactly("stop after " + 2 * 50 * 160);
        // Output is delay-compensated: mid-chunk, a constant input comes out as the constant, and a lost chunk
        // (chunk 10) as silence.
        short mid9 = recorder.samples.get(2 * (8 * 160 + 80));
        assertThat(Math.abs(mid9 - level(9))).isLessThanOrEqualTo(Math.abs(level(9)) / 100);
        assertThat(Math.abs(recorder.samples.get(2 * (9 * 160 + 80)))).isLessThanOrEqualTo(Math.abs(level(9)) / 100);
    }

    @Test
    void dtmfAndStopAreEventsInOrderWithTheAudio() {
        InboundTrackDecoder d = InboundTrackDecoder.at8kHz("inbound", recorder);
        d.accept(new InboundMessage.Connected("Call", "1.0.0"));
        d.accept(new InboundMessage.Start(1, SID, "AC1", "CA1", List.of("inbound"), Map.of(),
                InboundMessage.MediaFormat.TWILIO));
        d.accept(media(1, 0));
        d.accept(new InboundMessage.Dtmf(3, SID, "inbound_track", "7"));
        d.accept(new InboundMessage.Dtmf(4, SID, "outbound_track", "9"));
        d.accept(new InboundMessage.Media(5, SID, "outbound", 1, 0, payload(9)));
        d.accept(media(2, 20));
        d.accept(stop());
        d.accept(media(3, 40));
        d.accept(stop());
        assertThat(recorder.events).containsExactly("dtmf 7 after 160", "stop after 320");
        assertThat(recorder.samples).hasSize(320);
    }

    @Test
    void aWildTimestampIsCappedAndTheTimelineReanchored() {
        InboundTrackDecoder d = InboundTrackDecoder.at8kHz("inbound", recorder);
        d.accept(media(1, 0));
        d.accept(media(2, Long.MAX_VALUE - 100));
        d.accept(media(3, Long.MAX_VALUE - 80));
        assertThat(d.silenceSamplesInserted()).isEqualTo(InboundTrackDecoder.DEFAULT_MAX_GAP_MILLIS * 8L);
        assertThat(recorder.samples).hasSize(480 + InboundTrackDecoder.DEFAULT_MAX_GAP_MILLIS * 8);
    }

    @Test
    void refusesAStreamThatIsNotTwilioMuLaw() {
        InboundTrackDecoder d = InboundTrackDecoder.at8kHz("inbound", recorder);
        assertThatThrownBy(() -> d.accept(new InboundMessage.Start(1, SID, "AC1", "CA1", List.of("inbound"),
                Map.of(), new InboundMessage.MediaFormat("audio/x-l16", 16000, 1))))
                .isInstanceOf(TwilioProtocolException.class).hasMessageStartingWith("start.mediaFormat:");
    }

    /**
     * The server's path ({@link MediaMessageReader}, in place) and the parsed one give the same audio and counters
     * for 200 generated streams: lost, repeated and late chunks, timestamp jitter, the other track, payloads of 1
     * to 400 bytes; at 8 and 16 kHz.
     */
    @Test
    void messagesReadInPlaceDecodeExactlyAsParsedOnes() {
        TwilioCodec codec = new TwilioCodec();
        java.util.SplittableRandom random = new java.util.SplittableRandom(0x1D1E_C0DEL);
        for (int stream = 0; stream < 200; stream++) {
            boolean wide = stream % 2 == 1;
            Recorder parsedOut = new Recorder();
            Recorder readOut = new Recorder();
            InboundTrackDecoder parsed = wide ? InboundTrackDecoder.at16kHz("inbound", parsedOut)
                    : InboundTrackDecoder.at8kHz("inbound", parsedOut);
            InboundTrackDecoder read = wide ? InboundTrackDecoder.at16kHz("inbound", readOut)
                    : InboundTrackDecoder.at8kHz("inbound", readOut);
            MediaMessageReader reader = MediaMessageReader.inbound();
            long chunk = 1;
            for (int m = 0; m < 60; m++) {
                chunk += switch (random.nextInt(10)) {
                    case 0 -> 0;            // a repeat
                    case 1 -> -2;           // late
                    case 2 -> 3;            // two lost
                    default -> 1;
                };
                chunk = Math.max(1, chunk);
                long timestamp = Math.max(0, 20 * (chunk - 1) + random.nextInt(-15, 16));
                byte[] payload = new byte[random.nextInt(5) == 0 ? 1 + random.nextInt(400) : 160];
                random.nextBytes(payload);
                String track = random.nextInt(8) == 0 ? "outbound" : "inbound";
                String json = codec.write(new InboundMessage.Media(m + 2, SID, track, chunk, timestamp, payload));
                byte[] utf8 = json.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                parsed.accept(codec.parse(json));
                assertThat(reader.read(utf8, 0, utf8.length)).as(json).isTrue();
                read.accept(reader);
            }
            parsed.end();
            read.end();
            assertThat(readOut.pcm()).as("stream %d", stream).isEqualTo(parsedOut.pcm());
            assertThat(new long[] {read.chunksDecoded(), read.duplicatesDropped(), read.lateChunksDropped(),
                    read.silenceSamplesInserted()}).isEqualTo(new long[] {parsed.chunksDecoded(),
                    parsed.duplicatesDropped(), parsed.lateChunksDropped(), parsed.silenceSamplesInserted()});
        }
    }

    @Test
    void decodesParsedMessages() {
        TwilioCodec codec = new TwilioCodec();
        InboundTrackDecoder d = InboundTrackDecoder.at8kHz("inbound", recorder);
        d.accept(codec.parse(codec.write(media(1, 0))));
        d.accept(codec.parse("{\"event\":\"media\",\"sequenceNumber\":\"3\",\"streamSid\":\"" + SID + "\",\"media\":"
                + "{\"track\":\"inbound\",\"chunk\":\"2\",\"timestamp\":\"20\",\"payload\":\"/wB/gA==\"}}"));
        short[] pcm = recorder.pcm();
        assertThat(pcm).hasSize(164);
        assertThat(new short[] {pcm[160], pcm[161], pcm[162], pcm[163]}).containsExactly(MuLaw.decode((byte) 0xFF),
                MuLaw.decode((byte) 0), MuLaw.decode((byte) 0x7F), MuLaw.decode((byte) 0x80));
    }

    @Test
    void aGapOfExactlyTheToleranceIsJitterAndOneMillisecondMoreIsFilled() {
        InboundTrackDecoder d = InboundTrackDecoder.at8kHz("inbound", recorder);
        assertThat(d.track()).isEqualTo("inbound");
        d.accept(media(1, 0));
        d.accept(media(2, 30)); // starts 10 ms (80 samples) after chunk 1 ends: exactly the tolerance
        assertThat(d.silenceSamplesInserted()).as("a 10 ms difference is jitter").isZero();
        d.accept(media(3, 51)); // 11 ms after chunk 2 ends (it ended at 320 samples, 40 ms)
        assertThat(d.silenceSamplesInserted()).as("an 11 ms difference is a gap").isEqualTo(88);
        assertThat(recorder.pcm()).hasSize(3 * 160 + 88);
    }

    @Test
    void zeroToleranceFillsEveryLateStart() {
        InboundTrackDecoder d = new InboundTrackDecoder("inbound", InboundTrackDecoder.TWILIO_RATE, null, 0,
                InboundTrackDecoder.DEFAULT_MAX_GAP_MILLIS, recorder);
        d.accept(media(1, 0));
        d.accept(media(2, 21));
        assertThat(d.silenceSamplesInserted()).as("1 ms late, no tolerance").isEqualTo(8);
        assertThat(recorder.pcm()).hasSize(328);
    }

    @Test
    void zeroGapCapNeverInventsSilenceButKeepsTheTimeline() {
        InboundTrackDecoder d = new InboundTrackDecoder("inbound", InboundTrackDecoder.TWILIO_RATE, null,
                InboundTrackDecoder.DEFAULT_JITTER_TOLERANCE_MILLIS, 0, recorder);
        d.accept(media(1, 0));
        d.accept(media(3, 40)); // chunk 2 lost: spliced, not filled
        d.accept(media(4, 60)); // on time against the timeline: nothing owed from the gap before
        assertThat(d.silenceSamplesInserted()).isZero();
        short[] pcm = recorder.pcm();
        assertThat(pcm).hasSize(480);
        assertThat(new short[] {pcm[0], pcm[160], pcm[320]}).containsExactly(level(1), level(3), level(4));
    }

    @Test
    void aGapUpToTheCapIsFilledWholeAndALongerOneIsCappedOnce() {
        InboundTrackDecoder d = new InboundTrackDecoder("inbound", InboundTrackDecoder.TWILIO_RATE, null,
                InboundTrackDecoder.DEFAULT_JITTER_TOLERANCE_MILLIS, 20, recorder);
        d.accept(media(1, 0));
        d.accept(media(3, 40)); // one lost frame: exactly the 20 ms cap
        assertThat(d.silenceSamplesInserted()).isEqualTo(160);
        d.accept(media(4, 60));
        assertThat(d.silenceSamplesInserted()).as("nothing owed after a gap of exactly the cap").isEqualTo(160);
        d.accept(media(7, 120)); // two lost frames: capped at one
        d.accept(media(8, 140));
        assertThat(d.silenceSamplesInserted()).as("the capped rest is not owed at the next message")
                .isEqualTo(320);
        assertThat(recorder.pcm()).hasSize(5 * 160 + 320);
    }

    @Test
    void aStartFarBeforeTheFirstMessageIsJitterEvenWhereItsSampleCountOverflows() {
        InboundTrackDecoder d = InboundTrackDecoder.at8kHz("inbound", recorder);
        long origin = (1L << 60) + 1_000; // (0 - origin) * 8 samples does not fit a long
        d.accept(media(1, origin));
        d.accept(media(2, 0));
        assertThat(d.silenceSamplesInserted()).isZero();
        assertThat(recorder.pcm()).hasSize(320);
    }

    @Test
    void negativeToleranceOrCapIsRefused() {
        assertThatThrownBy(() -> new InboundTrackDecoder("inbound", 8000, null, -1, 100, recorder))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("negative jitter tolerance -1 ms or gap cap 100 ms");
        assertThatThrownBy(() -> new InboundTrackDecoder("inbound", 8000, null, 10, -1, recorder))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("negative jitter tolerance 10 ms or gap cap -1 ms");
    }

    /** Payloads larger than Twilio's 160 bytes (e.g. re-chunked by a proxy) grow the buffers, at both rates. */
    @Test
    void payloadsLargerThanAFrameAreDecodedWhole() {
        int[] sizes = {160, 400, 1000, 7, 1000, 2000};
        Recorder at16 = new Recorder();
        InboundTrackDecoder d8 = InboundTrackDecoder.at8kHz("inbound", recorder);
        InboundTrackDecoder d16 = InboundTrackDecoder.at16kHz("inbound", at16);
        long ms = 0;
        int total = 0;
        for (int i = 0; i < sizes.length; i++) {
            byte[] payload = new byte[sizes[i]];
            java.util.Arrays.fill(payload, (byte) (0x10 + i));
            InboundMessage.Media m = new InboundMessage.Media(i + 2, SID, "inbound", i + 1, ms, payload);
            d8.accept(m);
            d16.accept(m);
            ms += sizes[i] / 8;
            total += sizes[i];
        }
        d8.accept(stop());
        d16.accept(stop());
        assertThat(d8.silenceSamplesInserted() + d16.silenceSamplesInserted()).isZero();
        short[] pcm = recorder.pcm();
        assertThat(pcm).hasSize(total);
        int at = 0;
        for (int i = 0; i < sizes.length; i++) {
            for (int j = 0; j < sizes[i]; j++) {
                assertThat(pcm[at + j]).as("sample %d of payload %d", j, i).isEqualTo(level(i));
            }
            at += sizes[i];
        }
        assertThat(at16.samples).as("16 kHz: twice the input, tail included").hasSize(2 * total);
    }

    @Test
    void noAudioCallForAMessageWhoseOutputTheResamplerStillHoldsBack() {
        List<Integer> blocks = new ArrayList<>();
        InboundTrackDecoder d = InboundTrackDecoder.at16kHz("inbound", (pcm, offset, length) -> blocks.add(length));
        for (int c = 1; c <= 100; c++) {
            // one sample (1/8 ms) per message: the filter's delay holds back the output of the first ones
            d.accept(new InboundMessage.Media(c + 1, SID, "inbound", c, 0, new byte[] {(byte) 0x10}));
        }
        d.end();
        assertThat(blocks).as("lengths of the audio calls").isNotEmpty().allSatisfy(n -> assertThat(n).isPositive());
        assertThat(blocks.stream().mapToInt(Integer::intValue).sum()).isEqualTo(200);
    }
}
