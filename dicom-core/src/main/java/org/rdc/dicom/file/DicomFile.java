package org.rdc.dicom.file;

import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.object.DataSet;

/**
 * A DICOM file (PS3.10 section 7): optional 128-byte preamble, File Meta Information (group 0002,
 * always explicit VR little endian) and the data set in its transfer syntax. Files without a meta
 * header (old or broken writers) have {@code preamble} and {@code meta} null.
 */
public record DicomFile(byte[] preamble, DataSet meta, DataSet dataSet, TransferSyntax transferSyntax) {
}
