package org.rdc.dicom.object;

import java.util.ArrayList;
import java.util.List;

/**
 * The value of encapsulated pixel data (PS3.5 A.4): a list of fragments, the first being the Basic
 * Offset Table (possibly empty). A fragment is either loaded ({@code byte[]}) or left in the source
 * ({@link BulkData}). Fragments are never decoded here.
 */
public final class Fragments {

    private final List<Object> items = new ArrayList<>();

    public void add(byte[] fragment) {
        items.add(fragment);
    }

    public void add(BulkData fragment) {
        items.add(fragment);
    }

    public int size() {
        return items.size();
    }

    /** The fragment's bytes, or {@code null} if it was not loaded. */
    public byte[] bytes(int index) {
        Object o = items.get(index);
        return o instanceof byte[] b ? b : null;
    }

    /** Where an unloaded fragment is in the source, or {@code null} if it was loaded. */
    public BulkData bulkData(int index) {
        Object o = items.get(index);
        return o instanceof BulkData b ? b : null;
    }

    public long length(int index) {
        Object o = items.get(index);
        return o instanceof byte[] b ? b.length : ((BulkData) o).length();
    }
}
