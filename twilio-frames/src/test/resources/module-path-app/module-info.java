/**
 * A user of the Twilio module, compiled and run on the module path by TwilioModulePathTest: Jackson's modules must be
 * resolved through io.github.voxbridge.twilio's descriptor and work without any package opened to them.
 */
module io.github.voxbridge.twilioapp {
    requires io.github.voxbridge.twilio;
}
