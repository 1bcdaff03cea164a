package io.github.voxbridge.tts.polly;

import io.github.voxbridge.tts.CancellationToken;
import java.io.IOException;
import java.util.List;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * The SDK's HTTP client with one addition: the request a {@code synthesize} call makes is aborted when that call's
 * {@link CancellationToken} is cancelled, whether the call is still waiting for the response headers or already
 * reading the body.
 *
 * <p>Why a wrapper: the SDK's synchronous client blocks the calling thread in the HTTP client until the headers
 * arrive and offers no handle to abort it from another thread; aborting the {@link ExecutableHttpRequest} is how the
 * SDK's own timeouts do it (for the URLConnection client, {@code HttpURLConnection.disconnect()}, which closes the
 * socket and wakes the blocked read with an exception). The synchronous client prepares the request on the calling
 * thread, so the token travels in a thread-local set by {@link #withCancel} around the SDK call, with a list that
 * collects the abort actions registered, for the caller to remove once it has read the body.
 */
final class CancellableHttpClient implements SdkHttpClient {

    /** The token of the SDK call running on this thread, and where its abort actions are recorded. */
    private record Current(CancellationToken cancel, List<CancellationToken.Registration> hooks) {
    }

    private static final ThreadLocal<Current> CURRENT = new ThreadLocal<>();

    private final SdkHttpClient delegate;

    CancellableHttpClient(SdkHttpClient delegate) {
        this.delegate = delegate;
    }

    /** An SDK call made on this thread. */
    @FunctionalInterface
    interface Call<T> {
        T run();
    }

    /**
     * Runs {@code call} on this thread with the requests it prepares aborted when {@code cancel} is cancelled.
     *
     * @param hooks receives the abort actions registered with {@code cancel}; the caller removes them when the
     *              response is read, so a token that outlives the call keeps none of them
     */
    static <T> T withCancel(CancellationToken cancel, List<CancellationToken.Registration> hooks, Call<T> call) {
        Current outer = CURRENT.get();
        CURRENT.set(new Current(cancel, hooks));
        try {
            return call.run();
        } finally {
            CURRENT.set(outer);
        }
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        ExecutableHttpRequest prepared = delegate.prepareRequest(request);
        Current current = CURRENT.get();
        if (current == null) {
            return prepared;
        }
        AbortUntilReturned abortable = new AbortUntilReturned(prepared);
        // at once if already cancelled: call() then fails
        current.hooks().add(current.cancel().onCancel(abortable::abort));
        return abortable;
    }

    /**
     * A prepared request whose {@link #abort} keeps aborting until {@link #call} has returned.
     *
     * <p>Why: {@code HttpURLConnection} sends a POST body it buffered again, on a new connection, when writing it
     * fails once ({@code writeRequests}, "failedOnce"), and the SDK's request is such a POST. A cancel whose
     * {@code disconnect()} lands while the request is being written therefore does not stop the call: the JDK opens
     * another connection, sends the request again and waits for its response (PollyEngineTest's cancel before the
     * headers hung for its 20 s in a loaded CI run). {@code disconnect()} closes the connection the
     * {@code HttpURLConnection} holds at that moment, so aborting again until the call returns also ends the one
     * the JDK opened: every {@value #ABORT_EVERY_MS} ms, at most {@value #ABORT_TRIES} times, on a virtual thread
     * that ends with the call.
     */
    static final class AbortUntilReturned implements ExecutableHttpRequest {
        static final int ABORT_EVERY_MS = 20;
        static final int ABORT_TRIES = 500;

        private final ExecutableHttpRequest prepared;
        private volatile boolean returned;

        AbortUntilReturned(ExecutableHttpRequest prepared) {
            this.prepared = prepared;
        }

        @Override
        public HttpExecuteResponse call() throws IOException {
            try {
                return prepared.call();
            } finally {
                returned = true;
            }
        }

        @Override
        public void abort() {
            prepared.abort();
            if (returned) {
                return;
            }
            Thread.ofVirtual().name("voxbridge-polly-abort").start(() -> {
                for (int i = 0; i < ABORT_TRIES && !returned; i++) {
                    try {
                        Thread.sleep(ABORT_EVERY_MS);
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (!returned) {
                        prepared.abort();
                    }
                }
            });
        }
    }

    @Override
    public String clientName() {
        return delegate.clientName();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
