package org.rdc.reports.critical;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v251.datatype.TX;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.model.v251.segment.OBR;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.rdc.reports.delivery.Mllp;

/**
 * A critical value as an HL7 v2.5.1 ORU^R01 (ch. 7 §7.3.1, unsolicited observation result): PID the
 * patient, OBR the examination (OBR-3 the notification, OBR-25 result status from table 0123: P for
 * an ECG's automatic analysis and a preliminary report, F for a signed one), one TX OBX with the
 * summary whose OBX-8 abnormal flag is {@code AA} (table 0078, "very abnormal", the flag v2.5.1 gives a
 * panic value that is not numeric) and OBX-11 R (table 0085: not verified, the automatic analysis) or
 * F; an NTE on the OBR names the acknowledgement deadline, or for an escalation that it is overdue.
 * MSH-10 is the dispatch's key, the same on every attempt.
 */
final class CriticalOruR01 {

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");

    private CriticalOruR01() {
    }

    static String controlId(CriticalNotification.Dispatch d) {
        return "RDCC" + d.id();  // MSH-10 is ST, at most 20 characters
    }

    static ORU_R01 build(CriticalNotification n, CriticalNotification.Dispatch d, String sendingFacility, ZoneId zone, Instant now)
            throws HL7Exception, IOException {
        ORU_R01 m = Mllp.newOruR01();
        m.getMSH().getSendingApplication().getNamespaceID().setValue("RDC");
        m.getMSH().getSendingFacility().getNamespaceID().setValue(sendingFacility);
        m.getMSH().getReceivingFacility().getNamespaceID().setValue(n.facilityId());
        m.getMSH().getDateTimeOfMessage().getTime().setValue(TS.format(now.atZone(zone)));
        m.getMSH().getMessageControlID().setValue(controlId(d));
        m.getMSH().getCharacterSet(0).setValue("UNICODE UTF-8");  // table 0211: the text is Chinese

        var pid = m.getPATIENT_RESULT().getPATIENT().getPID();
        pid.getSetIDPID().setValue("1");
        pid.getPatientIdentifierList(0).getIDNumber().setValue(n.patientId() == null ? "" : n.patientId());
        pid.getPatientIdentifierList(0).getAssigningAuthority().getNamespaceID().setValue(n.facilityId());
        if (n.patientName() != null) {
            pid.getPatientName(0).getFamilyName().getSurname().setValue(n.patientName());
        }

        boolean verified = n.source() == CriticalNotification.Source.REPORT;
        ORU_R01_ORDER_OBSERVATION order = m.getPATIENT_RESULT().getORDER_OBSERVATION();
        OBR obr = order.getOBR();
        obr.getSetIDOBR().setValue("1");
        obr.getFillerOrderNumber().getEntityIdentifier().setValue("CRIT-" + n.id());
        obr.getFillerOrderNumber().getNamespaceID().setValue("RDC");
        obr.getUniversalServiceIdentifier().getIdentifier().setValue("CRITICAL");
        obr.getUniversalServiceIdentifier().getText().setValue("危急值 " + n.serviceLine());
        obr.getResultsRptStatusChngDateTime().getTime().setValue(TS.format(n.raisedAt().atZone(zone)));
        obr.getResultStatus().setValue(verified ? "F" : "P");
        order.getNTE(0).getSetIDNTE().setValue("1");
        order.getNTE(0).getComment(0).setValue(d.purpose() == CriticalNotification.Purpose.ESCALATE
                ? "逾期未确认，已升级 overdue, escalated (deadline " + TS.format(n.deadlineAt().atZone(zone)) + ")"
                : "请在 " + TS.format(n.deadlineAt().atZone(zone)) + " 前确认 acknowledge by this time");

        OBX obx = order.getOBSERVATION(0).getOBX();
        obx.getSetIDOBX().setValue("1");
        obx.getValueType().setValue("TX");
        obx.getObservationIdentifier().getIdentifier().setValue(n.category() == null ? "CRITICAL" : n.category());
        obx.getObservationIdentifier().getText().setValue("危急值 critical value");
        int rep = 0;
        for (String line : n.summary().split("\\R", -1)) {
            TX tx = new TX(m);
            tx.setValue(line);
            obx.getObservationValue(rep++).setData(tx);
        }
        obx.getAbnormalFlags(0).setValue("AA");
        obx.getObservationResultStatus().setValue(verified ? "F" : "R");
        obx.getDateTimeOfTheObservation().getTime().setValue(TS.format(n.raisedAt().atZone(zone)));
        return m;
    }
}
