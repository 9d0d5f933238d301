package org.rdc.ecg.format.dicom;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.dictionary.UidDictionary;
import org.rdc.dicom.file.DicomFile;
import org.rdc.dicom.file.Part10Reader;
import org.rdc.dicom.object.DataElement;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.PersonName;
import org.rdc.dicom.object.Sequence;
import org.rdc.ecg.EcgFormatException;
import org.rdc.ecg.format.EcgContent;
import org.rdc.ecg.format.EcgDecoder;
import org.rdc.ecg.model.Acquisition;
import org.rdc.ecg.model.DeviceMeasurements;
import org.rdc.ecg.model.EcgRecord;
import org.rdc.ecg.model.FilterSettings;
import org.rdc.ecg.model.Lead;
import org.rdc.ecg.model.Patient;
import org.rdc.ecg.model.Sex;
import org.rdc.ecg.model.SourceFormat;
import org.rdc.ecg.model.SourceRef;
import org.rdc.ecg.model.WaveformSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DICOM ECG waveform objects (PS3.3 A.34: 12-lead ECG, General ECG, General 32-bit ECG and
 * Ambulatory ECG) read with dicom-core. Every multiplex group of the Waveform Sequence is decoded
 * (PS3.3 C.10.9.1): samples interleaved channel by channel, each channel's value in its units being
 * {@code (raw + Channel Baseline) x Channel Sensitivity x Channel Sensitivity Correction Factor}
 * (C.10.9.1.4.3), then converted to microvolts from the UCUM code of the Channel Sensitivity Units
 * Sequence. Lead names come from the Channel Source Sequence (CID 3001). Rhythm groups become the
 * rhythm (groups with the same rate and length side by side, consecutive segments of the same
 * leads one after the other), a MEDIAN BEAT group the median beats. The device's global
 * measurements and statements come from the Waveform Annotation module (C.10.10).
 */
public final class DicomWaveformDecoder implements EcgDecoder {

    private static final Logger log = LoggerFactory.getLogger(DicomWaveformDecoder.class);

    public static final String TWELVE_LEAD_ECG = "1.2.840.10008.5.1.4.1.1.9.1.1";
    public static final String GENERAL_ECG = "1.2.840.10008.5.1.4.1.1.9.1.2";
    public static final String AMBULATORY_ECG = "1.2.840.10008.5.1.4.1.1.9.1.3";
    public static final String GENERAL_32BIT_ECG = "1.2.840.10008.5.1.4.1.1.9.1.4";

    /** The SOP classes this decoder reads (PS3.4 B.5). */
    public static final Set<String> ECG_SOP_CLASSES = Set.of(TWELVE_LEAD_ECG, GENERAL_ECG, AMBULATORY_ECG, GENERAL_32BIT_ECG);

    private static final String WHAT = "DICOM ECG waveform";

    @Override
    public SourceFormat format() {
        return SourceFormat.DICOM_WAVEFORM;
    }

    /**
     * A PS3.10 file ("DICM" after the 128-byte preamble), or one written without the preamble that
     * starts with an explicit VR little endian element of group 0002 or 0008. Non-ECG DICOM is
     * accepted so it gets a precise error.
     */
    @Override
    public boolean accepts(EcgContent content) {
        return isPart10(content.bytes());
    }

    public static boolean isPart10(byte[] b) {
        if (b.length > 132 && b[128] == 'D' && b[129] == 'I' && b[130] == 'C' && b[131] == 'M') {
            return true;
        }
        return b.length > 8 && (b[0] == 0x02 || b[0] == 0x08) && b[1] == 0 && b[3] == 0
                && org.rdc.dicom.core.VR.ofName(new String(b, 4, 2, java.nio.charset.StandardCharsets.ISO_8859_1)) != null;
    }

    public static boolean isEcgSopClass(String sopClassUid) {
        return sopClassUid != null && ECG_SOP_CLASSES.contains(sopClassUid.trim());
    }

    @Override
    public EcgRecord decode(EcgContent content) throws EcgFormatException {
        return decode(read(content.bytes()).dataSet(), content.source());
    }

    /** Parses a Part 10 file, turning codec errors into the module's error with the codec's position. */
    public static DicomFile read(byte[] bytes) throws EcgFormatException {
        try {
            return new Part10Reader().read(new ByteArrayInputStream(bytes), bytes.length);
        } catch (IOException | RuntimeException e) {
            throw new EcgFormatException("DICOM file cannot be parsed: " + e.getMessage(), e);
        }
    }

    /** Decodes an already parsed data set (e.g. an instance the DICOM gateway stored). */
    public EcgRecord decode(DataSet ds, SourceRef source) throws EcgFormatException {
        String sopClass = ds.getString(Tag.SOPClassUID);
        if (sopClass != null && !isEcgSopClass(sopClass)) {
            String name = UidDictionary.nameOf(sopClass);
            throw new EcgFormatException(EcgFormatException.Kind.UNSUPPORTED, "DICOM object is " + (name != null ? name + " (" + sopClass + ")" : "SOP class " + sopClass)
                    + ", not an ECG waveform (12-lead, General, General 32-bit or Ambulatory ECG Waveform Storage)");
        }
        List<MultiplexGroup> groups = multiplexGroups(ds);
        List<MultiplexGroup> rhythmGroups = groups.stream().filter(g -> !g.isMedianBeat()).toList();
        List<MultiplexGroup> medianGroups = groups.stream().filter(MultiplexGroup::isMedianBeat).toList();
        if (rhythmGroups.isEmpty()) {
            throw new EcgFormatException(WHAT + ": the Waveform Sequence (5400,0100) holds only representative beats ("
                    + groups.stream().map(g -> String.valueOf(g.label())).toList() + "), no rhythm group");
        }
        WaveformSet rhythm = combine(rhythmGroups);
        WaveformSet median = medianGroups.isEmpty() ? null : combine(medianGroups);
        String version = sopClass == null ? null : switch (sopClass) {
            case TWELVE_LEAD_ECG -> "12-lead ECG";
            case GENERAL_ECG -> "General ECG";
            case GENERAL_32BIT_ECG -> "General 32-bit ECG";
            case AMBULATORY_ECG -> "Ambulatory ECG";
            default -> null;
        };
        Annotations annotations = annotations(ds);
        return new EcgRecord(SourceFormat.DICOM_WAVEFORM, version, patient(ds),
                acquisition(ds, rhythmGroups.get(0).filters()), rhythm, median, annotations.measurements(),
                annotations.statements(), source);
    }

    /** Every item of the Waveform Sequence, decoded to microvolts (PS3.3 C.10.9.1). */
    public static List<MultiplexGroup> multiplexGroups(DataSet ds) throws EcgFormatException {
        Sequence seq = ds.getSequence(Tag.WaveformSequence);
        if (seq == null || seq.isEmpty()) {
            throw new EcgFormatException(WHAT + ": no Waveform Sequence (5400,0100)");
        }
        List<MultiplexGroup> groups = new ArrayList<>();
        for (int i = 0; i < seq.size(); i++) {
            groups.add(group(seq.get(i), i + 1));
        }
        return groups;
    }

    private static MultiplexGroup group(DataSet item, int index) throws EcgFormatException {
        WaveformGroupHeader h = WaveformGroupHeader.read(item, WHAT, index);
        String where = h.where();
        int channels = h.channels();
        long samples = h.samples();
        int bitsAllocated = h.bitsAllocated();
        SampleCodec codec = SampleCodec.of(h.interpretation(), bitsAllocated, where);
        DataElement dataElement = item.get(Tag.WaveformData);
        if (dataElement == null) {
            throw new EcgFormatException(where + ": no Waveform Data (5400,1010)");
        }
        byte[] data = dataElement.bytes();
        if (data == null) {
            throw new EcgFormatException(where + ": Waveform Data (5400,1010) was not loaded (" + dataElement.value().getClass().getSimpleName() + ")");
        }
        long needed = (long) channels * samples * codec.bytes;
        if (data.length < needed) {
            throw new EcgFormatException(where + ": Waveform Data (5400,1010) holds " + data.length + " bytes but "
                    + channels + " channels x " + samples + " samples x " + codec.bytes + " bytes need " + needed);
        }
        // Waveform Padding Value (5400,100A) is not applied: writers such as ECG Toolkit declare 0, which
        // is also a real sample value, and replacing real zeros would distort the signal.
        int n = (int) samples;
        List<Lead> leads = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        FilterSettings filters = null;
        for (int c = 0; c < channels; c++) {
            Optional<WaveformChannel> channel = WaveformChannel.read(h.definitions().get(c), c + 1, bitsAllocated, where, skipped);
            if (channel.isEmpty()) {
                continue;
            }
            WaveformChannel ch = channel.get();
            double[] uv = new double[n];
            for (int k = 0; k < n; k++) {
                uv[k] = ch.microvolts(codec.value(codec.raw(data, ((long) k * channels + c) * codec.bytes)));
            }
            leads.add(new Lead(ch.name(), uv));
            if (filters == null) {
                filters = ch.filters();
            }
        }
        if (leads.isEmpty()) {
            throw new EcgFormatException(where + ": no channel is a voltage: " + skipped);
        }
        double offsetMs = optional(item, WaveformTags.MultiplexGroupTimeOffset) == null ? 0
                : optional(item, WaveformTags.MultiplexGroupTimeOffset);
        return new MultiplexGroup(index, h.label(), item.getString(WaveformTags.WaveformOriginality), h.sampleRateHz(), offsetMs, n, leads,
                filters, skipped);
    }

    /**
     * One waveform set from groups of the same kind: groups of equal rate and length at the same
     * time offset side by side (leads split over groups), groups of the same leads one after the
     * other when each starts where the previous ends (ambulatory segments). Others are left out,
     * with a warning in the log.
     */
    static WaveformSet combine(List<MultiplexGroup> groups) {
        MultiplexGroup first = groups.get(0);
        List<double[]> samples = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Lead l : first.leads()) {
            names.add(l.name());
            samples.add(l.samplesUv());
        }
        double endMs = first.timeOffsetMs() + first.durationSeconds() * 1000;
        double oneSampleMs = 1000 / first.sampleRateHz();
        for (MultiplexGroup g : groups.subList(1, groups.size())) {
            boolean sameRate = Math.abs(g.sampleRateHz() - first.sampleRateHz()) < 1e-9;
            Set<String> names2 = new HashSet<>(g.leadNames());
            if (sameRate && g.sampleCount() == first.sampleCount()
                    && Math.abs(g.timeOffsetMs() - first.timeOffsetMs()) < oneSampleMs
                    && g.leadNames().stream().noneMatch(names::contains)) {
                for (Lead l : g.leads()) {
                    names.add(l.name());
                    samples.add(l.samplesUv());
                }
            } else if (sameRate && names2.equals(new HashSet<>(names)) && names2.size() == names.size()
                    && Math.abs(g.timeOffsetMs() - endMs) < oneSampleMs) {
                for (int i = 0; i < names.size(); i++) {
                    double[] a = samples.get(i);
                    double[] b = g.leads().get(g.leadNames().indexOf(names.get(i))).samplesUv();
                    double[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
                    System.arraycopy(b, 0, joined, a.length, b.length);
                    samples.set(i, joined);
                }
                endMs += g.durationSeconds() * 1000;
            } else {
                log.warn("DICOM ECG: multiplex group {} ({}, {} Hz, {} samples at {} ms) neither continues nor completes "
                                + "group {}; left out of the record", g.index(), g.label(), g.sampleRateHz(), g.sampleCount(),
                        g.timeOffsetMs(), first.index());
            }
        }
        List<Lead> leads = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            leads.add(new Lead(names.get(i), samples.get(i)));
        }
        return new WaveformSet(first.sampleRateHz(), leads);
    }

    private record Annotations(DeviceMeasurements measurements, List<String> statements) {
    }

    /**
     * The Waveform Annotation Sequence (PS3.3 C.10.10.1): coded global measurements with a Numeric
     * Value (those referring to a single time point or a lead are not global and are skipped) and
     * free-text or coded statements.
     */
    private static Annotations annotations(DataSet ds) {
        Map<EcgCodes.Measurement, Double> values = new EnumMap<>(EcgCodes.Measurement.class);
        List<String> statements = new ArrayList<>();
        Sequence seq = ds.getSequence(WaveformTags.WaveformAnnotationSequence);
        if (seq != null) {
            for (int i = 0; i < seq.size(); i++) {
                DataSet a = seq.get(i);
                String text = a.getString(WaveformTags.UnformattedTextValue);
                if (text != null && !text.isBlank()) {
                    statements.add(text.trim());
                    continue;
                }
                Optional<EcgCodes.Code> name = EcgCodes.Code.first(a, Tag.ConceptNameCodeSequence);
                if (name.isEmpty()) {
                    continue;
                }
                double[] numbers;
                try {
                    numbers = a.getDoubles(WaveformTags.NumericValue);
                } catch (NumberFormatException e) {
                    continue;
                }
                if (numbers.length == 0 || a.contains(WaveformTags.ReferencedSamplePositions)) {
                    Optional<EcgCodes.Code> concept = EcgCodes.Code.first(a, WaveformTags.ConceptCodeSequence);
                    concept.map(EcgCodes.Code::meaning).filter(m -> !m.isBlank()).ifPresent(statements::add);
                    continue;
                }
                Optional<EcgCodes.Measurement> m = EcgCodes.measurement(name.get());
                if (m.isEmpty() || values.containsKey(m.get())) {
                    continue;
                }
                String unit = EcgCodes.Code.first(a, WaveformTags.MeasurementUnitsCodeSequence).map(EcgCodes.Code::value)
                        .orElse("");
                double v = numbers[0];
                if (unit.equals("s")) {
                    v *= 1000;
                }
                values.put(m.get(), v);
            }
        }
        Double rr = values.get(EcgCodes.Measurement.RR);
        Double rate = values.get(EcgCodes.Measurement.HEART_RATE);
        if (rate == null && rr != null && rr > 0) {
            rate = Math.round(600000.0 / rr) / 10.0;
        }
        DeviceMeasurements m = new DeviceMeasurements(rate, rr, values.get(EcgCodes.Measurement.P_DURATION),
                values.get(EcgCodes.Measurement.PR), values.get(EcgCodes.Measurement.QRS), values.get(EcgCodes.Measurement.QT),
                values.get(EcgCodes.Measurement.QTC), values.get(EcgCodes.Measurement.P_AXIS),
                values.get(EcgCodes.Measurement.QRS_AXIS), values.get(EcgCodes.Measurement.T_AXIS));
        return new Annotations(m, statements);
    }

    private static Patient patient(DataSet ds) {
        String name = null;
        PersonName pn = ds.getPersonName(Tag.PatientName);
        if (pn != null) {
            name = displayName(pn);
        }
        Integer age = null;
        String as = ds.getString(Tag.PatientAge);
        if (as != null && as.matches("\\d{3}[DWMY]")) {
            age = as.endsWith("Y") ? Integer.parseInt(as.substring(0, 3)) : 0;
        }
        return new Patient(ds.getString(Tag.PatientID), name, Sex.parse(ds.getString(Tag.PatientSex)),
                date(ds.getString(Tag.PatientBirthDate)), age);
    }

    /** Chinese names from the ideographic group as written (family name first, no space); else "Family Given". */
    static String displayName(PersonName pn) {
        String group = !pn.ideographic().isBlank() ? pn.ideographic() : !pn.alphabetic().isBlank() ? pn.alphabetic() : pn.phonetic();
        String sep = group.equals(pn.ideographic()) && !group.equals(pn.alphabetic()) ? "" : " ";
        StringBuilder sb = new StringBuilder();
        for (String part : group.split("\\^")) {
            if (!part.isBlank()) {
                if (sb.length() > 0) {
                    sb.append(sep);
                }
                sb.append(part.trim());
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    private static Acquisition acquisition(DataSet ds, FilterSettings filters) {
        return new Acquisition(acquisitionTime(ds), ds.getString(Tag.Manufacturer), ds.getString(Tag.ManufacturerModelName),
                ds.getString(Tag.InstitutionName), filters);
    }

    /** Acquisition Date Time, else Content Date/Time, else Study Date/Time; null when none is readable. */
    public static LocalDateTime acquisitionTime(DataSet ds) {
        LocalDateTime time = dateTime(ds.getString(Tag.AcquisitionDateTime));
        if (time == null) {
            time = dateTime(ds.getString(Tag.ContentDate), ds.getString(Tag.ContentTime));
        }
        return time != null ? time : dateTime(ds.getString(Tag.StudyDate), ds.getString(Tag.StudyTime));
    }

    /** DT (PS3.5 6.2): YYYYMMDDHHMMSS.FFFFFF&ZZXX, any trailing part optional. */
    static LocalDateTime dateTime(String dt) {
        if (dt == null || dt.length() < 8) {
            return null;
        }
        String digits = dt.split("[.+&-]", 2)[0];
        LocalDate d = date(digits.substring(0, 8));
        if (d == null) {
            return null;
        }
        LocalTime t = time(digits.substring(8));
        return t == null ? d.atStartOfDay() : d.atTime(t);
    }

    private static LocalDateTime dateTime(String da, String tm) {
        LocalDate d = date(da);
        if (d == null) {
            return null;
        }
        LocalTime t = time(tm);
        return t == null ? d.atStartOfDay() : d.atTime(t);
    }

    static LocalDate date(String da) {
        if (da == null || !da.trim().matches("\\d{8}")) {
            return null;
        }
        String s = da.trim();
        try {
            return LocalDate.of(Integer.parseInt(s.substring(0, 4)), Integer.parseInt(s.substring(4, 6)),
                    Integer.parseInt(s.substring(6, 8)));
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    /** TM: HH[MM[SS[.F]]], the legacy HH:MM:SS too. */
    static LocalTime time(String tm) {
        if (tm == null) {
            return null;
        }
        String s = tm.trim().replace(":", "");
        int dot = s.indexOf('.');
        if (dot >= 0) {
            s = s.substring(0, dot);
        }
        if (!s.matches("\\d{2}|\\d{4}|\\d{6}")) {
            return null;
        }
        try {
            return LocalTime.of(Integer.parseInt(s.substring(0, 2)), s.length() >= 4 ? Integer.parseInt(s.substring(2, 4)) : 0,
                    s.length() >= 6 ? Integer.parseInt(s.substring(4, 6)) : 0);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    static int requiredInt(DataSet ds, int tag, String name, String where) throws EcgFormatException {
        long v = requiredLong(ds, tag, name, where);
        if (v > Integer.MAX_VALUE) {
            throw new EcgFormatException(where + ": " + name + " " + v + " is too large");
        }
        return (int) v;
    }

    static long requiredLong(DataSet ds, int tag, String name, String where) throws EcgFormatException {
        long[] v;
        try {
            v = ds.getLongs(tag);
        } catch (NumberFormatException e) {
            throw new EcgFormatException(where + ": " + e.getMessage());
        }
        if (v.length == 0) {
            throw new EcgFormatException(where + ": no " + name);
        }
        if (v[0] > Integer.MAX_VALUE) {
            throw new EcgFormatException(where + ": " + name + " " + v[0] + " is too large");
        }
        return v[0];
    }

    static double number(DataSet ds, int tag, String name, String where, Double def) throws EcgFormatException {
        double[] v;
        try {
            v = ds.getDoubles(tag);
        } catch (NumberFormatException e) {
            throw new EcgFormatException(where + ": " + name + ": " + e.getMessage());
        }
        if (v.length == 0) {
            if (def != null) {
                return def;
            }
            throw new EcgFormatException(where + ": no " + name);
        }
        if (!Double.isFinite(v[0])) {
            throw new EcgFormatException(where + ": " + name + " is " + v[0]);
        }
        return v[0];
    }

    static Double optional(DataSet ds, int tag) {
        try {
            double[] v = ds.getDoubles(tag);
            return v.length == 0 || !Double.isFinite(v[0]) ? null : v[0];
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Double positive(Double v) {
        return v == null || v <= 0 ? null : v;
    }

    /** Waveform Sample Interpretation (PS3.3 C.10.9.1.5) and the bits it needs. */
    private static final class SampleCodec {
        final String interpretation;
        final int bytes;

        private SampleCodec(String interpretation, int bytes) {
            this.interpretation = interpretation;
            this.bytes = bytes;
        }

        static SampleCodec of(String interpretation, int bitsAllocated, String where) throws EcgFormatException {
            int needed = switch (interpretation.toUpperCase(Locale.ROOT)) {
                case "SB", "UB", "MB", "AB" -> 8;
                case "SS", "US" -> 16;
                case "SL", "UL" -> 32;
                case "SV", "UV" -> 64;
                default -> throw new EcgFormatException(where + ": Waveform Sample Interpretation (5400,1006) \""
                        + interpretation + "\" is not one of SB, UB, MB, AB, SS, US, SL, UL, SV, UV");
            };
            if (bitsAllocated != needed) {
                throw new EcgFormatException(where + ": Waveform Bits Allocated (5400,1004) is " + bitsAllocated
                        + " but interpretation " + interpretation + " needs " + needed);
            }
            return new SampleCodec(interpretation.toUpperCase(Locale.ROOT), needed / 8);
        }

        /** The stored bits, little endian as dicom-core keeps binary values. */
        long raw(byte[] b, long offset) {
            int o = (int) offset;
            return switch (interpretation) {
                case "SB" -> b[o];
                case "UB", "MB", "AB" -> b[o] & 0xFF;
                case "SS" -> (short) ((b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8);
                case "US" -> (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8;
                case "SL" -> (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8 | (b[o + 2] & 0xFF) << 16 | b[o + 3] << 24;
                case "UL" -> ((b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8 | (b[o + 2] & 0xFF) << 16 | (long) (b[o + 3] & 0xFF) << 24);
                default -> {
                    long v = 0;
                    for (int i = 7; i >= 0; i--) {
                        v = v << 8 | (b[o + i] & 0xFF);
                    }
                    yield v;
                }
            };
        }

        /** The sample value: mu-law and A-law expanded (ITU-T G.711) to 16-bit linear. */
        double value(long raw) {
            return switch (interpretation) {
                case "MB" -> muLaw((int) raw);
                case "AB" -> aLaw((int) raw);
                case "UV" -> raw < 0 ? raw + 0x1p64 : raw;
                default -> raw;
            };
        }

        static int muLaw(int u) {
            u = ~u & 0xFF;
            int t = ((u & 0x0F) << 3) + 0x84;
            t <<= (u & 0x70) >> 4;
            return (u & 0x80) != 0 ? 0x84 - t : t - 0x84;
        }

        static int aLaw(int a) {
            a ^= 0x55;
            int t = (a & 0x0F) << 4;
            int seg = (a & 0x70) >> 4;
            switch (seg) {
                case 0 -> t += 8;
                case 1 -> t += 0x108;
                default -> {
                    t += 0x108;
                    t <<= seg - 1;
                }
            }
            return (a & 0x80) != 0 ? t : -t;
        }
    }
}
