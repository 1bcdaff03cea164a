package io.github.voxbridge.tts.polly;

import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.TtsException.Kind;
import io.github.voxbridge.tts.transport.http.HttpFailures;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The SDK's exceptions as {@link TtsException}s of the kind a caller needs (issue 12, "Errors"; tts-engines.md
 * section 7, "Errors"):
 * <ul>
 *   <li>an error response ({@link AwsServiceException}): the HTTP status through {@link HttpFailures#kindOf}, then the
 *       error code ({@code x-amzn-ErrorType}, which the SDK reads before the body's {@code __type}) where it means
 *       something else: {@code ThrottlingException} (sent as <em>400</em>, Polly limits page) is RATE_LIMITED; the
 *       signature and credential codes ({@link #AUTH_CODES}) are AUTH whatever their status; {@code
 *       ServiceUnavailable}/{@code ServiceFailureException} are UNAVAILABLE. The message is the status, the code and
 *       Polly's own message, excerpted;</li>
 *   <li>no credentials found by the chain: AUTH, naming the ways to provide them;</li>
 *   <li>no connection, a timeout, a connection lost (an {@link IOException} under the SDK's exception):
 *       UNAVAILABLE;</li>
 *   <li>anything else the SDK reports without a response (a reply it cannot parse): PROTOCOL.</li>
 * </ul>
 * Never a credential: the SDK's messages name providers and profiles, not keys, and only Polly's error message and
 * the exception's own message are kept.
 */
final class PollyFailures {

    /** What to do when the SDK's credentials chain finds nothing, for the AUTH message. */
    static final String HOW_TO_PROVIDE_CREDENTIALS = "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or "
            + "AWS_PROFILE / ~/.aws/credentials (aws configure), or run with an IAM role";

    /**
     * Error codes that mean the credentials or the signature were refused (AWS common errors,
     * https://docs.aws.amazon.com/polly/latest/dg/CommonErrors.html), whatever status they come with.
     */
    static final Set<String> AUTH_CODES = Set.of("UnrecognizedClientException", "InvalidSignatureException",
            "InvalidClientTokenId", "IncompleteSignature", "MissingAuthenticationToken", "AccessDeniedException",
            "ExpiredTokenException", "SignatureDoesNotMatch", "NotAuthorized");

    /** Error codes of throttling (AWS SDK v2 {@code RetryUtils} lists these as throttling). */
    static final Set<String> THROTTLING_CODES = Set.of("ThrottlingException", "Throttling", "TooManyRequestsException",
            "RequestLimitExceeded", "ProvisionedThroughputExceededException", "RequestThrottled");

    /** Error codes of the service failing, whatever status they come with. */
    static final Set<String> UNAVAILABLE_CODES = Set.of("ServiceUnavailable", "ServiceUnavailableException",
            "ServiceFailureException", "InternalFailure");

    private static final int MESSAGE_CHARS = 300;

    private PollyFailures() {
    }

    /** The failure {@code e} of a request to {@code endpoint} (for messages), as a {@link TtsException}. */
    static TtsException of(SdkException e, String endpoint) {
        if (e instanceof AwsServiceException service) {
            return ofResponse(service);
        }
        if (isMissingCredentials(e)) {
            return new TtsException(Kind.AUTH, PollyEngine.NAME, "no AWS credentials found: "
                    + HOW_TO_PROVIDE_CREDENTIALS + " (the SDK: " + TtsException.excerpt(e.getMessage(), 200) + ")");
        }
        IOException io = ioCause(e);
        if (io != null) {
            return new TtsException(Kind.UNAVAILABLE, PollyEngine.NAME, "no response from " + endpoint + ": "
                    + io.getClass().getSimpleName() + (io.getMessage() == null ? ""
                            : ": " + TtsException.excerpt(io.getMessage(), MESSAGE_CHARS)), e);
        }
        return new TtsException(Kind.PROTOCOL, PollyEngine.NAME, "request to " + endpoint + " failed: "
                + TtsException.excerpt(String.valueOf(e.getMessage()), MESSAGE_CHARS), e);
    }

    private static TtsException ofResponse(AwsServiceException e) {
        int status = e.statusCode();
        AwsErrorDetails details = e.awsErrorDetails();
        String code = details == null || details.errorCode() == null ? "" : details.errorCode();
        String vendorMessage = details == null ? null : details.errorMessage();
        Kind kind = kindOf(status, code);
        String message = "HTTP " + status + (code.isEmpty() ? "" : " " + TtsException.excerpt(code, 80))
                + (vendorMessage == null || vendorMessage.isBlank() ? ""
                        : ": " + TtsException.excerpt(vendorMessage.strip(), MESSAGE_CHARS));
        Duration retryAfter = kind.retryable() && details != null && details.sdkHttpResponse() != null
                ? HttpFailures.retryAfter(HttpHeaders.of(details.sdkHttpResponse().headers(), (k, v) -> true),
                        Instant.now()).orElse(null)
                : null;
        return new TtsException(kind, PollyEngine.NAME, message, null, retryAfter);
    }

    /** The kind of an error response of HTTP {@code status} with error code {@code code} (may be empty). */
    static Kind kindOf(int status, String code) {
        if (THROTTLING_CODES.contains(code)) {
            return Kind.RATE_LIMITED;
        }
        if (AUTH_CODES.contains(code)) {
            return Kind.AUTH;
        }
        if (UNAVAILABLE_CODES.contains(code)) {
            return Kind.UNAVAILABLE;
        }
        Kind kind = HttpFailures.kindOf(status);
        // Not an error status (the SDK saw an error body under a 2xx or 3xx): Polly's reply is not usable as sent.
        return kind == null ? Kind.PROTOCOL : kind;
    }

    /** The credentials chain's "Unable to load credentials from any of the providers in the chain" and its kin. */
    static boolean isMissingCredentials(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && m.contains("Unable to load credentials")) {
                return true;
            }
        }
        return false;
    }

    private static IOException ioCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException io) {
                return io;
            }
        }
        return null;
    }
}
