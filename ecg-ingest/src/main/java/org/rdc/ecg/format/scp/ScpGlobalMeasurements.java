package org.rdc.ecg.format.scp;

import org.rdc.ecg.EcgFormatException;
import org.rdc.ecg.model.DeviceMeasurements;

/**
 * Section 7 (EN 1064 5.10): the device's global measurements. Wave limits are in ms from the
 * start of the reference beat, axes in degrees; 29999 means "not computed" and 29998 "rejected".
 * The first measurement block describes the dominant reference beat (type 0).
 */
final class ScpGlobalMeasurements {

    private static final int NOT_COMPUTED = 29999;
    private static final int REJECTED = 29998;
    private static final int BLOCK = 16;

    private ScpGlobalMeasurements() {
    }

    static DeviceMeasurements read(ScpSection s) throws EcgFormatException {
        int blocks = s.u8(0, "number of measurement blocks");
        int spikes = s.u8(1, "number of pacemaker spikes");
        Double rr = value(s.u16(2, "mean RR interval"));
        if (blocks == 0) {
            return new DeviceMeasurements(rate(rr), rr, null, null, null, null, null, null, null, null);
        }
        Double pOn = value(s.u16(6, "P onset"));
        Double pOff = value(s.u16(8, "P offset"));
        Double qrsOn = value(s.u16(10, "QRS onset"));
        Double qrsOff = value(s.u16(12, "QRS offset"));
        Double tOff = value(s.u16(14, "T offset"));
        Double pAxis = axis(s.s16(16, "P axis"));
        Double qrsAxis = axis(s.s16(18, "QRS axis"));
        Double tAxis = axis(s.s16(20, "T axis"));
        Double qtc = null;
        Double ventricularRate = null;
        // Optional tail after the blocks: spike times and info, QRS types, then rates and QTc.
        int pos = 6 + BLOCK * blocks + 4 * spikes + 6 * spikes;
        if (pos + 2 <= s.dataLength()) {
            int qrsCount = s.u16(pos, "number of QRS complexes");
            pos += 2 + qrsCount;
            if (pos + 6 <= s.dataLength()) {
                ventricularRate = positive(value(s.u16(pos, "ventricular rate")));
                qtc = value(s.u16(pos + 4, "QTc"));
            }
        }
        return new DeviceMeasurements(ventricularRate != null ? ventricularRate : rate(rr), rr,
                diff(pOff, pOn), diff(qrsOn, pOn), diff(qrsOff, qrsOn), diff(tOff, qrsOn), qtc, pAxis, qrsAxis, tAxis);
    }

    private static Double value(int v) {
        return v == NOT_COMPUTED || v == REJECTED || v == 0xFFFF ? null : (double) v;
    }

    private static Double positive(Double v) {
        return v == null || v <= 0 ? null : v;
    }

    private static Double axis(int v) {
        return v == NOT_COMPUTED || v == REJECTED || v < -180 || v > 360 ? null : (double) v;
    }

    private static Double diff(Double end, Double start) {
        return end == null || start == null || end < start ? null : end - start;
    }

    private static Double rate(Double rrMs) {
        return rrMs == null || rrMs <= 0 ? null : (double) Math.round(60000.0 / rrMs);
    }
}
