package org.rdc.ecg.format.scp;

import java.util.ArrayList;
import java.util.List;
import org.rdc.ecg.EcgFormatException;

/** One entry of section 0 (EN 1064 5.3): a section's id, its length and its 1-based byte index in the record. */
record ScpPointer(int id, long length, long index) {

    private static final int SIZE = 10;

    /** The pointers to sections present (non-zero id and length), in the order section 0 lists them. */
    static List<ScpPointer> read(ScpSection s0) throws EcgFormatException {
        List<ScpPointer> out = new ArrayList<>();
        for (int i = 0; i < s0.dataLength() / SIZE; i++) {
            int id = s0.u16(SIZE * i, "pointer id");
            long length = s0.u32(SIZE * i + 2, "pointer length");
            long index = s0.u32(SIZE * i + 6, "pointer index");
            if (id != 0 && length != 0) {
                out.add(new ScpPointer(id, length, index));
            }
        }
        return out;
    }

    /** Checks the section lies inside a record of {@code recordLength} bytes. */
    void check(long recordLength) throws EcgFormatException {
        if (index < 1 || index - 1 + length > recordLength) {
            throw new EcgFormatException("SCP-ECG section " + id + " declares " + length + " bytes at offset "
                    + (index - 1) + " but the file ends at " + recordLength);
        }
    }
}
