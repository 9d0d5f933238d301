package org.rdc.reports.delivery;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.llp.MinLowerLayerProtocol;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;

/**
 * Sends the ORU^R01 ({@link OruR01}) over MLLP (HL7 v2.5.1 Implementation Guide, Appendix C: the
 * minimal lower layer protocol) and waits for the acknowledgement, which decides (HL7 v2.5.1 ch. 2
 * §2.9.2, original acknowledgement mode): AA (or CA) the receiver has it; AR (CR) it was rejected for
 * a reason unrelated to its content, e.g. the receiving application is down, so it is retried; AE (CE)
 * the receiver found an error in the message itself, which the same message sent again would repeat,
 * so the delivery fails for an administrator to look at. No answer within the timeout is retried.
 */
final class Hl7ReportSender implements ChannelSender {

    private final HapiContext hapi;
    private final String sendingFacility;
    private final ZoneId zone;
    private final Duration timeout;
    private final Clock clock;

    Hl7ReportSender(String sendingFacility, ZoneId zone, Duration timeout, Clock clock) {
        this.hapi = hapi();
        this.sendingFacility = sendingFacility;
        this.zone = zone;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public void send(Attempt a) throws Exception {
        ORU_R01 message = OruR01.build(a, sendingFacility, null, zone, clock.instant());
        Destination d = a.destination();
        ca.uhn.hl7v2.app.Connection connection = hapi.newClient(d.host(), d.port(), false);
        Message ack;
        try {
            ca.uhn.hl7v2.app.Initiator initiator = connection.getInitiator();
            initiator.setTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
            ack = initiator.sendAndReceive(message);
        } finally {
            connection.close();
        }
        Terser t = new Terser(ack);
        String code = t.get("/MSA-1");
        String controlId = t.get("/MSA-2");
        String text = t.get("/MSA-3");
        String where = "HL7 to " + d.address() + ", MSH-10 " + a.delivery().key();
        if (!a.delivery().key().equals(controlId)) {
            throw new IOException(where + ": the acknowledgement is for " + controlId);
        }
        switch (code == null ? "" : code) {
            case "AA", "CA" -> {
            }
            case "AE", "CE" -> throw new RefusedForGood(where + ": " + code + " (application error" + detail(text) + ")");
            default -> throw new IOException(where + ": " + code + " (rejected" + detail(text) + "), retrying");
        }
    }

    private static String detail(String text) {
        return text == null || text.isBlank() ? "" : ": " + text;
    }

    /**
     * HAPI as both ends here use it: no validation rules (the message is ours and well formed; the
     * default rules would refuse a PDF longer than TX's 65536 characters), MLLP encoded as MSH-18 says.
     */
    static HapiContext hapi() {
        HapiContext c = new DefaultHapiContext();
        c.setValidationContext(ValidationContextFactory.noValidation());
        c.setLowerLayerProtocol(new MinLowerLayerProtocol(true));
        return c;
    }
}
