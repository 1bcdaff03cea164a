package io.github.voxbridge.twilio.stream;

import java.io.IOException;

/**
 * Where an {@link OutboundPlayer} writes its messages: one call's WebSocket, adapted from whatever library the
 * server uses. Each message is one complete JSON text that must go out as one WebSocket <b>text</b> frame (Twilio
 * drops binary frames).
 *
 * {@snippet id="text-transport-jetty" :
 * // Jetty 12: wait until each frame is written, so messages keep their order and failures surface here
 * TextTransport transport = json -> {
 *     try {
 *         Callback.Completable.with(sent -> session.sendText(json, sent)).get(5, TimeUnit.SECONDS);
 *     } catch (InterruptedException e) {
 *         Thread.currentThread().interrupt();
 *         throw new InterruptedIOException("interrupted while sending to Twilio");
 *     } catch (ExecutionException | TimeoutException e) {
 *         throw new IOException("sending to Twilio failed", e);
 *     }
 * };
 * }
 *
 * <p>The player never calls {@link #send} from two threads at once, and sends in the order the messages must
 * arrive; an implementation need not be thread-safe. It should return once the message is handed to the socket
 * (a few milliseconds): while it blocks, the player cannot send the next frame nor a {@code clear}.
 *
 * <p>Each media message is a new {@code String} here. A {@link Utf8TextTransport} gets them as bytes from one reused
 * buffer instead, with nothing allocated per frame.
 */
@FunctionalInterface
public interface TextTransport {

    /**
     * Sends one message.
     *
     * @param json a complete Twilio message (media, mark or clear), ASCII
     * @throws IOException if the connection is broken; the player then ends, as if Twilio had sent {@code stop}
     */
    void send(String json) throws IOException;
}
