package org.rdc.dicom.object;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The value of an SQ element (PS3.5 7.5): items, each a nested data set. Whether the stream used
 * undefined lengths is remembered so that an unchanged object is written back byte for byte.
 */
public final class Sequence {

    private final DataSet owner;
    private final List<Item> items = new ArrayList<>();
    private boolean undefinedLength;

    Sequence(DataSet owner, boolean undefinedLength) {
        this.owner = owner;
        this.undefinedLength = undefinedLength;
    }

    /** Appends a new empty item whose character set defaults to the enclosing data set's. */
    public Item addItem() {
        return addItem(false);
    }

    public Item addItem(boolean undefinedItemLength) {
        Item item = new Item(owner, undefinedItemLength);
        items.add(item);
        return item;
    }

    public List<Item> items() {
        return Collections.unmodifiableList(items);
    }

    public Item get(int index) {
        return items.get(index);
    }

    public int size() {
        return items.size();
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    public boolean undefinedLength() {
        return undefinedLength;
    }

    public void setUndefinedLength(boolean undefinedLength) {
        this.undefinedLength = undefinedLength;
    }
}
