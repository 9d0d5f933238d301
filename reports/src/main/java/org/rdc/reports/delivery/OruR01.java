package org.rdc.reports.delivery;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Varies;
import ca.uhn.hl7v2.model.v251.datatype.ED;
import ca.uhn.hl7v2.model.v251.datatype.TX;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.model.v251.segment.MSH;
import ca.uhn.hl7v2.model.v251.segment.OBR;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import ca.uhn.hl7v2.model.v251.segment.PID;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * A report version as an HL7 v2.5.1 ORU^R01 (ch. 7 §7.3.1, unsolicited observation result): PID
 * the patient, OBR the report (OBR-25 result status from table 0123, OBR-32 the author), one TX
 * OBX per section with one OBX-5 repetition per line (a TX repetition is a hard line break, ch. 2
 * §2.A.79), and the signed PDF as an ED OBX (§2.A.24: type AP, subtype PDF, encoding Base64).
 * MSH-10 is the delivery's key, the same on every attempt.
 */
final class OruR01 {

    static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");
    private static final DateTimeFormatter DT = DateTimeFormatter.ofPattern("yyyyMMdd");

    private OruR01() {
    }

    /**
     * @param receivingApplication MSH-5, or null
     * @param zone                 time zone of HL7 TS values (sent with their offset)
     */
    static ORU_R01 build(Attempt a, String sendingFacility, String receivingApplication, ZoneId zone, Instant now)
            throws HL7Exception, IOException {
        DeliverableReport r = a.report();
        ORU_R01 m = Mllp.newOruR01();
        MSH msh = m.getMSH();
        msh.getSendingApplication().getNamespaceID().setValue("RDC");
        msh.getSendingFacility().getNamespaceID().setValue(sendingFacility);
        if (receivingApplication != null) {
            msh.getReceivingApplication().getNamespaceID().setValue(receivingApplication);
        }
        msh.getReceivingFacility().getNamespaceID().setValue(r.facilityId());
        msh.getDateTimeOfMessage().getTime().setValue(TS.format(now.atZone(zone)));
        msh.getMessageControlID().setValue(a.delivery().key());
        msh.getCharacterSet(0).setValue("UNICODE UTF-8");  // table 0211: the text is Chinese

        PID pid = m.getPATIENT_RESULT().getPATIENT().getPID();
        pid.getSetIDPID().setValue("1");
        pid.getPatientIdentifierList(0).getIDNumber().setValue(r.patient().id());
        pid.getPatientIdentifierList(0).getAssigningAuthority().getNamespaceID().setValue(r.facilityId());
        pid.getPatientName(0).getFamilyName().getSurname().setValue(r.patient().name());
        if (r.patient().birthDate() != null) {
            pid.getDateTimeOfBirth().getTime().setValue(r.patient().birthDate().format(DT));
        }
        if (r.patient().sex() != null) {
            pid.getAdministrativeSex().setValue(r.patient().sex());
        }

        ORU_R01_ORDER_OBSERVATION order = m.getPATIENT_RESULT().getORDER_OBSERVATION();
        OBR obr = order.getOBR();
        obr.getSetIDOBR().setValue("1");
        if (r.accessionNumber() != null) {
            obr.getPlacerOrderNumber().getEntityIdentifier().setValue(r.accessionNumber());
        }
        obr.getFillerOrderNumber().getEntityIdentifier().setValue(r.reportId());
        obr.getFillerOrderNumber().getNamespaceID().setValue("RDC");
        obr.getUniversalServiceIdentifier().getIdentifier().setValue(r.serviceLine() == null ? "REPORT" : r.serviceLine());
        obr.getUniversalServiceIdentifier().getText().setValue(r.examination());
        if (r.examinedAt() != null) {
            obr.getObservationDateTime().getTime().setValue(TS.format(r.examinedAt().atZone(zone)));
        }
        obr.getResultsRptStatusChngDateTime().getTime().setValue(TS.format(r.signedAt().atZone(zone)));
        obr.getResultStatus().setValue(r.status().hl7());
        obr.getPrincipalResultInterpreter().getNdl1_Name().getIDNumber().setValue(r.author().username());
        obr.getPrincipalResultInterpreter().getNdl1_Name().getFamilyName().setValue(r.author().name());
        if (r.verifier() != null) {
            obr.getAssistantResultInterpreter(0).getNdl1_Name().getIDNumber().setValue(r.verifier().username());
            obr.getAssistantResultInterpreter(0).getNdl1_Name().getFamilyName().setValue(r.verifier().name());
        }

        int set = 0;
        set = text(m, order, set, "FINDINGS", "检查所见", r.findings(), false, r);
        set = text(m, order, set, "IMPRESSION", "诊断意见", r.impression(), r.critical(), r);
        set = text(m, order, set, "RECOMMENDATION", "建议", r.recommendation(), false, r);
        OBX pdf = order.getOBSERVATION(set).getOBX();
        pdf.getSetIDOBX().setValue(Integer.toString(set + 1));
        pdf.getValueType().setValue("ED");
        pdf.getObservationIdentifier().getIdentifier().setValue("PDF");
        pdf.getObservationIdentifier().getText().setValue("signed report");
        ED ed = new ED(m);
        ed.getSourceApplication().getNamespaceID().setValue("RDC");
        ed.getTypeOfData().setValue("AP");
        ed.getDataSubtype().setValue("PDF");
        ed.getEncoding().setValue("Base64");
        ed.getData().setValue(Base64.getEncoder().encodeToString(a.pdf()));
        pdf.getObservationValue(0).setData(ed);
        pdf.getObservationResultStatus().setValue(r.status().hl7());
        return m;
    }

    /** One TX OBX, one repetition per line; returns the next OBSERVATION index. */
    private static int text(ORU_R01 m, ORU_R01_ORDER_OBSERVATION order, int set, String code, String name, String text,
                            boolean critical, DeliverableReport r) throws HL7Exception {
        if (text == null || text.isBlank()) {
            return set;
        }
        OBX obx = order.getOBSERVATION(set).getOBX();
        obx.getSetIDOBX().setValue(Integer.toString(set + 1));
        obx.getValueType().setValue("TX");
        obx.getObservationIdentifier().getIdentifier().setValue(code);
        obx.getObservationIdentifier().getText().setValue(name);
        int rep = 0;
        for (String line : text.split("\\R", -1)) {
            TX tx = new TX(m);
            tx.setValue(line);
            Varies v = obx.getObservationValue(rep++);
            v.setData(tx);
        }
        if (critical) {
            obx.getAbnormalFlags(0).setValue("AA");  // table 0078: critically abnormal (危急值)
        }
        obx.getObservationResultStatus().setValue(r.status().hl7());
        return set + 1;
    }
}
