package io.github.voxbridge.twilio.server.handlers;

import io.github.voxbridge.twilio.server.call.Call;
import io.github.voxbridge.twilio.server.call.CallHandler;
import java.util.Objects;

/**
 * Says a greeting, then answers each key the caller presses with "You pressed 5." (a new key interrupts the answer
 * still playing): a quick end-to-end check of a number, both directions.
 */
public final class DtmfEchoHandler implements CallHandler {

    private final String greeting;

    /** @param greeting the text spoken first; empty for none */
    public DtmfEchoHandler(String greeting) {
        this.greeting = Objects.requireNonNull(greeting, "greeting");
    }

    @Override
    public void onStart(Call call) {
        if (!greeting.isBlank()) {
            call.say(greeting);
        }
    }

    @Override
    public void onDtmf(Call call, String digit) {
        call.interrupt();
        call.say("You pressed " + spoken(digit) + ".");
    }

    /** How a key is read out: the digit itself, "star" and "pound" for the others. */
    static String spoken(String digit) {
        return switch (digit) {
            case "*" -> "star";
            case "#" -> "pound";
            default -> digit;
        };
    }

    @Override
    public String toString() {
        return "DTMF echo";
    }
}
