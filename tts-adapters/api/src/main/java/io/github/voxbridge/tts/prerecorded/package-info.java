/** Recordings played for known texts: see {@link io.github.voxbridge.tts.prerecorded.PrerecordedEngine}. */
package io.github.voxbridge.tts.prerecorded;
