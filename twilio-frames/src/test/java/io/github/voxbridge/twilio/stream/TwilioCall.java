package io.github.voxbridge.twilio.stream;

import io.github.voxbridge.tts.TtsEngine;
import io.github.voxbridge.twilio.protocol.InboundMessage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

// The README's Jetty 12 endpoint, whole: the region below is README.md's block, character for character
// (DocumentationExamplesTest), and TwilioExamplesTest serves it to simulated Twilio calls.
// @start region="readme-twilio-call"
public final class TwilioCall extends Session.Listener.AbstractAutoDemanding {  // one per call (Jetty 12)
    private final TtsEngine engine;                                             // shared by every call
    private OutboundPlayer player;

    public TwilioCall(TtsEngine engine) {
        this.engine = engine;
    }

    @Override
    public void onWebSocketOpen(Session session) {
        super.onWebSocketOpen(session);
        // Paces media 200 ms ahead of playback, marks each utterance, clears Twilio's buffer on barge-in.
        player = OutboundPlayer.builder(engine).build(json -> {                // one text frame per message
            try {
                Callback.Completable.with(sent -> session.sendText(json, sent)).get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while sending to Twilio");
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("sending to Twilio failed", e);          // ends this call's player
            }
        });
    }

    @Override
    public void onWebSocketText(String json) {
        InboundMessage message = player.onMessage(json);                       // start, mark echoes, stop
        if (message instanceof InboundMessage.Start) {
            player.play("Thanks for calling. How can I help?");
        }
        // media: the caller's audio, for speech recognition; then player.play(reply) or player.interrupt()
    }

    @Override
    public void onWebSocketClose(int status, String reason, Callback callback) {
        player.close();
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        player.close();
    }
}
// @end region="readme-twilio-call"
