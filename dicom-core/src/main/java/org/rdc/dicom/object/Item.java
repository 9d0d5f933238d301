package org.rdc.dicom.object;

/**
 * One item of a sequence (PS3.5 7.5): a data set nested in another. Without its own (0008,0005)
 * it uses the enclosing data set's character set (PS3.5 7.5.3).
 */
public final class Item extends DataSet {

    private boolean undefinedLength;

    Item(DataSet parent, boolean undefinedLength) {
        super(parent);
        this.undefinedLength = undefinedLength;
    }

    public boolean undefinedLength() {
        return undefinedLength;
    }

    public void setUndefinedLength(boolean undefinedLength) {
        this.undefinedLength = undefinedLength;
    }
}
