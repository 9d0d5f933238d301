package org.rdc.ecg.holter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.file.Part10Writer;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.Item;
import org.rdc.dicom.object.Sequence;
import org.rdc.ecg.format.dicom.DicomWaveformDecoder;
import org.rdc.ecg.format.dicom.WaveformTags;

/**
 * Writes DICOM Ambulatory ECG Waveform Storage objects (PS3.3 A.34.4) with dicom-core for the Holter
 * decoder tests: known 16-bit samples in consecutive multiplex groups (segments), each channel with
 * its own sensitivity, unit and baseline, and optionally a channel that is not a voltage.
 */
final class AmbulatoryEcgWriter {

    /** One channel: MDC lead number (CID 3001, "2:n"; 0 for a non-ECG channel), sensitivity, UCUM unit, baseline. */
    record Channel(int mdcLead, String label, double sensitivity, String unit, double baseline) {
    }

    private final List<Channel> channels = new ArrayList<>();
    private final List<short[][]> segments = new ArrayList<>();
    private final double rate;

    AmbulatoryEcgWriter(double rate) {
        this.rate = rate;
    }

    AmbulatoryEcgWriter channel(Channel c) {
        channels.add(c);
        return this;
    }

    /** A multiplex group: samples[channel][frame]. */
    AmbulatoryEcgWriter segment(short[][] samples) {
        segments.add(samples);
        return this;
    }

    DataSet dataSet(String studyUid) {
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, DicomWaveformDecoder.AMBULATORY_ECG);
        ds.setString(Tag.SOPInstanceUID, VR.UI, studyUid + ".1.1");
        ds.setString(Tag.StudyDate, VR.DA, "20261203");
        ds.setString(Tag.StudyTime, VR.TM, "074509");
        ds.setString(Tag.AcquisitionDateTime, VR.DT, "20261203074509");
        ds.setString(Tag.Modality, VR.CS, "ECG");
        ds.setString(Tag.Manufacturer, VR.LO, "Acme Holter");
        ds.setString(Tag.PatientName, VR.PN, "Wang^Xiaoming");
        ds.setString(Tag.PatientID, VR.LO, "H-0014");
        ds.setString(Tag.StudyInstanceUID, VR.UI, studyUid);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, studyUid + ".1");
        ds.setString(Tag.StudyDescription, VR.LO, "动态心电图 Holter");
        ds.setString(Tag.SeriesNumber, VR.IS, "1");
        ds.setString(Tag.InstanceNumber, VR.IS, "1");
        Sequence waveforms = ds.newSequence(Tag.WaveformSequence);
        double offsetMs = 0;
        for (short[][] s : segments) {
            Item item = waveforms.addItem();
            int n = s[0].length;
            item.setDouble(WaveformTags.MultiplexGroupTimeOffset, VR.DS, offsetMs);
            item.setString(WaveformTags.WaveformOriginality, VR.CS, "ORIGINAL");
            item.setInt(Tag.NumberOfWaveformChannels, VR.US, channels.size());
            item.setInt(Tag.NumberOfWaveformSamples, VR.UL, n);
            item.setDouble(Tag.SamplingFrequency, VR.DS, rate);
            item.setString(WaveformTags.MultiplexGroupLabel, VR.SH, "RHYTHM");
            Sequence defs = item.newSequence(WaveformTags.ChannelDefinitionSequence);
            for (Channel c : channels) {
                Item d = defs.addItem();
                Item code = d.newSequence(WaveformTags.ChannelSourceSequence).addItem();
                code.setString(Tag.CodeValue, VR.SH, c.mdcLead() > 0 ? "2:" + c.mdcLead() : "R-0000");
                code.setString(Tag.CodingSchemeDesignator, VR.SH, c.mdcLead() > 0 ? "MDC" : "99TEST");
                code.setString(Tag.CodeMeaning, VR.LO, c.label());
                d.setString(WaveformTags.ChannelLabel, VR.SH, c.label());
                d.setDouble(WaveformTags.ChannelSensitivity, VR.DS, c.sensitivity());
                Item unit = d.newSequence(WaveformTags.ChannelSensitivityUnitsSequence).addItem();
                unit.setString(Tag.CodeValue, VR.SH, c.unit());
                unit.setString(Tag.CodingSchemeDesignator, VR.SH, "UCUM");
                unit.setString(Tag.CodeMeaning, VR.LO, c.unit());
                d.setDouble(WaveformTags.ChannelSensitivityCorrectionFactor, VR.DS, 1);
                d.setDouble(WaveformTags.ChannelBaseline, VR.DS, c.baseline());
                d.setInt(WaveformTags.WaveformBitsStored, VR.US, 16);
            }
            item.setInt(WaveformTags.WaveformBitsAllocated, VR.US, 16);
            item.setString(WaveformTags.WaveformSampleInterpretation, VR.CS, "SS");
            byte[] data = new byte[channels.size() * n * 2];
            for (int k = 0; k < n; k++) {
                for (int c = 0; c < channels.size(); c++) {
                    int o = (k * channels.size() + c) * 2;
                    data[o] = (byte) s[c][k];
                    data[o + 1] = (byte) (s[c][k] >> 8);
                }
            }
            item.setBytes(Tag.WaveformData, VR.OW, data);
            offsetMs += n * 1000 / rate;
        }
        return ds;
    }

    void write(Path file, String studyUid, TransferSyntax syntax) throws IOException {
        Part10Writer.write(file, dataSet(studyUid), syntax);
    }
}
