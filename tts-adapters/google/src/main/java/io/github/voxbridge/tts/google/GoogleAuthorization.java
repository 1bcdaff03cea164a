package io.github.voxbridge.tts.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.http.HttpResponseException;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.auth.oauth2.UserCredentials;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.transport.http.ApiKey;
import io.github.voxbridge.tts.transport.http.HttpEngineClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * How the Google engine proves who it is: an API key on the URL ({@code ?key=}), or OAuth2 access tokens from
 * Google credentials sent as request headers ({@code Authorization: Bearer …}, and {@code x-goog-user-project}
 * when the credentials name a quota project), obtained and refreshed by Google's auth library
 * ({@code com.google.auth:google-auth-library-oauth2-http}) with the scope {@value #SCOPE} (tts-engines.md
 * section 5, "Auth": the proto's {@code oauth_scopes}).
 *
 * <p>Which one, in this order (issue 12: "an API key, or Application Default Credentials ... when no key is
 * given"):
 * <ol>
 *   <li>{@code -E api-key=...}, else {@value GoogleEngine#API_KEY_ENV};</li>
 *   <li>{@code -E credentials=<file>}, else the file {@value #CREDENTIALS_ENV} names: a service-account or an
 *       authorized-user JSON ({@code "type"} {@code service_account} or {@code authorized_user}), loaded with the
 *       type's own loader. Other types (external accounts, which may run a program named in the file) are refused:
 *       Google's advice is not to hand unchecked credential files to the generic loader
 *       (https://cloud.google.com/docs/authentication/client-libraries#external-credentials);</li>
 *   <li>the rest of Application Default Credentials through
 *       {@link GoogleCredentials#getApplicationDefault()}: gcloud's
 *       {@code application_default_credentials.json}, then the metadata server on Google Cloud. The library
 *       probes the metadata server with up to 3 tries of a 500 ms connect timeout (1.57.0,
 *       {@code ComputeEngineCredentials.pingComputeEngineMetadata}) but no bound on the name lookup of
 *       {@code metadata.google.internal} nor on reading; so the whole lookup is bounded here by
 *       {@link #LOOKUP_TIMEOUT_MS}.</li>
 * </ol>
 * None of these: {@link TtsException.Kind#AUTH} at {@code create()} naming both variables.
 *
 * <p>The library's retries are switched off ({@code createWithCustomRetryStrategy(false)}): as for every engine,
 * retrying is a decorator's decision. A token the endpoint refuses (400 {@code invalid_grant}, 401, 403) is AUTH; a
 * token endpoint that cannot be reached or answers 5xx is UNAVAILABLE. Never in a message or {@link #toString()}:
 * the key, an access token, a refresh token or a private key. Note that the library's own {@code toString()} of
 * credentials shows the access token (and the refresh token of user credentials), so it is never called here.
 */
final class GoogleAuthorization {

    /** The OAuth2 scope the Text-to-Speech API asks for (cloud_tts.proto {@code oauth_scopes}). */
    static final String SCOPE = "https://www.googleapis.com/auth/cloud-platform";
    /** The environment variable naming a credentials JSON file, as Application Default Credentials define it. */
    static final String CREDENTIALS_ENV = "GOOGLE_APPLICATION_CREDENTIALS";
    /** The most the Application Default Credentials lookup may take, in ms (see the class comment). */
    static final long LOOKUP_TIMEOUT_MS = 10_000;

    /** Application Default Credentials as the library finds them; a parameter so tests control the machine's. */
    @FunctionalInterface
    interface DefaultCredentialsLookup {
        /** The credentials found, unscoped; an IOException with the library's reason if there are none. */
        GoogleCredentials find() throws IOException;
    }

    /** The library's own lookup, bounded by {@link #LOOKUP_TIMEOUT_MS}. */
    static final DefaultCredentialsLookup APPLICATION_DEFAULT = GoogleAuthorization::applicationDefault;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiKey key;
    private final GoogleCredentials credentials;
    private final String description;

    private GoogleAuthorization(ApiKey key, GoogleCredentials credentials, String description) {
        this.key = key;
        this.credentials = credentials;
        this.description = description;
    }

    /**
     * The authorization for the given options and environment, in the order of the class comment.
     *
     * @param apiKey          {@code -E api-key}, or null
     * @param credentialsFile {@code -E credentials}, or null
     * @param environment     {@code System::getenv} in production
     * @param lookup          {@link #APPLICATION_DEFAULT} in production
     * @throws TtsException AUTH if nothing usable is found, naming what to set
     */
    static GoogleAuthorization resolve(String apiKey, String credentialsFile, Function<String, String> environment,
            DefaultCredentialsLookup lookup) throws TtsException {
        String keyValue = apiKey != null ? apiKey : environment.apply(GoogleEngine.API_KEY_ENV);
        if (keyValue != null && !keyValue.isBlank()) {
            return new GoogleAuthorization(ApiKey.require(GoogleEngine.NAME, keyValue, GoogleEngine.API_KEY_ENV, ""),
                    null, "API key");
        }
        if (credentialsFile != null) {
            return fromFile(credentialsFile, "option credentials");
        }
        String named = environment.apply(CREDENTIALS_ENV);
        if (named != null && !named.isBlank()) {
            return fromFile(named, CREDENTIALS_ENV);
        }
        GoogleCredentials found;
        try {
            found = lookup.find();
        } catch (IOException e) {
            throw new TtsException(TtsException.Kind.AUTH, GoogleEngine.NAME, "no credentials: set "
                    + GoogleEngine.API_KEY_ENV + " (or -E api-key=...) to an API key, or " + CREDENTIALS_ENV
                    + " (or -E credentials=...) to a service-account JSON file, or run 'gcloud auth "
                    + "application-default login'; Application Default Credentials: "
                    + TtsException.excerpt(String.valueOf(e.getMessage()), 200));
        }
        return new GoogleAuthorization(null, found.createScoped(List.of(SCOPE)).createWithCustomRetryStrategy(false),
                "Application Default Credentials (" + found.getClass().getSimpleName() + ")");
    }

    private static GoogleAuthorization fromFile(String file, String source) throws TtsException {
        Path path;
        byte[] json;
        try {
            path = Path.of(file.strip());
            json = Files.readAllBytes(path);
        } catch (IOException | InvalidPathException e) {
            throw new TtsException(TtsException.Kind.AUTH, GoogleEngine.NAME, "credentials file "
                    + TtsException.excerpt(file, 120) + " (" + source + ") cannot be read: "
                    + e.getClass().getSimpleName());
        }
        String type;
        try {
            JsonNode root = JSON.readTree(json);
            type = root == null ? "" : root.path("type").asText("");
        } catch (IOException e) {
            // not kept as the cause and its message not shown: Jackson quotes the text, which holds secrets
            throw new TtsException(TtsException.Kind.AUTH, GoogleEngine.NAME, "credentials file " + path + " ("
                    + source + ") is not JSON");
        }
        GoogleCredentials credentials;
        try (InputStream in = Files.newInputStream(path)) {
            credentials = switch (type) {
                case "service_account" -> ServiceAccountCredentials.fromStream(in);
                case "authorized_user" -> UserCredentials.fromStream(in);
                default -> throw new TtsException(TtsException.Kind.AUTH, GoogleEngine.NAME, "credentials file "
                        + path + " (" + source + ") has \"type\": " + TtsException.excerpt(type, 40)
                        + "; supported: service_account, authorized_user");
            };
        } catch (IOException e) {
            // The library's messages name the missing or malformed field, not its value.
            throw new TtsException(TtsException.Kind.AUTH, GoogleEngine.NAME, "credentials file " + path + " ("
                    + source + ") is not a usable " + type + " JSON: "
                    + TtsException.excerpt(String.valueOf(e.getMessage()), 160));
        }
        return new GoogleAuthorization(null,
                credentials.createScoped(List.of(SCOPE)).createWithCustomRetryStrategy(false),
                type.replace('_', ' ') + " credentials from " + path);
    }

    private static GoogleCredentials applicationDefault() throws IOException {
        ExecutorService thread = Executors.newVirtualThreadPerTaskExecutor();
        try {
            Future<GoogleCredentials> found = thread.submit(() -> GoogleCredentials.getApplicationDefault());
            return found.get(LOOKUP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("none found within " + LOOKUP_TIMEOUT_MS + " ms (the metadata server probe did "
                    + "not finish)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while looking for them");
        } finally {
            thread.shutdownNow();
        }
    }

    /** The key, for redaction of vendor messages; null with credentials. */
    ApiKey key() {
        return key;
    }

    /** Where requests go: {@code endpoint} with {@code ?key=} in key mode, else {@code endpoint} itself. */
    URI uri(URI endpoint) {
        return key == null ? endpoint
                : URI.create(endpoint + "?key=" + URLEncoder.encode(key.value(), StandardCharsets.UTF_8));
    }

    /**
     * Adds the credentials' request headers (a bearer token, refreshed by the library when it is about to expire:
     * blocking, on the calling thread) to {@code request}; nothing in key mode.
     *
     * @throws TtsException AUTH if the token endpoint refuses the credentials (4xx), RATE_LIMITED on its 429,
     *                      UNAVAILABLE if it cannot be reached or fails (5xx)
     */
    void authorize(HttpRequest.Builder request, URI endpoint) throws TtsException {
        if (credentials == null) {
            return;
        }
        Map<String, List<String>> headers;
        try {
            headers = credentials.getRequestMetadata(endpoint);
        } catch (IOException e) {
            throw tokenFailure(e);
        }
        headers.forEach((name, values) -> values.forEach(value -> request.header(name, value)));
    }

    private TtsException tokenFailure(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpResponseException refused) {
                int status = refused.getStatusCode();
                TtsException.Kind kind = status == 429 ? TtsException.Kind.RATE_LIMITED
                        : status >= 400 && status < 500 ? TtsException.Kind.AUTH : TtsException.Kind.UNAVAILABLE;
                // The cause is not kept: its message repeats the whole response. What the endpoint says is
                // its OAuth2 error (RFC 6749 section 5.2), which carries no secret.
                return new TtsException(kind, GoogleEngine.NAME, "the token endpoint answered HTTP " + status
                        + " to " + description + ": " + oauthError(refused.getContent()));
            }
        }
        return new TtsException(TtsException.Kind.UNAVAILABLE, GoogleEngine.NAME, "cannot get an access token for "
                + description + ": " + HttpEngineClient.describe(e, null), e);
    }

    /** {@code error: error_description} of an OAuth2 error body, else the body's start. */
    private static String oauthError(String body) {
        if (body == null || body.isBlank()) {
            return "(no body)";
        }
        try {
            JsonNode root = JSON.readTree(body);
            if (root != null && root.path("error").isTextual()) {
                String description = root.path("error_description").asText("");
                return TtsException.excerpt(root.path("error").asText() + (description.isEmpty() ? ""
                        : ": " + description), 200);
            }
        } catch (IOException notJson) {
            // shown as text below
        }
        return TtsException.excerpt(body, 200);
    }

    /** Which kind of authorization, and the credentials file it came from; never a secret. */
    @Override
    public String toString() {
        return description;
    }
}
