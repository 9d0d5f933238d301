package org.rdc.reports.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.model.v251.datatype.ED;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rdc.storage.TestDatabases;

/** The report as an ORU^R01 to a HAPI MLLP receiver: what arrives, and how its acknowledgement decides. */
class Hl7DeliveryTest {

    static final byte[] PDF = "%PDF-1.7\n% a signed report\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void theReceiverGetsPatientSectionsAndThePdfAndItsAaMakesTheDeliverySent() throws Exception {
        try (Hl7Receiver receiver = new Hl7Receiver(); DeliveryFixture node = new DeliveryFixture(TestDatabases.h2InMemory())) {
            node.destinations.put("th01", List.of(Destination.hl7("127.0.0.1", receiver.port)));
            node.start(DeliveryFixture.FAST);
            DeliverableReport r = Reports.report("R-HL7-1", 1, "th01", PDF);

            Delivery d = node.enqueue(r, PDF).get(0);
            Delivery sent = node.await("R-HL7-1", Delivery.State.SENT).get(0);

            assertThat(receiver.received).hasSize(1);
            assertThat(receiver.filed).containsExactly(d.key());
            ORU_R01 m = new ORU_R01();
            m.setParser(Mllp.hapi().getPipeParser());
            m.parse(receiver.received.get(0));
            assertThat(m.getMSH().getMessageControlID().getValue()).isEqualTo(d.key());
            assertThat(m.getMSH().getMessageType().encode()).isEqualTo("ORU^R01^ORU_R01");
            assertThat(m.getMSH().getVersionID().getVersionID().getValue()).isEqualTo("2.5.1");
            assertThat(m.getMSH().getCharacterSet(0).getValue()).isEqualTo("UNICODE UTF-8");
            var pid = m.getPATIENT_RESULT().getPATIENT().getPID();
            assertThat(pid.getPatientIdentifierList(0).getIDNumber().getValue()).isEqualTo("P0001");
            assertThat(pid.getPatientName(0).getFamilyName().getSurname().getValue()).isEqualTo("张三");
            assertThat(pid.getDateTimeOfBirth().getTime().getValue()).isEqualTo("19600501");
            var order = m.getPATIENT_RESULT().getORDER_OBSERVATION();
            assertThat(order.getOBR().getFillerOrderNumber().getEntityIdentifier().getValue()).isEqualTo("R-HL7-1");
            assertThat(order.getOBR().getResultStatus().getValue()).isEqualTo("F");
            assertThat(order.getOBR().getPrincipalResultInterpreter().getNdl1_Name().getFamilyName().getValue()).isEqualTo("李伟");
            assertThat(order.getOBSERVATIONReps()).isEqualTo(4);
            OBX findings = order.getOBSERVATION(0).getOBX();
            assertThat(findings.getValueType().getValue()).isEqualTo("TX");
            assertThat(findings.getObservationIdentifier().getText().getValue()).isEqualTo("检查所见");
            assertThat(findings.getObservationValue(0).getData().encode()).isEqualTo(r.findings());
            assertThat(order.getOBSERVATION(1).getOBX().getObservationValue(0).getData().encode()).isEqualTo(r.impression());
            OBX pdf = order.getOBSERVATION(3).getOBX();
            assertThat(pdf.getValueType().getValue()).isEqualTo("ED");
            ED ed = (ED) pdf.getObservationValue(0).getData();
            assertThat(ed.getTypeOfData().getValue()).isEqualTo("AP");
            assertThat(ed.getDataSubtype().getValue()).isEqualTo("PDF");
            assertThat(ed.getEncoding().getValue()).isEqualTo("Base64");
            assertThat(Base64.getDecoder().decode(ed.getData().getValue())).isEqualTo(PDF);
            assertThat(sent.attempts()).isEqualTo(1);
            assertThat(node.counter(Channel.HL7, "delivered")).isEqualTo(1.0);
        }
    }

    @Test
    void arIsRetriedUntilAcceptedAndAeFailsTheDeliveryAtOnce() throws Exception {
        try (Hl7Receiver receiver = new Hl7Receiver(); DeliveryFixture node = new DeliveryFixture(TestDatabases.h2InMemory())) {
            node.destinations.put("th01", List.of(Destination.hl7("127.0.0.1", receiver.port)));
            receiver.answer = AcknowledgmentCode.AR;
            node.start(DeliveryFixture.FAST);

            node.enqueue(Reports.report("R-HL7-2", 1, "th01", PDF), PDF);
            node.waitFor(() -> receiver.received.size() >= 2, "two attempts refused with AR");
            Delivery retrying = node.delivery.deliveries("R-HL7-2").get(0);
            assertThat(retrying.state()).isEqualTo(Delivery.State.RETRYING);
            assertThat(retrying.lastError()).contains("AR");
            receiver.answer = AcknowledgmentCode.AA;
            Delivery sent = node.await("R-HL7-2", Delivery.State.SENT).get(0);
            assertThat(sent.attempts()).isGreaterThanOrEqualTo(3);
            assertThat(sent.lastError()).isNull();
            assertThat(receiver.filed).containsExactly(sent.key());

            receiver.answer = AcknowledgmentCode.AE;
            node.enqueue(Reports.report("R-HL7-3", 1, "th01", PDF), PDF);
            Delivery failed = node.await("R-HL7-3", Delivery.State.FAILED).get(0);
            assertThat(failed.attempts()).isEqualTo(1);
            assertThat(failed.lastError()).contains("AE");
            assertThat(node.delivery.deliveries("R-HL7-2").get(0)).as("what was delivered stays delivered").isEqualTo(sent);
            assertThat(node.counter(Channel.HL7, "retrying")).isGreaterThanOrEqualTo(2.0);
            assertThat(node.counter(Channel.HL7, "failed")).isEqualTo(1.0);
        }
    }
}
