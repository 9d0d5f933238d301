package org.rdc.reports.delivery;

import ca.uhn.fhir.context.FhirContext;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;

/**
 * A report version as a FHIR R4 DiagnosticReport: status from the version (final, amended,
 * corrected, preliminary), the patient as a logical reference (the facility's Patient ID as the
 * identifier, system {@code urn:rdc:patient:<facility>}), author and verifier as
 * resultsInterpreter, the impression as conclusion, and the signed PDF as presentedForm
 * (application/pdf, its size and SHA-1 as Attachment.hash requires, base64). The facility is the
 * tag {@value #FACILITY_TAG}|facility id (search {@code _tag}); meta.versionId is the report version.
 */
public final class FhirReports {

    public static final String FACILITY_TAG = "urn:rdc:facility";
    public static final String REPORT_SYSTEM = "urn:rdc:report";
    static final String LOINC = "http://loinc.org";
    static final String V2_0074 = "http://terminology.hl7.org/CodeSystem/v2-0074";

    private static final FhirReports SHARED = new FhirReports();

    private final FhirContext fhir = FhirContext.forR4Cached();

    private FhirReports() {
    }

    /** One per process: a FHIR context is costly to build and safe to share. */
    public static FhirReports shared() {
        return SHARED;
    }

    public FhirContext context() {
        return fhir;
    }

    public DiagnosticReport diagnosticReport(DeliverableReport r, byte[] pdf) {
        DiagnosticReport d = new DiagnosticReport();
        d.setId(r.reportId());
        d.getMeta().setVersionId(Integer.toString(r.version())).setLastUpdated(Date.from(r.signedAt()))
                .addTag(FACILITY_TAG, r.facilityId(), null);
        d.addIdentifier(new Identifier().setSystem(REPORT_SYSTEM).setValue(r.reportId()));
        d.setStatus(DiagnosticReport.DiagnosticReportStatus.fromCode(r.status().fhir()));
        String[] category = category(r.serviceLine());
        d.addCategory(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(V2_0074, category[0], category[1])));
        boolean ecg = "ECG".equals(r.serviceLine());
        d.setCode(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(LOINC, ecg ? "11524-6" : "18748-4",
                ecg ? "EKG study" : "Diagnostic imaging study")).setText(r.examination()));
        d.setSubject(new Reference().setIdentifier(new Identifier().setSystem("urn:rdc:patient:" + r.facilityId())
                .setValue(r.patient().id())).setDisplay(r.patient().name()));
        if (r.examinedAt() != null) {
            d.setEffective(new DateTimeType(Date.from(r.examinedAt())));
        }
        d.setIssued(Date.from(r.signedAt()));
        d.addResultsInterpreter(person(r.author()));
        if (r.verifier() != null) {
            d.addResultsInterpreter(person(r.verifier()));
        }
        d.setConclusion(r.impression());
        d.addPresentedForm(new Attachment().setContentType("application/pdf").setLanguage("zh-CN").setData(pdf)
                .setSize(pdf.length).setHash(sha1(pdf)).setTitle(r.examination() + " 诊断报告")
                .setCreationElement(new DateTimeType(Date.from(r.signedAt()))));
        d.setText(narrative(r));
        return d;
    }

    /** A searchset Bundle (FHIR R4 §3.1.1.4: search results) of these reports. */
    public Bundle searchset(List<DiagnosticReport> reports, String selfUrl, String baseUrl) {
        Bundle b = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(reports.size());
        b.addLink().setRelation("self").setUrl(selfUrl);
        for (DiagnosticReport d : reports) {
            b.addEntry().setFullUrl(baseUrl + "/DiagnosticReport/" + d.getIdElement().getIdPart()).setResource(d)
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        return b;
    }

    public String json(org.hl7.fhir.instance.model.api.IBaseResource resource) {
        return fhir.newJsonParser().encodeResourceToString(resource);
    }

    /** HL7 table 0074 (diagnostic service section): RAD radiology, RUS radiology ultrasound, EC electrocardiac. */
    private static String[] category(String serviceLine) {
        if ("ULTRASOUND".equals(serviceLine)) {
            return new String[] {"RUS", "Radiology Ultrasound"};
        }
        if ("ECG".equals(serviceLine)) {
            return new String[] {"EC", "Electrocardiac (e.g., EKG)"};
        }
        return new String[] {"RAD", "Radiology"};
    }

    private static Reference person(DeliverableReport.Person p) {
        return new Reference().setIdentifier(new Identifier().setSystem("urn:rdc:user").setValue(p.username())).setDisplay(p.name());
    }

    /** The sections as text, for a reader without a PDF viewer (the PDF is the signed original). */
    private static Narrative narrative(DeliverableReport r) {
        XhtmlNode div = new XhtmlNode(org.hl7.fhir.utilities.xhtml.NodeType.Element, "div");
        div.setAttribute("xmlns", "http://www.w3.org/1999/xhtml");
        section(div, "检查所见", r.findings());
        section(div, "诊断意见", r.impression());
        section(div, "建议", r.recommendation());
        return new Narrative().setStatus(Narrative.NarrativeStatus.GENERATED).setDiv(div);
    }

    private static void section(XhtmlNode div, String title, String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        div.addTag("h3").addText(title);
        div.addTag("p").addText(text);
    }

    /** FHIR R4 Attachment.hash: the SHA-1 of the data (base64 in JSON). */
    static byte[] sha1(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
