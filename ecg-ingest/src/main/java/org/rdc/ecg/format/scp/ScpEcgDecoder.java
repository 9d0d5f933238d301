package org.rdc.ecg.format.scp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rdc.ecg.EcgFormatException;
import org.rdc.ecg.format.EcgContent;
import org.rdc.ecg.format.EcgDecoder;
import org.rdc.ecg.model.DeviceMeasurements;
import org.rdc.ecg.model.EcgRecord;
import org.rdc.ecg.model.Lead;
import org.rdc.ecg.model.SourceFormat;
import org.rdc.ecg.model.WaveformSet;

/**
 * SCP-ECG, EN 1064 (protocol versions 1.x, 2.x and 3.x): file CRC and size, the section 0
 * pointer table, then sections 1 to 8 and 11; a v3 record without section 6 gives its rhythm in
 * section 12 (long-term rhythm data, {@link ScpLongTermRhythm}). Rhythm data are Huffman and difference decoded and,
 * when section 3 says so, the reference beat of section 5 is added back inside each subtraction
 * zone of section 4 (5.7, 5.9). Bimodal (decimated) rhythm data are refused with a clear error.
 */
public final class ScpEcgDecoder implements EcgDecoder {

    private static final int FILE_HEADER = 6;
    private static final byte[] MAGIC = "SCPECG".getBytes(StandardCharsets.US_ASCII);

    @Override
    public SourceFormat format() {
        return SourceFormat.SCP_ECG;
    }

    @Override
    public boolean accepts(EcgContent content) {
        byte[] b = content.bytes();
        if (b.length < FILE_HEADER + ScpSection.HEADER) {
            return false;
        }
        boolean magic = true;
        for (int i = 0; i < MAGIC.length; i++) {
            magic &= b[FILE_HEADER + 10 + i] == MAGIC[i];
        }
        boolean section0 = b[FILE_HEADER + 2] == 0 && b[FILE_HEADER + 3] == 0;
        return section0 && (magic || u32(b, 2) == b.length);
    }

    @Override
    public EcgRecord decode(EcgContent content) throws EcgFormatException {
        byte[] b = content.bytes();
        long declared = u32(b, 2);
        if (declared != b.length) {
            throw new EcgFormatException("SCP-ECG record size field says " + declared + " bytes but "
                    + b.length + " were received");
        }
        int storedCrc = (b[0] & 0xFF) | (b[1] & 0xFF) << 8;
        int crc = Crc16Ccitt.compute(b, 2, b.length);
        if (storedCrc != crc) {
            throw new EcgFormatException(String.format("SCP-ECG file CRC mismatch: stored 0x%04x, computed 0x%04x",
                    storedCrc, crc));
        }
        Map<Integer, ScpSection> sections = sections(b);
        ScpSection s0 = sections.get(0);
        ScpPatientSection patient = sections.containsKey(1) ? ScpPatientSection.read(sections.get(1)) : null;
        ScpText text = patient != null ? patient.text() : ScpText.latin1();

        if (!sections.containsKey(6) && sections.containsKey(12)) {
            return new EcgRecord(SourceFormat.SCP_ECG, version(s0, patient),
                    patient != null ? patient.patient() : null, patient != null ? patient.acquisition() : null,
                    longTermRhythm(sections.get(12)), null, measurements(sections), statements(sections, text), content.source());
        }
        ScpLeadDefinition leads = ScpLeadDefinition.read(require(sections, 3, "lead definition"));
        List<HuffmanTable> huffman = sections.containsKey(2) ? ScpHuffmanSection.read(sections.get(2)) : null;
        ScpQrsLocations qrs = sections.containsKey(4) ? ScpQrsLocations.read(sections.get(4)) : null;
        ScpEncodedData refData = sections.containsKey(5)
                ? ScpEncodedData.read(sections.get(5), leads.leads().size()) : null;
        ScpEncodedData rhythmData = ScpEncodedData.read(require(sections, 6, "rhythm data, nor section 12, long-term rhythm data"), leads.leads().size());
        if (rhythmData.bimodal) {
            throw new EcgFormatException("SCP-ECG section 6 uses bimodal compression (decimated rhythm), which is not supported");
        }

        double[][] reference = null;
        if (refData != null && qrs != null && qrs.referenceBeatLengthMs() > 0) {
            int refSamples = (int) Math.round(qrs.referenceBeatLengthMs() * 1000.0 / refData.intervalMicroseconds);
            reference = new double[leads.leads().size()][];
            for (int i = 0; i < reference.length; i++) {
                int[] raw = refData.lead(i, refSamples, huffman);
                reference[i] = new double[raw.length];
                for (int k = 0; k < raw.length; k++) {
                    reference[i][k] = refData.toMicrovolts(raw[k]);
                }
            }
        }
        if (leads.referenceBeatSubtracted() && (reference == null || qrs == null)) {
            throw new EcgFormatException("SCP-ECG section 3 says the reference beat was subtracted but sections 4/5 "
                    + "do not give it");
        }
        if (leads.referenceBeatSubtracted() && refData.intervalMicroseconds != rhythmData.intervalMicroseconds) {
            throw new EcgFormatException("SCP-ECG reference beat (" + refData.intervalMicroseconds
                    + " us) and rhythm (" + rhythmData.intervalMicroseconds + " us) sample intervals differ");
        }

        List<Lead> rhythm = new ArrayList<>();
        List<Lead> median = new ArrayList<>();
        for (int i = 0; i < leads.leads().size(); i++) {
            ScpLeadDefinition.LeadRange range = leads.leads().get(i);
            String name = ScpLeadIds.name(range.leadId());
            int[] raw = rhythmData.lead(i, range.sampleCount(), huffman);
            double[] uv = new double[raw.length];
            for (int k = 0; k < raw.length; k++) {
                uv[k] = rhythmData.toMicrovolts(raw[k]);
            }
            if (leads.referenceBeatSubtracted()) {
                addReferenceBeat(uv, range.firstSample(), reference[i], qrs);
            }
            rhythm.add(new Lead(name, uv));
            if (reference != null) {
                median.add(new Lead(name, reference[i]));
            }
        }
        WaveformSet medianSet = median.isEmpty() ? null : new WaveformSet(refData.sampleRateHz(), median);
        return new EcgRecord(SourceFormat.SCP_ECG, version(s0, patient),
                patient != null ? patient.patient() : null, patient != null ? patient.acquisition() : null,
                new WaveformSet(rhythmData.sampleRateHz(), rhythm), medianSet, measurements(sections),
                statements(sections, text), content.source());
    }

    private static DeviceMeasurements measurements(Map<Integer, ScpSection> sections) throws EcgFormatException {
        return sections.containsKey(7) ? ScpGlobalMeasurements.read(sections.get(7)) : DeviceMeasurements.none();
    }

    private static List<String> statements(Map<Integer, ScpSection> sections, ScpText text) throws EcgFormatException {
        List<String> statements = new ArrayList<>();
        if (sections.containsKey(8)) {
            statements.addAll(ScpStatements.read(sections.get(8), text));
        }
        if (sections.containsKey(11)) {
            statements.addAll(ScpStatements.read(sections.get(11), text));
        }
        return statements;
    }

    /**
     * A v3 record whose rhythm is in section 12 (long-term rhythm data) instead of section 6: the
     * uncompressed, multiplexed samples of {@link ScpLongTermRhythm}, each lead scaled by its own
     * amplitude. Long recordings go through the Holter reader, which streams them.
     */
    private static WaveformSet longTermRhythm(ScpSection s) throws EcgFormatException {
        int off = s.absolute(0, Math.min(s.dataLength(), ScpLongTermRhythm.FIXED_BLOCK), "long-term rhythm header");
        ScpLongTermRhythm r = ScpLongTermRhythm.read(s.file(), off, s.dataLength(), s.dataLength());
        byte[] b = s.file();
        int frames = (int) r.samplesPerLead();
        List<Lead> leads = new ArrayList<>();
        for (int l = 0; l < r.leads().size(); l++) {
            double perUnit = r.leads().get(l).nanovoltsPerUnit() / 1000.0;
            double[] uv = new double[frames];
            int at = off + r.samplesOffset() + l * r.bytesPerSample();
            for (int k = 0; k < frames; k++, at += r.frameBytes()) {
                uv[k] = r.sample(b, at) * perUnit;
            }
            leads.add(new Lead(r.leads().get(l).name(), uv));
        }
        return new WaveformSet(r.sampleRateHz(), leads);
    }

    /** Adds the reference beat back inside each type-0 subtraction zone (EN 1064 5.7.2). */
    private static void addReferenceBeat(double[] uv, long firstSample, double[] ref, ScpQrsLocations qrs) {
        for (ScpQrsLocations.Qrs q : qrs.complexes()) {
            if (q.beatType() != 0) {
                continue;
            }
            for (long sample = q.subtractionStart(); sample <= q.subtractionEnd(); sample++) {
                long idx = sample - firstSample;
                long refIdx = sample - q.fiducial() + qrs.referenceFiducialSample() - 1;
                if (idx >= 0 && idx < uv.length && refIdx >= 0 && refIdx < ref.length) {
                    uv[(int) idx] += ref[(int) refIdx];
                }
            }
        }
    }

    private static String version(ScpSection s0, ScpPatientSection patient) {
        int v = s0.protocolVersion();
        if (v == 0 && patient != null) {
            v = patient.deviceProtocolRevision();
        }
        return v / 10 + "." + v % 10;
    }

    /** Section 0 (EN 1064 5.3): 10-byte pointers (id, length, 1-based index) to every section. */
    private static Map<Integer, ScpSection> sections(byte[] b) throws EcgFormatException {
        if (b.length < FILE_HEADER + ScpSection.HEADER) {
            throw new EcgFormatException("SCP-ECG file is " + b.length + " bytes, too short for section 0");
        }
        long len0 = u32(b, FILE_HEADER + 4);
        if (len0 < ScpSection.HEADER || len0 > b.length - FILE_HEADER) {
            throw new EcgFormatException("SCP-ECG section 0 declares " + len0 + " bytes in a file of " + b.length);
        }
        ScpSection s0 = new ScpSection(b, 0, FILE_HEADER, (int) len0);
        Map<Integer, ScpSection> map = new HashMap<>();
        map.put(0, s0);
        for (ScpPointer p : ScpPointer.read(s0)) {
            p.check(b.length);
            map.putIfAbsent(p.id(), new ScpSection(b, p.id(), (int) (p.index() - 1), (int) p.length()));
        }
        return map;
    }

    private static ScpSection require(Map<Integer, ScpSection> sections, int id, String what)
            throws EcgFormatException {
        ScpSection s = sections.get(id);
        if (s == null) {
            throw new EcgFormatException("SCP-ECG file has no section " + id + " (" + what + ")");
        }
        return s;
    }

    private static long u32(byte[] b, int o) {
        return (b[o] & 0xFFL) | (b[o + 1] & 0xFFL) << 8 | (b[o + 2] & 0xFFL) << 16 | (b[o + 3] & 0xFFL) << 24;
    }
}
