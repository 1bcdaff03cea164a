package io.github.voxbridge.twilioapp;

import io.github.voxbridge.twilio.protocol.InboundMessage;
import io.github.voxbridge.twilio.protocol.OutboundMessage;
import io.github.voxbridge.twilio.protocol.TwilioCodec;
import java.util.Arrays;

/** Parses an inbound message and writes and re-reads an outbound one, printing one fact per line. */
public final class CodecMain {

    private CodecMain() {
    }

    public static void main(String[] args) {
        TwilioCodec codec = new TwilioCodec();
        System.out.println("twilio module: " + TwilioCodec.class.getModule().getName());
        InboundMessage connected = codec.parse("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}");
        System.out.println("parsed: " + connected);
        byte[] payload = {(byte) 0xFF, 0x7F, 0x00, 0x12};
        String json = codec.write(new OutboundMessage.Media("MZ0123", payload));
        System.out.println("written: " + json);
        OutboundMessage back = codec.parseOutbound(json);
        boolean same = back instanceof OutboundMessage.Media media && media.streamSid().equals("MZ0123")
                && Arrays.equals(media.payload(), payload);
        System.out.println("round trip: " + (same ? "equal" : "different: " + back));
    }
}
