package org.rdc.dicom.dictionary;

import org.rdc.dicom.core.VR;

/**
 * One row of the PS3.6 Table 6-1 registry. {@code vr} is the VR to assume in implicit VR syntaxes;
 * {@code vrText} keeps the registry's text, which for a few elements lists alternatives
 * ("US or SS", "OB or OW") resolved from the data set at encoding time.
 */
public record DictionaryEntry(int tag, VR vr, String vrText, String keyword, String vm, boolean retired) {
}
