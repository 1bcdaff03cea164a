/**
 * Ready-made call handlers, the ones {@code voxbridge serve} offers: a greeting, a DTMF echo, a menu of prompts
 * from a JSON file.
 */
package io.github.voxbridge.twilio.server.handlers;
