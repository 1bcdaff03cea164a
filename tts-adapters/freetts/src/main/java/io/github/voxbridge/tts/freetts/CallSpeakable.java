package io.github.voxbridge.tts.freetts;

import com.sun.speech.freetts.FreeTTSSpeakable;
import java.io.InputStream;
import org.w3c.dom.Document;

/**
 * The text of one call as FreeTTS wants it. FreeTTS asks {@link #isCompleted()} between sentences, between the
 * stages of a sentence and before every block of samples; answering {@code true} once the call is
 * {@link FreeTtsCall#stopped() stopped} is what makes it give up quietly (the stop through {@code write} alone
 * leaves it computing the rest of the sentence). Output is synchronous (no FreeTTS output queue), so
 * {@link #waitCompleted()} has nothing to wait for.
 */
final class CallSpeakable implements FreeTTSSpeakable {

    private final String text;
    private final FreeTtsCall call;
    private boolean completed;
    private boolean cancelledByFreeTts;

    CallSpeakable(String text, FreeTtsCall call) {
        this.text = text;
        this.call = call;
    }

    /** Whether FreeTTS gave up on its own (it reports its own failures this way, after printing them). */
    boolean cancelledByFreeTts() {
        return cancelledByFreeTts;
    }

    @Override
    public void started() {
    }

    @Override
    public void completed() {
        completed = true;
    }

    @Override
    public void cancelled() {
        if (!call.stopped()) {
            cancelledByFreeTts = true;
        }
        completed = true;
    }

    @Override
    public boolean isCompleted() {
        return completed || call.stopped();
    }

    @Override
    public boolean waitCompleted() {
        return !cancelledByFreeTts && !call.stopped();
    }

    @Override
    public boolean isPlainText() {
        return true;
    }

    @Override
    public boolean isStream() {
        return false;
    }

    @Override
    public boolean isDocument() {
        return false;
    }

    @Override
    public String getText() {
        return text;
    }

    @Override
    public Document getDocument() {
        return null;
    }

    @Override
    public InputStream getInputStream() {
        return null;
    }
}
