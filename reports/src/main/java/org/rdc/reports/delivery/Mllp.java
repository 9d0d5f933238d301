package org.rdc.reports.delivery;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.llp.MinLowerLayerProtocol;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.parser.Parser;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One HL7 v2 message over MLLP (HL7 v2.5.1 Implementation Guide, Appendix C: the minimal lower layer
 * protocol) and the acknowledgement that decides (HL7 v2.5.1 ch. 2 §2.9.2, original acknowledgement
 * mode): AA (or CA) the receiver has it; AR (CR) it was rejected for a reason unrelated to its
 * content, e.g. the receiving application is down, so it is retried; AE (CE) the receiver found an
 * error in the message itself, which the same message sent again would repeat, so it is refused for
 * good. No answer within the timeout, or an answer to another message (MSA-2), is retried.
 */
public final class Mllp {

    private Mllp() {
    }

    /** The receiver found an error in the message itself (AE/CE): sending it again cannot help. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /**
     * Sends {@code message} (whose MSH-10 is {@code controlId}) and returns once it is accepted.
     *
     * @throws Refused     AE or CE
     * @throws IOException AR or CR, no answer, or an answer to another message: worth retrying
     */
    public static void send(HapiContext hapi, String host, int port, Message message, String controlId, Duration timeout)
            throws Exception {
        ca.uhn.hl7v2.app.Connection connection = hapi.newClient(host, port, false);
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
        String acknowledged = t.get("/MSA-2");
        String text = t.get("/MSA-3");
        String where = "HL7 to " + host + ":" + port + ", MSH-10 " + controlId;
        if (!controlId.equals(acknowledged)) {
            throw new IOException(where + ": the acknowledgement is for " + acknowledged);
        }
        switch (code == null ? "" : code) {
            case "AA", "CA" -> {
            }
            case "AE", "CE" -> throw new Refused(where + ": " + code + " (application error" + detail(text) + ")");
            default -> throw new IOException(where + ": " + code + " (rejected" + detail(text) + "), retrying");
        }
    }

    private static String detail(String text) {
        return text == null || text.isBlank() ? "" : ": " + text;
    }

    /**
     * HAPI as both ends here use it: no validation rules (the message is ours and well formed; the
     * default rules would refuse a PDF longer than TX's 65536 characters), MLLP encoded as MSH-18 says,
     * and message ids counted in memory: every MSH-10 we send is our own key, and HAPI's default
     * generator keeps its counter in an {@code id_file} in the working directory.
     */
    public static HapiContext hapi() {
        HapiContext c = new DefaultHapiContext();
        c.setValidationContext(ValidationContextFactory.noValidation());
        c.setLowerLayerProtocol(new MinLowerLayerProtocol(true));
        c.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
        return c;
    }

    private static final Parser PARSER = hapi().getPipeParser();

    /** A new ORU^R01 with MSH filled as HAPI's quick start does, on a parser of {@link #hapi()} (else HAPI's default one). */
    public static ORU_R01 newOruR01() throws HL7Exception, IOException {
        ORU_R01 m = new ORU_R01();
        m.setParser(PARSER);
        m.initQuickstart("ORU", "R01", "P");
        return m;
    }
}
