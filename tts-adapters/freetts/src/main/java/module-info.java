/**
 * voxbridge's embedded, offline FreeTTS engine ({@code freetts}): a {@link io.github.voxbridge.tts.TtsEngineProvider}
 * registered with {@code provides} for the module path and in {@code META-INF/services} for the class path.
 *
 * <p>FreeTTS ({@code net.sf.sociaal:freetts}) has no module descriptor and no {@code Automatic-Module-Name}, so on
 * the module path it is the automatic module named after its file, {@code freetts-1.2.2.jar}: {@code freetts}. It
 * needs {@code java.desktop} ({@code javax.sound.sampled}), {@code java.xml} ({@code org.w3c.dom}) and
 * {@code java.logging} ({@code Voice} logs through {@code java.util.logging}), which an automatic module cannot
 * require itself, so this module requires them on its behalf (it uses the first two itself). The boot layer
 * usually has {@code java.logging} anyway, bound in as java.base's logger service; a jlink image or a layer resolved
 * without service binding has it only because of this {@code requires}. None of FreeTTS's types are in this module's
 * API.
 */
@SuppressWarnings("requires-automatic") // freetts: see above; the only name its jar offers
module io.github.voxbridge.tts.freetts {
    requires transitive io.github.voxbridge.tts;
    requires freetts;
    requires java.desktop;
    requires java.logging; // for FreeTTS
    requires java.xml;

    exports io.github.voxbridge.tts.freetts;

    provides io.github.voxbridge.tts.TtsEngineProvider with io.github.voxbridge.tts.freetts.FreeTtsEngineProvider;
}
