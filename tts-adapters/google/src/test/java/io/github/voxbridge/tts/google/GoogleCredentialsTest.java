package io.github.voxbridge.tts.google;

import static io.github.voxbridge.tts.google.FakeGoogleServer.muLawWav;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.auth.oauth2.ServiceAccountCredentials;
import io.github.voxbridge.tts.CancellationToken;
import io.github.voxbridge.tts.RecordingSink;
import io.github.voxbridge.tts.TtsException;
import io.github.voxbridge.tts.TtsException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OAuth2 credentials instead of an API key, for real: Google's auth library signs a JWT with a service account's
 * RSA key generated here (or sends an authorized user's refresh token) to {@link FakeTokenEndpoint}, which checks
 * it and issues tokens, and {@link FakeGoogleServer} accepts only {@code Authorization: Bearer} with an issued
 * token and no key.
 */
class GoogleCredentialsTest {

    /** Distinctive, so a test can search every output for them. */
    private static final String REFRESH_TOKEN = "1//refresh-DISTINCTIVE-t0ken";
    private static final String CLIENT_SECRET = "client-secret-DISTINCTIVE";
    /** No lookup of this machine's Application Default Credentials: tests must not depend on them. */
    private static final GoogleAuthorization.DefaultCredentialsLookup NONE = () -> {
        throw new IOException("Your default credentials were not found.");
    };

    @TempDir
    Path dir;
    private FakeTokenEndpoint tokens;
    private FakeGoogleServer server;
    /** The service account's RSA key pair, generated once (2048-bit generation is slow on a busy machine). */
    private static KeyPair keys;
    private final List<String> outputs = new ArrayList<>();

    @BeforeAll
    static void generateKeys() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        keys = rsa.generateKeyPair();
    }

    @BeforeEach
    void start() throws Exception {
        tokens = new FakeTokenEndpoint();
        server = FakeGoogleServer.withBearerTokens(tokens.issued::contains);
        server.respond((exchange, request) -> FakeGoogleServer.audio(exchange, muLawWav(new byte[] {1, 2, 3})));
        tokens.acceptServiceAccount(keys.getPublic());
        tokens.acceptRefreshToken(REFRESH_TOKEN, CLIENT_SECRET);
    }

    @AfterEach
    void stop() {
        server.close();
        tokens.close();
    }

    private static String privateKeyBase64() {
        return Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded());
    }

    private Path serviceAccountJson(String tokenUri) throws IOException {
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        String json = FakeGoogleServer.JSON.createObjectNode().put("type", "service_account")
                .put("project_id", "voxbridge-test").put("private_key_id", "kid-1").put("private_key", pem)
                .put("client_email", "tts@voxbridge-test.iam.gserviceaccount.com").put("client_id", "1234567890")
                .put("token_uri", tokenUri).toString();
        return Files.writeString(dir.resolve("service-account.json"), json);
    }

    private Path authorizedUserJson() throws IOException {
        String json = FakeGoogleServer.JSON.createObjectNode().put("type", "authorized_user")
                .put("client_id", "client-1.apps.googleusercontent.com").put("client_secret", CLIENT_SECRET)
                .put("refresh_token", REFRESH_TOKEN).put("token_uri", tokens.uri())
                .put("quota_project_id", "quota-project-7").toString();
        return Files.writeString(dir.resolve("authorized-user.json"), json);
    }

    private GoogleEngine engine(Path credentials) throws TtsException {
        GoogleEngine engine = GoogleEngine.create(Map.of("base-url", server.baseUrl(), "credentials",
                credentials.toString()), name -> null, NONE);
        outputs.add(engine.toString());
        return engine;
    }

    private TtsException failure(GoogleEngine engine) {
        try {
            engine.synthesize("Hello.", new RecordingSink(), new CancellationToken());
        } catch (TtsException e) {
            outputs.add(e.getMessage());
            outputs.add(String.valueOf(e));
            return e;
        }
        throw new AssertionError("synthesize succeeded");
    }

    private void speak(GoogleEngine engine) throws TtsException {
        RecordingSink sink = new RecordingSink();
        engine.synthesize("Hello.", sink, new CancellationToken());
        assertThat(sink.bytes()).containsExactly(1, 2, 3);
    }

    @Test
    void aServiceAccountFileGetsATokenSentAsBearerAndNoKey() throws Exception {
        try (GoogleEngine engine = engine(serviceAccountJson(tokens.uri()))) {
            speak(engine);
            speak(engine);
            assertThat(engine.toString()).contains("auth=service account credentials from " + dir);
        }
        // One token, valid for an hour, serves both requests.
        assertThat(tokens.requests).singleElement()
                .satisfies(form -> assertThat(form.get("grant_type")).isEqualTo(FakeTokenEndpoint.JWT_BEARER));
        assertThat(server.requests).hasSize(2).allSatisfy(r -> {
            assertThat(r.authorization()).isEqualTo("Bearer ya29.issued-1");
            assertThat(r.query()).isNull();
        });
        assertNoSecretIn(outputs);
    }

    @Test
    void aTokenAboutToExpireIsRefreshedBeforeTheNextRequest() throws Exception {
        // 60 s is inside the library's 3-minute expiration margin: each request needs a fresh token.
        tokens.expiresIn(60);
        try (GoogleEngine engine = engine(serviceAccountJson(tokens.uri()))) {
            speak(engine);
            speak(engine);
        }
        assertThat(tokens.requests).hasSize(2);
        assertThat(server.requests).extracting(FakeGoogleServer.Request::authorization)
                .containsExactly("Bearer ya29.issued-1", "Bearer ya29.issued-2");
    }

    @Test
    void theFileNamedByGoogleApplicationCredentialsIsUsedWhenNoOptionNamesOne() throws Exception {
        Path json = serviceAccountJson(tokens.uri());
        try (GoogleEngine engine = GoogleEngine.create(Map.of("base-url", server.baseUrl()),
                Map.of("GOOGLE_APPLICATION_CREDENTIALS", json.toString())::get, NONE)) {
            speak(engine);
        }
        assertThat(server.requests).singleElement()
                .satisfies(r -> assertThat(r.authorization()).isEqualTo("Bearer ya29.issued-1"));
    }

    @Test
    void applicationDefaultCredentialsFoundByTheLookupAreScopedAndUsed() throws Exception {
        Path json = serviceAccountJson(tokens.uri());
        GoogleAuthorization.DefaultCredentialsLookup found = () -> {
            try (InputStream in = Files.newInputStream(json)) {
                return ServiceAccountCredentials.fromStream(in); // unscoped, as the library's lookup returns it
            }
        };
        try (GoogleEngine engine = GoogleEngine.create(Map.of("base-url", server.baseUrl()), name -> null, found)) {
            speak(engine);
            assertThat(engine.toString()).contains("auth=Application Default Credentials "
                    + "(ServiceAccountCredentials)");
        }
        assertThat(server.requests).singleElement()
                .satisfies(r -> assertThat(r.authorization()).isEqualTo("Bearer ya29.issued-1"));
    }

    @Test
    void anAuthorizedUserFileRefreshesItsTokenAndNamesItsQuotaProject() throws Exception {
        try (GoogleEngine engine = engine(authorizedUserJson())) {
            speak(engine);
        }
        assertThat(tokens.requests).singleElement().satisfies(form -> {
            assertThat(form.get("grant_type")).isEqualTo("refresh_token");
            assertThat(form.get("refresh_token")).isEqualTo(REFRESH_TOKEN);
        });
        assertThat(server.requests).singleElement().satisfies(r -> {
            assertThat(r.authorization()).isEqualTo("Bearer ya29.issued-1");
            assertThat(r.userProject()).isEqualTo("quota-project-7");
        });
        assertNoSecretIn(outputs);
    }

    @Test
    void aTokenEndpointRefusingTheGrantIsAuthWithItsErrorAndNoSecret() throws Exception {
        tokens.refuse(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}");
        try (GoogleEngine engine = engine(serviceAccountJson(tokens.uri()))) {
            TtsException e = failure(engine);
            assertThat(e.kind()).isEqualTo(Kind.AUTH);
            assertThat(e.getMessage()).isEqualTo("google: the token endpoint answered HTTP 400 to service account "
                    + "credentials from " + dir.resolve("service-account.json") + ": 'invalid_grant: Invalid JWT "
                    + "Signature.'");
        }
        try (GoogleEngine engine = engine(authorizedUserJson())) {
            tokens.refuse(401, "{\"error\":\"unauthorized_client\"}");
            assertThat(failure(engine).kind()).isEqualTo(Kind.AUTH);
        }
        assertThat(server.requests).isEmpty();
        assertNoSecretIn(outputs);
    }

    @Test
    void aTokenEndpointThatCannotBeReachedOrFailsIsUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (GoogleEngine engine = engine(serviceAccountJson("http://127.0.0.1:" + closedPort + "/token"))) {
            TtsException e = failure(engine);
            assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
            assertThat(e.getMessage()).startsWith("google: cannot get an access token for service account "
                    + "credentials from ");
        }
        tokens.refuse(503, "Service Unavailable");
        try (GoogleEngine engine = engine(serviceAccountJson(tokens.uri()))) {
            assertThat(failure(engine).kind()).isEqualTo(Kind.UNAVAILABLE);
        }
        assertThat(server.requests).isEmpty();
        assertNoSecretIn(outputs);
    }

    @Test
    void noKeyAndNoCredentialsFailAtCreateNamingBothVariables() {
        for (Map<String, String> env : List.of(Map.<String, String>of(), Map.of("GOOGLE_API_KEY", " "))) {
            assertThatThrownBy(() -> GoogleEngine.create(Map.of(), env::get, NONE))
                    .isInstanceOfSatisfying(TtsException.class, e -> assertThat(e.kind()).isEqualTo(Kind.AUTH))
                    .hasMessage("google: no credentials: set GOOGLE_API_KEY (or -E api-key=...) to an API key, or "
                            + "GOOGLE_APPLICATION_CREDENTIALS (or -E credentials=...) to a service-account JSON "
                            + "file, or run 'gcloud auth application-default login'; Application Default "
                            + "Credentials: 'Your default credentials were not found.'");
        }
    }

    @Test
    void unusableCredentialsFilesAreAuthAtCreateWithoutTheirContents() throws Exception {
        Path absent = dir.resolve("absent.json");
        assertCreateFails(absent, "google: credentials file '" + absent + "' (option credentials) cannot be read: "
                + "NoSuchFileException");
        Path notJson = Files.writeString(dir.resolve("broken.json"), "{\"private_key\": \"" + privateKeyBase64());
        assertCreateFails(notJson, "google: credentials file " + notJson + " (option credentials) is not JSON");
        Path external = Files.writeString(dir.resolve("external.json"), "{\"type\":\"external_account\"}");
        assertCreateFails(external, "google: credentials file " + external + " (option credentials) has \"type\": "
                + "'external_account'; supported: service_account, authorized_user");
        Path incomplete = Files.writeString(dir.resolve("incomplete.json"), "{\"type\":\"authorized_user\","
                + "\"refresh_token\":\"" + REFRESH_TOKEN + "\"}");
        assertThatThrownBy(() -> engine(incomplete)).isInstanceOfSatisfying(TtsException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.AUTH);
            assertThat(e.getMessage()).startsWith("google: credentials file " + incomplete
                    + " (option credentials) is not a usable authorized_user JSON: ");
            outputs.add(e.getMessage());
        });
        assertNoSecretIn(outputs);
    }

    private void assertCreateFails(Path file, String message) {
        assertThatThrownBy(() -> engine(file)).isInstanceOfSatisfying(TtsException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.AUTH);
            outputs.add(String.valueOf(e));
        }).hasMessage(message);
    }

    /** No private key (a 40-character piece of its base64 suffices), token or refresh token or client secret. */
    private void assertNoSecretIn(List<String> texts) {
        String key = privateKeyBase64();
        for (String text : texts) {
            assertThat(text).doesNotContain(key.substring(100, 140)).doesNotContain("ya29.")
                    .doesNotContain(REFRESH_TOKEN).doesNotContain(CLIENT_SECRET).doesNotContain("PRIVATE KEY");
        }
        assertThat(texts).isNotEmpty();
    }
}
