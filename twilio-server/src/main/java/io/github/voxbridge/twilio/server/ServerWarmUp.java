package io.github.voxbridge.twilio.server;

import io.github.voxbridge.dsp.resample.ResamplerQuality;
import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.tts.UncheckedTtsException;
import io.github.voxbridge.twilio.protocol.InboundMessage;
import io.github.voxbridge.twilio.protocol.TwilioCodec;
import io.github.voxbridge.twilio.stream.InboundTrackDecoder;
import io.github.voxbridge.twilio.stream.MediaMessages;
import io.github.voxbridge.twilio.stream.TwilioTtsStream;
import io.github.voxbridge.twilio.vad.VadSettings;
import io.github.voxbridge.twilio.vad.VoiceActivityDetector;
import io.github.voxbridge.twilio.vad.SpeechActivityListener;
import java.util.List;
import java.util.Map;

/**
 * Runs a call's hot paths before the server listens, until the JIT has compiled them. The G.711 and resampler kernels
 * use the Vector API, which is fast once C2 has compiled it and one to two orders of magnitude slower before (its
 * interpreted and C1 forms box every vector): measured on a cold {@code voxbridge serve}, the first 5 s of a 50-call
 * ramp ran {@code muLawEncode} in that form until C2 compiled it, and the calls' first frames came 1.4 to 3.3 s late.
 * So the server speaks the warm-up text and decodes synthetic caller audio (parse, mu-law, timeline, VAD) for a
 * bounded time first.
 */
final class ServerWarmUp {

    private static final System.Logger LOG = System.getLogger(MediaStreamServer.class.getName());
    private static final String SID = "MZ00000000000000000000000000000000";

    private ServerWarmUp() {
    }

    /**
     * @param text      what to speak (the greeting: the first thing callers hear), or {@code null} for the inbound
     *                  path only
     * @param budgetNanos how long to keep at it, in nanoseconds
     * @return the media frames spoken and caller frames decoded, for the log
     * @throws UncheckedTtsException if the engine fails on the text
     */
    static long[] run(TtsEngine engine, String text, ResamplerQuality quality, long budgetNanos) {
        long deadline = System.nanoTime() + budgetNanos;
        long spoken = 0;
        if (text != null && !text.isBlank()) {
            TwilioTtsStream stream = TwilioTtsStream.builder(engine).streamSid(SID).quality(quality).build();
            // The path a call's player takes: payloads out of the ring, each message written into a reused buffer.
            io.github.voxbridge.twilio.protocol.OutboundMessageWriter writer =
                    new io.github.voxbridge.twilio.protocol.OutboundMessageWriter(SID);
            byte[] frame = new byte[160];
            java.nio.ByteBuffer message = java.nio.ByteBuffer.allocate(writer.mediaMessageLength(frame.length));
            // At least once (it must work), then until half the budget is gone.
            do {
                try (MediaMessages messages = stream.generate(text)) {
                    while (messages.hasNext()) {
                        messages.nextPayload(frame, 0);
                        message.clear();
                        writer.writeMediaMessage(frame, message);
                        spoken++;
                    }
                }
            } while (System.nanoTime() - (deadline - budgetNanos / 2) < 0);
        }
        TwilioCodec codec = new TwilioCodec();
        VoiceActivityDetector vad = new VoiceActivityDetector(VadSettings.defaults(8000),
                new SpeechActivityListener() {
                    @Override
                    public void speechStarted(long onsetSample, long detectedAtSample) {
                    }

                    @Override
                    public void speechEnded(long endSample, long detectedAtSample) {
                    }
                });
        InboundTrackDecoder decoder8 = InboundTrackDecoder.at8kHz("inbound", vad);
        InboundTrackDecoder decoder16 = InboundTrackDecoder.at16kHz("inbound", (pcm, offset, length) -> { });
        byte[] payload = new byte[160];
        long decoded = 0;
        codec.parse(codec.write(new InboundMessage.Start(1, SID, "AC00000000000000000000000000000000",
                "CA00000000000000000000000000000000", List.of("inbound"), Map.of(),
                InboundMessage.MediaFormat.TWILIO)));
        for (long chunk = 1; System.nanoTime() - deadline < 0; chunk++) {
            for (int i = 0; i < payload.length; i++) {
                // A 400 Hz tone that comes and goes every second: speech starts and ends for the detector.
                double s = (chunk / 50) % 2 == 0 ? 8000 * Math.sin(2 * Math.PI * 400 * (chunk * 160 + i) / 8000.0) : 0;
                payload[i] = io.github.voxbridge.dsp.codec.MuLaw.encode((short) s);
            }
            String json = codec.write(new InboundMessage.Media(chunk + 1, SID, "inbound", chunk, (chunk - 1) * 20,
                    payload));
            InboundMessage.Media media = (InboundMessage.Media) codec.parse(json);
            decoder8.accept(media);
            decoder16.accept(media);
            decoded++;
        }
        long spokenFrames = spoken;
        long decodedFrames = decoded;
        LOG.log(System.Logger.Level.INFO, () -> "warmed up: " + spokenFrames + " frames spoken, " + decodedFrames
                + " caller frames decoded");
        return new long[] {spoken, decoded};
    }
}
