package io.github.voxbridge.tts;

/**
 * A {@link TtsException} carried through an API that cannot throw checked exceptions (an {@link java.util.Iterator},
 * a {@link java.util.concurrent.Flow.Subscriber#onError}). The cause is always the original exception, with its
 * {@link TtsException#kind() kind} and {@link TtsException#engine() engine}.
 */
public final class UncheckedTtsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Wraps {@code cause}; the message is the cause's. */
    public UncheckedTtsException(TtsException cause) {
        super(cause.getMessage(), cause);
    }

    @Override
    public synchronized TtsException getCause() {
        return (TtsException) super.getCause();
    }

    /** The kind of the failure: {@code getCause().kind()}. */
    public TtsException.Kind kind() {
        return getCause().kind();
    }
}
