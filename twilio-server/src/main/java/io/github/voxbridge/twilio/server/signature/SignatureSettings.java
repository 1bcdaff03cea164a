package io.github.voxbridge.twilio.server.signature;

/**
 * The parsed {@code X-Twilio-Webhooks-Signature-Settings} header: {@code key=<key name>,algorithm=<HMAC_...>}
 * (Twilio's "Sign webhooks with shared keys" page; twilio-node's WebhookSignatureValidation example). Pairs may come
 * in any order with spaces around them; unknown names are ignored, so a field Twilio adds later does not turn every
 * request into a failure.
 *
 * @param algorithm the named algorithm, or {@code null} when the name is not one we support
 * @param algorithmName the algorithm as written, for the verdict
 */
record SignatureSettings(SignatureAlgorithm algorithm, String algorithmName) {

    /**
     * Parses a header value; {@code null} when it is not a comma-separated list of {@code name=value} pairs with an
     * {@code algorithm}.
     */
    static SignatureSettings parse(String header) {
        String algorithmName = null;
        for (String pair : header.split(",", -1)) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                if (pair.isBlank()) {
                    continue;
                }
                return null;
            }
            String name = pair.substring(0, eq).strip();
            String value = pair.substring(eq + 1).strip();
            if (name.equalsIgnoreCase("algorithm")) {
                if (algorithmName != null || value.isEmpty()) {
                    return null;
                }
                algorithmName = value;
            }
        }
        if (algorithmName == null) {
            return null;
        }
        return new SignatureSettings(SignatureAlgorithm.fromSettingsName(algorithmName), algorithmName);
    }
}
