package org.rdc.ecg.format.scp;

import java.util.ArrayList;
import java.util.List;
import org.rdc.ecg.EcgFormatException;

/**
 * Section 4 (EN 1064 5.7): the reference beat's length and fiducial point, and for every QRS its
 * type and subtraction zone, which says where the reference beat was subtracted from the rhythm.
 */
record ScpQrsLocations(int referenceBeatLengthMs, int referenceFiducialSample, List<Qrs> complexes) {

    /** Sample numbers are 1-based as in the standard. */
    record Qrs(int beatType, long subtractionStart, long fiducial, long subtractionEnd) {
    }

    static ScpQrsLocations read(ScpSection s) throws EcgFormatException {
        int length = s.u16(0, "reference beat length");
        int fiducial = s.u16(2, "reference beat fiducial point");
        int count = s.u16(4, "number of QRS complexes");
        List<Qrs> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int pos = 6 + 14 * i;
            String where = "QRS " + (i + 1);
            list.add(new Qrs(s.u16(pos, where + " type"), s.u32(pos + 2, where + " subtraction start"),
                    s.u32(pos + 6, where + " fiducial"), s.u32(pos + 10, where + " subtraction end")));
        }
        return new ScpQrsLocations(length, fiducial, list);
    }
}
