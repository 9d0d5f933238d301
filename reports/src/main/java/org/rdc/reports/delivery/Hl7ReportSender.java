package org.rdc.reports.delivery;

import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;

/** Sends the ORU^R01 ({@link OruR01}) over MLLP; the acknowledgement decides ({@link Mllp}). */
final class Hl7ReportSender implements ChannelSender {

    private final HapiContext hapi;
    private final String sendingFacility;
    private final ZoneId zone;
    private final Duration timeout;
    private final Clock clock;

    Hl7ReportSender(String sendingFacility, ZoneId zone, Duration timeout, Clock clock) {
        this.hapi = Mllp.hapi();
        this.sendingFacility = sendingFacility;
        this.zone = zone;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public void send(Attempt a) throws Exception {
        ORU_R01 message = OruR01.build(a, sendingFacility, null, zone, clock.instant());
        Destination d = a.destination();
        try {
            Mllp.send(hapi, d.host(), d.port(), message, a.delivery().key(), timeout);
        } catch (Mllp.Refused e) {
            throw new RefusedForGood(e.getMessage());
        }
    }
}
