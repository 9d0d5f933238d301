package org.rdc.ecg.format.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.file.DicomFile;
import org.rdc.dicom.file.Part10Writer;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.Item;
import org.rdc.dicom.object.Sequence;
import org.rdc.ecg.format.scp.ScpLeadIds;
import org.rdc.ecg.model.Acquisition;
import org.rdc.ecg.model.DeviceMeasurements;
import org.rdc.ecg.model.EcgRecord;
import org.rdc.ecg.model.FilterSettings;
import org.rdc.ecg.model.Lead;
import org.rdc.ecg.model.Patient;
import org.rdc.ecg.model.WaveformSet;

/**
 * Gives an uploaded (non-DICOM) ECG a DICOM identity: a 12-lead ECG Waveform object (PS3.3 A.34.3)
 * built from the {@link EcgRecord}, so that it is catalogued, listed and viewed like an ECG a cart
 * sent by C-STORE. When the recording does not fit the 12-lead IOD's constraints (A.34.3.4: at most
 * 13 channels, 200-1000 Hz, at most 16384 samples) it becomes a General ECG object (A.34.4) instead.
 *
 * <p>Modules: Patient, General Study, General Series, General Equipment, Waveform Identification,
 * Waveform (rhythm group, and the device's median beats as a second group), Acquisition Context
 * (empty), Waveform Annotation (the device's global measurements and statements), SOP Common. The
 * output depends only on the record and the identity given, never on the clock, so the same upload
 * always gives the same bytes.
 */
public final class DicomWaveformWriter {

    /** Who the object belongs to and its UIDs, decided by the caller. */
    public record Identity(String studyUid, String seriesUid, String sopInstanceUid, String issuerOfPatientId,
                           String stationName) {
    }

    /** Finest amplitude step that still fits a 16-bit sample for typical ECG amplitudes. */
    private static final double[] SENSITIVITIES_UV = {0.5, 1, 2, 2.5, 5, 10, 20, 50, 100};
    private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);
    private static final DateTimeFormatter TM = DateTimeFormatter.ofPattern("HHmmss", Locale.ROOT);

    private DicomWaveformWriter() {
    }

    public static byte[] toPart10(DataSet ds) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
            Part10Writer.write(out, new DicomFile(null, Part10Writer.createMeta(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), ds,
                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
    }

    /** The SOP class this record is written as. */
    public static String sopClassFor(EcgRecord r) {
        WaveformSet w = r.rhythm();
        boolean twelveLead = w.leads().size() <= 13 && w.sampleRateHz() >= 200 && w.sampleRateHz() <= 1000
                && w.sampleCount() <= 16384;
        return twelveLead ? DicomWaveformDecoder.TWELVE_LEAD_ECG : DicomWaveformDecoder.GENERAL_ECG;
    }

    public static DataSet build(EcgRecord r, Identity id) {
        DataSet ds = new DataSet();
        // PS3.3 C.12.1.1.2: UTF-8, so Chinese names travel unchanged. Set first: text below is encoded with it.
        ds.setString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        String sopClass = sopClassFor(r);
        ds.setString(Tag.SOPClassUID, VR.UI, sopClass);
        ds.setString(Tag.SOPInstanceUID, VR.UI, id.sopInstanceUid());

        Acquisition acq = r.acquisition();
        LocalDateTime t = acq.time();
        ds.setString(Tag.StudyDate, VR.DA, t == null ? "" : t.format(DA));
        ds.setString(Tag.ContentDate, VR.DA, t == null ? "" : t.format(DA));
        if (t != null) {
            ds.setString(Tag.AcquisitionDateTime, VR.DT, t.format(DA) + t.format(TM));
        }
        ds.setString(Tag.StudyTime, VR.TM, t == null ? "" : t.format(TM));
        ds.setString(Tag.ContentTime, VR.TM, t == null ? "" : t.format(TM));
        ds.setString(Tag.AccessionNumber, VR.SH, "");
        ds.setString(Tag.Modality, VR.CS, "ECG");
        ds.setString(Tag.Manufacturer, VR.LO, limit(acq.manufacturer(), 64));
        if (acq.institution() != null) {
            ds.setString(Tag.InstitutionName, VR.LO, limit(acq.institution(), 64));
        }
        ds.setString(Tag.ReferringPhysicianName, VR.PN, "");
        if (id.stationName() != null) {
            ds.setString(Tag.StationName, VR.SH, limit(id.stationName(), 16));
        }
        ds.setString(Tag.StudyDescription, VR.LO, "静息心电图 Resting ECG");
        ds.setString(Tag.SeriesDescription, VR.LO, limit(r.format().displayName() + " upload", 64));
        if (acq.model() != null) {
            ds.setString(Tag.ManufacturerModelName, VR.LO, limit(acq.model(), 64));
        }

        Patient p = r.patient();
        ds.setString(Tag.PatientName, VR.PN, p.name() == null ? "" : limit(p.name().replace('\\', ' '), 64));
        ds.setString(Tag.PatientID, VR.LO, p.id() == null ? "" : limit(p.id(), 64));
        if (p.id() != null && id.issuerOfPatientId() != null) {
            ds.setString(WaveformTags.IssuerOfPatientID, VR.LO, limit(id.issuerOfPatientId(), 64));
        }
        ds.setString(Tag.PatientBirthDate, VR.DA, p.birthDate() == null ? "" : p.birthDate().format(DA));
        ds.setString(Tag.PatientSex, VR.CS, switch (p.sex()) {
            case MALE -> "M";
            case FEMALE -> "F";
            default -> "";
        });
        if (p.ageYears() != null && p.ageYears() >= 0 && p.ageYears() < 1000) {
            ds.setString(Tag.PatientAge, VR.AS, String.format(Locale.ROOT, "%03dY", p.ageYears()));
        }
        ds.setString(WaveformTags.SoftwareVersions, VR.LO, "rdc ecg-ingest");
        ds.setString(Tag.StudyInstanceUID, VR.UI, id.studyUid());
        ds.setString(Tag.SeriesInstanceUID, VR.UI, id.seriesUid());
        ds.setString(Tag.StudyID, VR.SH, "");
        ds.setString(Tag.SeriesNumber, VR.IS, "1");
        ds.setString(Tag.InstanceNumber, VR.IS, "1");

        ds.newSequence(WaveformTags.AcquisitionContextSequence);  // Type 2: present, empty

        Sequence waveforms = ds.newSequence(Tag.WaveformSequence);
        group(waveforms.addItem(), r.rhythm(), "RHYTHM", "ORIGINAL", acq.deviceFilters());
        WaveformSet median = r.medianBeats();
        if (median != null && median.sampleRateHz() >= 200 && median.sampleRateHz() <= 1000 && median.sampleCount() <= 16384
                && median.leads().size() <= 13) {
            group(waveforms.addItem(), median, "MEDIAN BEAT", "DERIVED", acq.deviceFilters());
        }
        annotations(ds, r.deviceMeasurements(), r.deviceStatements());
        return ds;
    }

    /** One multiplex group (PS3.3 C.10.9.1): 16-bit signed samples, interleaved, in uV steps of the chosen sensitivity. */
    private static void group(Item item, WaveformSet w, String label, String originality, FilterSettings filters) {
        List<Lead> leads = w.leads();
        int n = w.sampleCount();
        double maxAbs = 0;
        for (Lead l : leads) {
            for (double v : l.samplesUv()) {
                maxAbs = Math.max(maxAbs, Math.abs(v));
            }
        }
        double sensitivity = SENSITIVITIES_UV[SENSITIVITIES_UV.length - 1];
        for (double s : SENSITIVITIES_UV) {
            if (maxAbs / s <= 32000) {
                sensitivity = s;
                break;
            }
        }
        item.setString(WaveformTags.WaveformOriginality, VR.CS, originality);
        item.setInt(Tag.NumberOfWaveformChannels, VR.US, leads.size());
        item.setInt(Tag.NumberOfWaveformSamples, VR.UL, n);
        item.setDouble(Tag.SamplingFrequency, VR.DS, w.sampleRateHz());
        item.setString(WaveformTags.MultiplexGroupLabel, VR.SH, label);
        Sequence defs = item.newSequence(WaveformTags.ChannelDefinitionSequence);
        for (Lead l : leads) {
            Item d = defs.addItem();
            Sequence src = d.newSequence(WaveformTags.ChannelSourceSequence);
            Integer scp = scpLeadId(l.name());
            Item code = src.addItem();
            if (scp != null) {
                // PS3.16 CID 3001 ECG Leads: MDC codes numbered like the EN 1064 lead ids
                code.setString(Tag.CodeValue, VR.SH, "2:" + scp);
                code.setString(Tag.CodingSchemeDesignator, VR.SH, "MDC");
                code.setString(Tag.CodeMeaning, VR.LO, "Lead " + l.name());
            } else {
                code.setString(Tag.CodeValue, VR.SH, limit(l.name(), 16));
                code.setString(Tag.CodingSchemeDesignator, VR.SH, "99RDC");
                code.setString(Tag.CodeMeaning, VR.LO, limit(l.name(), 64));
            }
            d.setString(WaveformTags.ChannelLabel, VR.SH, limit(l.name(), 16));
            d.setDouble(WaveformTags.ChannelSensitivity, VR.DS, sensitivity);
            Item unit = d.newSequence(WaveformTags.ChannelSensitivityUnitsSequence).addItem();
            unit.setString(Tag.CodeValue, VR.SH, "uV");
            unit.setString(Tag.CodingSchemeDesignator, VR.SH, "UCUM");
            unit.setString(WaveformTags.CodingSchemeVersion, VR.SH, "1.4");
            unit.setString(Tag.CodeMeaning, VR.LO, "microvolt");
            d.setDouble(WaveformTags.ChannelSensitivityCorrectionFactor, VR.DS, 1);
            d.setDouble(WaveformTags.ChannelBaseline, VR.DS, 0);
            d.setDouble(WaveformTags.ChannelSampleSkew, VR.DS, 0);
            d.setInt(WaveformTags.WaveformBitsStored, VR.US, 16);
            if (filters.highPassHz() != null) {
                d.setDouble(WaveformTags.FilterLowFrequency, VR.DS, filters.highPassHz());
            }
            if (filters.lowPassHz() != null) {
                d.setDouble(WaveformTags.FilterHighFrequency, VR.DS, filters.lowPassHz());
            }
            if (filters.notchHz() != null) {
                d.setDouble(WaveformTags.NotchFilterFrequency, VR.DS, filters.notchHz());
            }
        }
        item.setInt(WaveformTags.WaveformBitsAllocated, VR.US, 16);
        item.setString(WaveformTags.WaveformSampleInterpretation, VR.CS, "SS");
        byte[] data = new byte[leads.size() * n * 2];
        for (int c = 0; c < leads.size(); c++) {
            double[] s = leads.get(c).samplesUv();
            for (int k = 0; k < n; k++) {
                double v = k < s.length ? s[k] : 0;
                long raw = Math.round(v / sensitivity);
                short q = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, raw));
                int o = (k * leads.size() + c) * 2;
                data[o] = (byte) q;
                data[o + 1] = (byte) (q >> 8);
            }
        }
        item.setBytes(Tag.WaveformData, VR.OW, data);
    }

    /** The device's global measurements (SCPECG codes, as ECG carts write them) and statements (PS3.3 C.10.10). */
    private static void annotations(DataSet ds, DeviceMeasurements m, List<String> statements) {
        if (m.isEmpty() && statements.isEmpty()) {
            return;
        }
        Sequence seq = ds.newSequence(WaveformTags.WaveformAnnotationSequence);
        for (String s : statements) {
            Item a = seq.addItem();
            a.setInt(WaveformTags.ReferencedWaveformChannels, VR.US, 1, 0);
            a.setInt(WaveformTags.AnnotationGroupNumber, VR.US, 0);
            a.setString(WaveformTags.UnformattedTextValue, VR.ST, limit(s, 1024));
        }
        measurement(seq, m.heartRateBpm(), "8867-4", "LN", "Heart rate", "/min", "per minute");
        measurement(seq, m.rrMs(), "5.10.2.1-3", "SCPECG", "RR Interval", "ms", "milliseconds");
        measurement(seq, m.pDurationMs(), "P_DURATION", "99RDC", "P Duration", "ms", "milliseconds");
        measurement(seq, m.prMs(), "5.13.5-7", "SCPECG", "PR Interval", "ms", "milliseconds");
        measurement(seq, m.qrsMs(), "5.13.5-9", "SCPECG", "QRS Duration", "ms", "milliseconds");
        measurement(seq, m.qtMs(), "5.13.5-11", "SCPECG", "QT Interval", "ms", "milliseconds");
        measurement(seq, m.qtcMs(), "5.10.2.5-5", "SCPECG", "QTc Interval", "ms", "milliseconds");
        measurement(seq, m.pAxisDeg(), "5.10.3-11", "SCPECG", "P Axis", "deg", "degrees");
        measurement(seq, m.qrsAxisDeg(), "5.10.3-13", "SCPECG", "QRS Axis", "deg", "degrees");
        measurement(seq, m.tAxisDeg(), "5.10.3-15", "SCPECG", "T Axis", "deg", "degrees");
    }

    private static void measurement(Sequence seq, Double value, String code, String scheme, String meaning, String unit,
                                    String unitMeaning) {
        if (value == null) {
            return;
        }
        Item a = seq.addItem();
        Item u = a.newSequence(WaveformTags.MeasurementUnitsCodeSequence).addItem();
        u.setString(Tag.CodeValue, VR.SH, unit);
        u.setString(Tag.CodingSchemeDesignator, VR.SH, "UCUM");
        u.setString(WaveformTags.CodingSchemeVersion, VR.SH, "1.4");
        u.setString(Tag.CodeMeaning, VR.LO, unitMeaning);
        Item c = a.newSequence(Tag.ConceptNameCodeSequence).addItem();
        c.setString(Tag.CodeValue, VR.SH, code);
        c.setString(Tag.CodingSchemeDesignator, VR.SH, scheme);
        if (scheme.equals("SCPECG")) {
            c.setString(WaveformTags.CodingSchemeVersion, VR.SH, "1.3");
        }
        c.setString(Tag.CodeMeaning, VR.LO, meaning);
        a.setInt(WaveformTags.ReferencedWaveformChannels, VR.US, 1, 0);
        a.setInt(WaveformTags.AnnotationGroupNumber, VR.US, 1);
        a.setDouble(WaveformTags.NumericValue, VR.DS, value);
    }

    /** The EN 1064 lead id of a printed lead name (I = 1, V1 = 3, III = 61, aVR = 62, ...), or null. */
    static Integer scpLeadId(String name) {
        for (int id = 1; id <= 69; id++) {
            if (ScpLeadIds.name(id).equals(name)) {
                return id;
            }
        }
        return null;
    }

    private static String limit(String s, int max) {
        if (s == null) {
            return "";
        }
        String t = s.trim();
        return t.length() <= max ? t : t.substring(0, max);
    }
}
