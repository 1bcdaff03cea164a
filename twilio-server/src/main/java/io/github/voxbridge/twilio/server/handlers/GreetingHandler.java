package io.github.voxbridge.twilio.server.handlers;

import io.github.voxbridge.twilio.server.call.Call;
import io.github.voxbridge.twilio.server.call.CallHandler;
import java.util.Objects;

/** Says one greeting when the call starts, then listens (the caller can interrupt it by speaking). */
public final class GreetingHandler implements CallHandler {

    private final String greeting;

    /** @param greeting the text spoken first; empty for silence */
    public GreetingHandler(String greeting) {
        this.greeting = Objects.requireNonNull(greeting, "greeting");
    }

    @Override
    public void onStart(Call call) {
        if (!greeting.isBlank()) {
            call.say(greeting);
        }
    }

    @Override
    public String toString() {
        return "greeting \"" + greeting + "\"";
    }
}
