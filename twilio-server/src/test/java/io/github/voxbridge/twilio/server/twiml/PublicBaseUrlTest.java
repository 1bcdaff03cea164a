package io.github.voxbridge.twilio.server.twiml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The configured public address and the URLs derived from it; every refused form with its message. */
class PublicBaseUrlTest {

    @Test
    void httpsBaseGivesWssStreamAndHttpsWebhookUrls() {
        PublicBaseUrl base = PublicBaseUrl.parse("https://example.org");
        assertThat(base.isSecure()).isTrue();
        assertThat(base.mediaStreamUrl()).isEqualTo("wss://example.org/twilio/media");
        assertThat(base.httpUrl(PublicBaseUrl.VOICE_PATH)).isEqualTo("https://example.org/twilio/voice");
        assertThat(base.httpUrl(PublicBaseUrl.STATUS_PATH)).isEqualTo("https://example.org/twilio/status");
        assertThat(base).hasToString("https://example.org");
    }

    @Test
    void prefixPortAndTrailingSlashAreKeptOrDropped() {
        PublicBaseUrl base = PublicBaseUrl.parse("https://example.org:8443/voice-bot/");
        assertThat(base.mediaStreamUrl()).isEqualTo("wss://example.org:8443/voice-bot/twilio/media");
        assertThat(base.httpUrl("/twilio/voice")).isEqualTo("https://example.org:8443/voice-bot/twilio/voice");
        assertThat(base).hasToString("https://example.org:8443/voice-bot").isEqualTo(
                PublicBaseUrl.parse("https://example.org:8443/voice-bot")).hasSameHashCodeAs(
                PublicBaseUrl.parse("https://example.org:8443/voice-bot")).isNotEqualTo(
                PublicBaseUrl.parse("https://example.org:8443")).isNotEqualTo("https://example.org:8443/voice-bot");
        assertThat(base.hashCode()).isEqualTo("https://example.org:8443/voice-bot".hashCode());
        assertThat(PublicBaseUrl.parse("https://example.org/").mediaStreamUrl())
                .isEqualTo("wss://example.org/twilio/media");
        assertThat(PublicBaseUrl.parse("HTTPS://Example.ORG/A%20b").mediaStreamUrl())
                .as("host and path as configured: Twilio signs them character for character")
                .isEqualTo("wss://Example.ORG/A%20b/twilio/media");
        assertThat(PublicBaseUrl.parse("https://[::1]:443").mediaStreamUrl()).isEqualTo("wss://[::1]:443/twilio/media");
    }

    @Test
    void httpBaseIsForLocalTestsAndGivesWs() {
        PublicBaseUrl base = PublicBaseUrl.parse("http://127.0.0.1:8080");
        assertThat(base.isSecure()).isFalse();
        assertThat(base.mediaStreamUrl()).isEqualTo("ws://127.0.0.1:8080/twilio/media");
        assertThat(base.httpUrl("/twilio/voice")).isEqualTo("http://127.0.0.1:8080/twilio/voice");
    }

    @Test
    void badBasesAreRefusedNamingTheProblem() {
        assertThatThrownBy(() -> PublicBaseUrl.parse(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("public URL is missing");
        assertThatThrownBy(() -> PublicBaseUrl.parse("  ")).hasMessageContaining("public URL is missing");
        assertThatThrownBy(() -> PublicBaseUrl.parse("wss://example.org"))
                .hasMessage("public URL \"wss://example.org\" must start with https:// (or http:// for local tests),"
                        + " not wss://");
        assertThatThrownBy(() -> PublicBaseUrl.parse("example.org"))
                .hasMessageContaining("must start with https://").hasMessageContaining("not no scheme");
        assertThatThrownBy(() -> PublicBaseUrl.parse("https://example.org/?token=1"))
                .hasMessageContaining("has a query string (?token=1)");
        assertThatThrownBy(() -> PublicBaseUrl.parse("https://example.org/#top"))
                .hasMessageContaining("has a fragment (#top)");
        assertThatThrownBy(() -> PublicBaseUrl.parse("https://user:pw@example.org"))
                .hasMessageContaining("has user information");
        assertThatThrownBy(() -> PublicBaseUrl.parse("https:///path")).hasMessageContaining("has no host name");
        assertThatThrownBy(() -> PublicBaseUrl.parse("https://exa_mple.org")).hasMessageContaining("no host name");
        assertThatThrownBy(() -> PublicBaseUrl.parse("https://example.org/a b"))
                .hasMessageContaining("is not a valid URL");
        assertThatThrownBy(() -> PublicBaseUrl.parse("https://example.org//"))
                .hasMessageContaining("empty path segment");
    }

    @Test
    void pathsBelowTheBaseMustBePlainAbsolutePaths() {
        PublicBaseUrl base = PublicBaseUrl.parse("https://example.org");
        assertThatThrownBy(() -> base.httpUrl("twilio/voice")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("path below the public URL must start with /, got \"twilio/voice\"");
        assertThatThrownBy(() -> base.httpUrl(null)).hasMessageContaining("got null");
        assertThatThrownBy(() -> base.webSocketUrl("/media?x=1")).hasMessageContaining("plain URL path");
        assertThatThrownBy(() -> base.webSocketUrl("/a b")).hasMessageContaining("plain URL path");
        assertThatThrownBy(() -> base.webSocketUrl("/a#b")).hasMessageContaining("plain URL path");
    }
}
