package io.github.voxbridge.twilio.server.signature;

import com.twilio.security.RequestValidator;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * twilio-java 13.0.1's {@link RequestValidator}, the independent implementation our verifier is compared with. Its
 * signing and URL-port helpers are private; they are reached by reflection so that the signatures the tests accept
 * are computed by the oracle itself, not by a second copy of our own rules.
 */
final class TwilioJavaOracle {

    private final RequestValidator validator;

    TwilioJavaOracle(String authToken) {
        this.validator = new RequestValidator(authToken);
    }

    boolean validate(String url, Map<String, String> params, String signature) {
        return validator.validate(url, params, signature);
    }

    boolean validateJson(String url, String body, String signature) {
        try {
            return validator.validate(url, body, signature);
        } catch (java.net.URISyntaxException e) {
            throw new AssertionError("oracle could not parse " + url, e);
        }
    }

    /** The oracle's signature of exactly this URL and these parameters. */
    String sign(String url, Map<String, String> params) {
        return (String) call("getValidationSignature", new Class<?>[] {String.class, Map.class}, url, params);
    }

    /** The URL with its default port written out, as the oracle forms it. */
    String addPort(String url) {
        return (String) call("addPort", new Class<?>[] {String.class}, url);
    }

    /** The URL without a port, as the oracle forms it. */
    String removePort(String url) {
        return (String) call("removePort", new Class<?>[] {String.class}, url);
    }

    private Object call(String name, Class<?>[] types, Object... args) {
        try {
            Method method = RequestValidator.class.getDeclaredMethod(name, types);
            method.setAccessible(true);
            return method.invoke(validator, args);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new AssertionError("twilio-java's RequestValidator changed: no usable " + name, e);
        }
    }
}
