package org.rdc.ecg.synthetic;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.rdc.ecg.model.EcgRecord;
import org.rdc.ecg.model.Lead;

/** Writes a GE MUSE style export with only the 8 independent leads, like MUSE does, for decoder tests. */
public final class MuseXmlWriter {

    private MuseXmlWriter() {
    }

    public static byte[] write(EcgRecord r, double uvPerBit) {
        StringBuilder x = new StringBuilder();
        x.append("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n");
        x.append("<!DOCTYPE RestingECG SYSTEM \"restecg.dtd\">\n<RestingECG>\n");
        x.append("<MuseInfo><MuseVersion>8.0.2.10132</MuseVersion></MuseInfo>\n");
        x.append("<PatientDemographics><PatientID>M-42</PatientID><PatientAge>61</PatientAge><AgeUnits>YEARS</AgeUnits>"
                + "<DateofBirth>03-15-1963</DateofBirth><Gender>FEMALE</Gender><PatientLastName>DOE</PatientLastName>"
                + "<PatientFirstName>JANE</PatientFirstName></PatientDemographics>\n");
        x.append("<TestDemographics><DataType>RESTING</DataType><SiteName>Township 3</SiteName>"
                + "<AcquisitionDevice>MAC55</AcquisitionDevice><AcquisitionTime>08:15:30</AcquisitionTime>"
                + "<AcquisitionDate>04-02-2024</AcquisitionDate></TestDemographics>\n");
        x.append("<RestingECGMeasurements><VentricularRate>70</VentricularRate><PRInterval>160</PRInterval>"
                + "<QRSDuration>90</QRSDuration><QTInterval>380</QTInterval><QTCorrected>410</QTCorrected>"
                + "<PAxis>50</PAxis><RAxis>60</RAxis><TAxis>45</TAxis></RestingECGMeasurements>\n");
        x.append("<Diagnosis><Modality>RESTING</Modality><DiagnosisStatement><StmtFlag>ENDSLINE</StmtFlag>"
                + "<StmtText>Normal sinus rhythm</StmtText></DiagnosisStatement></Diagnosis>\n");
        x.append("<Waveform><WaveformType>Rhythm</WaveformType><WaveformStartTime>0</WaveformStartTime>"
                + "<NumberofLeads>8</NumberofLeads><SampleType>CONTINUOUS_SAMPLES</SampleType>"
                + "<SampleBase>").append((int) r.rhythm().sampleRateHz()).append("</SampleBase><SampleExponent>0</SampleExponent>"
                + "<HighPassFilter>5</HighPassFilter><LowPassFilter>150</LowPassFilter><ACFilter>50</ACFilter>\n");
        for (String name : List.of("I", "II", "V1", "V2", "V3", "V4", "V5", "V6")) {
            Lead l = r.rhythm().lead(name).orElseThrow();
            byte[] b = new byte[2 * l.length()];
            for (int k = 0; k < l.length(); k++) {
                int v = (int) Math.round(l.samplesUv()[k] / uvPerBit);
                b[2 * k] = (byte) v;
                b[2 * k + 1] = (byte) (v >> 8);
            }
            x.append("<LeadData><LeadByteCountTotal>").append(b.length).append("</LeadByteCountTotal>")
                    .append("<LeadSampleCountTotal>").append(l.length()).append("</LeadSampleCountTotal>")
                    .append("<LeadAmplitudeUnitsPerBit>").append(uvPerBit).append("</LeadAmplitudeUnitsPerBit>")
                    .append("<LeadAmplitudeUnits>MICROVOLTS</LeadAmplitudeUnits><LeadID>").append(name)
                    .append("</LeadID><LeadSampleSize>2</LeadSampleSize><WaveFormData>")
                    .append(Base64.getMimeEncoder().encodeToString(b)).append("</WaveFormData></LeadData>\n");
        }
        x.append("</Waveform>\n</RestingECG>\n");
        return x.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
