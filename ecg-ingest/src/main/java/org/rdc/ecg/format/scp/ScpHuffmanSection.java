package org.rdc.ecg.format.scp;

import java.util.ArrayList;
import java.util.List;
import org.rdc.ecg.EcgFormatException;

/** Section 2 (EN 1064 5.5): the Huffman tables, or 19999 meaning the default table. */
final class ScpHuffmanSection {

    static final int DEFAULT_TABLE_MARKER = 19999;
    private static final int CODE_STRUCTURE_BYTES = 9;

    private ScpHuffmanSection() {
    }

    static List<HuffmanTable> read(ScpSection s) throws EcgFormatException {
        int count = s.u16(0, "number of Huffman tables");
        if (count == DEFAULT_TABLE_MARKER) {
            return List.of(HuffmanTable.standard());
        }
        if (count == 0 || count > 256) {
            throw new EcgFormatException("SCP-ECG section 2: " + count + " Huffman tables (allowed 1..256 or 19999)");
        }
        List<HuffmanTable> tables = new ArrayList<>();
        int pos = 2;
        for (int t = 1; t <= count; t++) {
            int codes = s.u16(pos, "number of codes in table " + t);
            pos += 2;
            if (codes == 0) {
                throw new EcgFormatException("SCP-ECG section 2: Huffman table " + t + " has no codes");
            }
            HuffmanTable table = new HuffmanTable();
            for (int c = 1; c <= codes; c++) {
                String where = "SCP-ECG section 2 table " + t + " code " + c;
                int prefix = s.u8(pos, where);
                int total = s.u8(pos + 1, where);
                int mode = s.u8(pos + 2, where);
                int base = s.s16(pos + 3, where);
                long baseCode = s.u32(pos + 5, where);
                pos += CODE_STRUCTURE_BYTES;
                boolean switchTable = mode == 0;
                if (!switchTable && total < prefix) {
                    throw new EcgFormatException(where + ": total bits " + total + " below prefix bits " + prefix);
                }
                int extra = switchTable ? 0 : total - prefix;
                table.add(baseCode, new HuffmanTable.Code(prefix, extra, switchTable, base), where);
            }
            tables.add(table);
        }
        return tables;
    }
}
