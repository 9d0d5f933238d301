package org.rdc.dicom.pixel;

import java.util.List;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.object.BulkData;

/**
 * Where each frame of an instance's pixel data is in its stream: for native pixel data one range per
 * frame, for encapsulated pixel data the values of the frame's fragments (item headers excluded), whose
 * concatenation is the frame's compressed bit stream (PS3.5 A.4).
 *
 * @param syntax the transfer syntax the frames are encoded in
 */
public record FrameTable(ImagePixel pixel, TransferSyntax syntax, List<List<BulkData>> frames) {

    public int count() {
        return frames.size();
    }

    /** The ranges of frame {@code number}, counted from 1 as PS3.18 does. */
    public List<BulkData> frame(int number) {
        if (number < 1 || number > frames.size()) {
            throw new IndexOutOfBoundsException("frame " + number + " of " + frames.size());
        }
        return frames.get(number - 1);
    }

    /** Bytes of frame {@code number}. */
    public long length(int number) {
        return frame(number).stream().mapToLong(BulkData::length).sum();
    }
}
