/**
 * The call API of the server: a {@link io.github.voxbridge.twilio.server.call.CallHandler} per call, given the
 * {@link io.github.voxbridge.twilio.server.call.Call} to speak on, and why the call ended
 * ({@link io.github.voxbridge.twilio.server.call.CallEnd}).
 */
package io.github.voxbridge.twilio.server.call;
