package io.github.voxbridge.twilio.server;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Records what a {@link ClientFrameParser} hands on, as readable lines (text in hex, so any bytes compare). */
final class RecordingSink implements ClientFrameParser.Sink {

    final List<String> events = new ArrayList<>();

    @Override
    public void text(byte[] utf8, int length) {
        events.add("text " + HexFormat.of().formatHex(utf8, 0, length));
    }

    @Override
    public void binary(long length) {
        events.add("binary " + length);
    }

    @Override
    public void ping(byte[] payload, int length) {
        events.add("ping " + HexFormat.of().formatHex(payload, 0, length));
    }

    @Override
    public void closeFrame(int code, String reason) {
        events.add("close " + code + " " + reason);
    }
}
