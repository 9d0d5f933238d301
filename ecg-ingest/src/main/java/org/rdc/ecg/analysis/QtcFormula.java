package org.rdc.ecg.analysis;

/** Heart-rate correction of QT; the result always names the formula used. */
public enum QtcFormula {
    /** QT / RR^(1/2), RR in seconds (Bazett 1920). */
    BAZETT,
    /** QT / RR^(1/3), RR in seconds (Fridericia 1920). */
    FRIDERICIA;

    public double correct(double qtMs, double rrMs) {
        double rr = rrMs / 1000.0;
        return this == BAZETT ? qtMs / Math.sqrt(rr) : qtMs / Math.cbrt(rr);
    }
}
