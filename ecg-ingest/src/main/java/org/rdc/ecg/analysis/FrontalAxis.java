package org.rdc.ecg.analysis;

/**
 * Frontal-plane axis of a wave from the net areas in the six limb leads, fitted by least squares
 * to the hexaxial reference system (I 0 deg, II 60, III 120, aVR -150, aVL -30, aVF 90; augmented
 * leads scaled by sqrt(3)/2 as Goldberger's leads are). Using all six instead of I and aVF alone
 * keeps one noisy lead from swinging the axis.
 */
final class FrontalAxis {

    private static final String[] LEADS = {"I", "II", "III", "aVR", "aVL", "aVF"};
    private static final double[] ANGLE = {0, 60, 120, -150, -30, 90};
    private static final double[] GAIN = {1, 1, 1, Math.sqrt(3) / 2, Math.sqrt(3) / 2, Math.sqrt(3) / 2};

    private FrontalAxis() {
    }

    /** Axis in degrees in (-180, 180], or null without limb leads or with no net area. */
    static Double of(MedianBeat beat, double[] baseline, int from, int to) {
        double saa = 0;
        double sab = 0;
        double sbb = 0;
        double sya = 0;
        double syb = 0;
        int used = 0;
        for (int k = 0; k < LEADS.length; k++) {
            int idx = beat.leadNames().indexOf(LEADS[k]);
            if (idx < 0) {
                continue;
            }
            double[] x = beat.samplesUv()[idx];
            double area = 0;
            for (int i = Math.max(0, from); i <= Math.min(x.length - 1, to); i++) {
                area += x[i] - baseline[idx];
            }
            double ca = GAIN[k] * Math.cos(Math.toRadians(ANGLE[k]));
            double cb = GAIN[k] * Math.sin(Math.toRadians(ANGLE[k]));
            saa += ca * ca;
            sab += ca * cb;
            sbb += cb * cb;
            sya += area * ca;
            syb += area * cb;
            used++;
        }
        double det = saa * sbb - sab * sab;
        if (used < 2 || Math.abs(det) < 1e-9) {
            return null;
        }
        double a = (sya * sbb - syb * sab) / det;
        double b = (syb * saa - sya * sab) / det;
        if (Math.hypot(a, b) < 1e-6) {
            return null;
        }
        double deg = Math.toDegrees(Math.atan2(b, a));
        return deg <= -180 ? deg + 360 : deg;
    }
}
