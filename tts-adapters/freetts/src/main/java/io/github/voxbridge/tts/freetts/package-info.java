/** The embedded FreeTTS engine ({@code net.sf.sociaal:freetts}, voice kevin16): see {@link io.github.voxbridge.tts.freetts.FreeTtsEngine}. */
package io.github.voxbridge.tts.freetts;
