package io.github.voxbridge.tts.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OAuth2 token endpoint on loopback ({@code POST /token}, RFC 6749 section 4 and RFC 7523 for the JWT bearer
 * grant), as Google's auth library calls it: for a service account, {@code grant_type=
 * urn:ietf:params:oauth:grant-type:jwt-bearer} with an RS256-signed {@code assertion} whose signature is verified
 * with the account's public key and whose {@code aud}, {@code iss} and {@code scope} are checked; for an authorized user,
 * {@code grant_type=refresh_token} with the expected {@code refresh_token}, {@code client_id} and
 * {@code client_secret}. A valid request gets {@code {"access_token":"ya29.issued-N","expires_in":…,
 * "token_type":"Bearer"}}, N counting from 1; anything else 400 {@code invalid_grant}. {@link #refuse} scripts an
 * error answer instead.
 */
final class FakeTokenEndpoint implements AutoCloseable {

    static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    /**
     * The {@code aud} of a service account's assertion: Google's token endpoint, also when {@code token_uri} points
     * elsewhere (as the library 1.57.0 writes it; Google checks the audience, not where the request arrived).
     */
    static final String GOOGLE_TOKEN_AUDIENCE = "https://oauth2.googleapis.com/token";

    /** The form fields of each request. */
    final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    /** The tokens issued so far. */
    final Set<String> issued = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger counter = new AtomicInteger();
    private volatile PublicKey serviceAccountKey;
    private volatile String refreshToken;
    private volatile String clientSecret;
    private volatile int expiresInSeconds = 3600;
    private volatile int refusalStatus;
    private volatile String refusalBody;

    FakeTokenEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(executor);
        server.createContext("/token", this::handle);
        server.start();
    }

    /** The {@code token_uri} to write into a credentials file. */
    String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    void acceptServiceAccount(PublicKey key) {
        serviceAccountKey = key;
    }

    void acceptRefreshToken(String token, String secret) {
        refreshToken = token;
        clientSecret = secret;
    }

    /** The {@code expires_in} of the tokens issued from now on, in seconds. */
    void expiresIn(int seconds) {
        expiresInSeconds = seconds;
    }

    /** From now on every request gets {@code status} with {@code body}. */
    void refuse(int status, String body) {
        refusalBody = body;
        refusalStatus = status;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            requests.add(form);
            if (refusalStatus != 0) {
                answer(exchange, refusalStatus, refusalBody);
            } else if (!"POST".equals(exchange.getRequestMethod()) || !validGrant(form)) {
                answer(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"Bad request.\"}");
            } else {
                String token = "ya29.issued-" + counter.incrementAndGet();
                issued.add(token);
                answer(exchange, 200, FakeGoogleServer.JSON.createObjectNode().put("access_token", token)
                        .put("expires_in", expiresInSeconds).put("token_type", "Bearer").toString());
            }
        }
    }

    private boolean validGrant(Map<String, String> form) {
        String grant = form.getOrDefault("grant_type", "");
        if (grant.equals(JWT_BEARER) && serviceAccountKey != null) {
            return validAssertion(form.getOrDefault("assertion", ""));
        }
        return grant.equals("refresh_token") && refreshToken != null
                && refreshToken.equals(form.get("refresh_token")) && clientSecret.equals(form.get("client_secret"))
                && form.get("client_id") != null;
    }

    /** RS256 over {@code header.claims} with the account's key; {@code aud} Google's endpoint, the TTS scope. */
    private boolean validAssertion(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return false;
        }
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initVerify(serviceAccountKey);
            rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rs256.verify(Base64.getUrlDecoder().decode(parts[2]))) {
                return false;
            }
            JsonNode header = FakeGoogleServer.JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
            JsonNode claims = FakeGoogleServer.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return header.path("alg").asText().equals("RS256") && claims.path("aud").asText().equals(GOOGLE_TOKEN_AUDIENCE)
                    && claims.path("scope").asText().equals(GoogleAuthorization.SCOPE)
                    && claims.path("iss").isTextual();
        } catch (Exception e) {
            return false;
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
