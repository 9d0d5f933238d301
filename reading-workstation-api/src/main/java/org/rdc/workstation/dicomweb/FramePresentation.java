package org.rdc.workstation.dicomweb;

import org.rdc.dicom.object.DataElement;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.Item;
import org.rdc.dicom.object.Sequence;

/**
 * The attributes one frame is presented with. An enhanced multi-frame image (PS3.3 C.7.6.16, Multi-frame
 * Functional Groups) keeps its Rescale Slope/Intercept in the Pixel Value Transformation Sequence (C.7.6.16.2.9)
 * and its Window Center/Width and VOI LUT Function in the Frame VOI LUT Sequence (C.7.6.16.2.10), shared by all
 * frames or given per frame; the per-frame item, when present, replaces the shared one. Their values are laid
 * over the top-level attributes, where the renderer looks for them.
 */
final class FramePresentation {

    static final int SHARED_FUNCTIONAL_GROUPS = 0x52009229;
    static final int PER_FRAME_FUNCTIONAL_GROUPS = 0x52009230;
    static final int PIXEL_VALUE_TRANSFORMATION = 0x00289145;
    static final int FRAME_VOI_LUT = 0x00289132;

    private FramePresentation() {
    }

    /** The attributes of frame (1-based) of an instance; the instance's own when it has no functional groups. */
    static DataSet of(DataSet attributes, int frame) {
        Item shared = firstItem(attributes.getSequence(SHARED_FUNCTIONAL_GROUPS));
        Sequence perFrame = attributes.getSequence(PER_FRAME_FUNCTIONAL_GROUPS);
        Item own = perFrame != null && frame >= 1 && frame <= perFrame.size() ? perFrame.get(frame - 1) : null;
        if (shared == null && own == null) {
            return attributes;
        }
        DataSet view = new DataSet();
        for (DataElement e : attributes) {
            view.put(e);
        }
        for (int macro : new int[] {PIXEL_VALUE_TRANSFORMATION, FRAME_VOI_LUT}) {
            Item values = firstItem(own == null ? null : own.getSequence(macro));
            if (values == null) {
                values = firstItem(shared == null ? null : shared.getSequence(macro));
            }
            if (values != null) {
                for (DataElement e : values) {
                    view.put(e);
                }
            }
        }
        return view;
    }

    private static Item firstItem(Sequence s) {
        return s == null || s.isEmpty() ? null : s.get(0);
    }
}
