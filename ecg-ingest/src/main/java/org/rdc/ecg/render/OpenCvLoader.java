package org.rdc.ecg.render;

/** Loads the native OpenCV library bundled in org.openpnp:opencv once per JVM. */
final class OpenCvLoader {

    private OpenCvLoader() {
    }

    static void ensureLoaded() {
        Holder.touch();
    }

    private static final class Holder {
        static {
            nu.pattern.OpenCV.loadLocally();
        }

        static void touch() {
            // class initialisation above does the work exactly once
        }
    }
}
