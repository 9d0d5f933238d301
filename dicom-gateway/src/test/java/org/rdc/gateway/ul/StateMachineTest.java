package org.rdc.gateway.ul;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rdc.gateway.ul.Pdu.AssociateAc;
import org.rdc.gateway.ul.Pdu.AssociateRq;
import org.rdc.gateway.ul.Pdu.PresentationContextAc;
import org.rdc.gateway.ul.Pdu.PresentationContextRq;
import org.rdc.gateway.ul.Pdu.UserInfo;
import org.rdc.gateway.ul.StateMachine.Action;
import org.rdc.gateway.ul.StateMachine.Event;
import org.rdc.gateway.ul.StateMachine.State;

/** The transition table against PS3.8 Table 9-10, and a release collision played through real pipelines. */
class StateMachineTest {

    @Test
    void tableCellsFromTheStandard() {
        assertThat(StateMachine.action(State.STA1, Event.EVT5)).isEqualTo(Action.AE_5);
        assertThat(StateMachine.action(State.STA2, Event.EVT6)).isEqualTo(Action.AE_6);
        assertThat(StateMachine.action(State.STA2, Event.EVT10)).isEqualTo(Action.AA_1);
        assertThat(StateMachine.action(State.STA2, Event.EVT18)).isEqualTo(Action.AA_2);
        assertThat(StateMachine.action(State.STA6, Event.EVT10)).isEqualTo(Action.DT_2);
        assertThat(StateMachine.action(State.STA6, Event.EVT12)).isEqualTo(Action.AR_2);
        assertThat(StateMachine.action(State.STA7, Event.EVT12)).isEqualTo(Action.AR_8);
        assertThat(StateMachine.action(State.STA9, Event.EVT14)).isEqualTo(Action.AR_9);
        assertThat(StateMachine.action(State.STA10, Event.EVT13)).isEqualTo(Action.AR_10);
        assertThat(StateMachine.action(State.STA11, Event.EVT13)).isEqualTo(Action.AR_3);
        assertThat(StateMachine.action(State.STA12, Event.EVT14)).isEqualTo(Action.AR_4);
        assertThat(StateMachine.action(State.STA13, Event.EVT6)).isEqualTo(Action.AA_7);
        assertThat(StateMachine.action(State.STA13, Event.EVT17)).isEqualTo(Action.AR_5);
        assertThat(StateMachine.action(State.STA6, Event.EVT19)).isEqualTo(Action.AA_8);
        assertThat(StateMachine.action(State.STA4, Event.EVT15)).isEqualTo(Action.AA_2);
        assertThat(StateMachine.action(State.STA1, Event.EVT17)).as("no entry: cannot happen").isNull();
        int cells = 0;
        for (Event e : Event.values()) {
            for (State s : State.values()) {
                cells += StateMachine.action(s, e) == null ? 0 : 1;
            }
        }
        assertThat(cells).as("defined cells of Table 9-10").isEqualTo(123);
    }

    /** Both sides send A-RELEASE-RQ at once (PS3.8 9.2.2 release collision): both end released, in order. */
    @Test
    void releaseCollision() {
        EmbeddedChannel req = new EmbeddedChannel();
        EmbeddedChannel acc = new EmbeddedChannel();
        PduFrameDecoder fr = new PduFrameDecoder(65536, 65536);
        PduFrameDecoder fa = new PduFrameDecoder(65536, 65536);
        Association requestor = new Association(req, true, UlSettings.defaults(), null, fr, null);
        AssociateRq rq = new AssociateRq(1, "ACC", "REQ", Pdu.DICOM_APPLICATION_CONTEXT,
                List.of(new PresentationContextRq(1, "1.2.840.10008.1.1", List.of("1.2.840.10008.1.2"))),
                new UserInfo(65536, "1.2.3", "T", -1, -1, List.of(), null, null));
        Association acceptor = new Association(acc, false, UlSettings.defaults(), (a, r) -> Association.Decision.accept(
                new AssociateAc(1, r.calledAe(), r.callingAe(), Pdu.DICOM_APPLICATION_CONTEXT,
                        List.of(new PresentationContextAc(1, 0, "1.2.840.10008.1.2")), r.userInfo()), "peer"), fa, null);
        req.pipeline().addLast(fr, new PduCodecHandler(), new AssociationHandler(requestor));
        acc.pipeline().addLast(fa, new PduCodecHandler(), new AssociationHandler(acceptor));
        acceptor.handle(Event.EVT5, null); // transport connection indication (the embedded channel is already active)
        requestor.handle(Event.EVT1, rq);
        requestor.handle(Event.EVT2, null);
        pump(req, acc);
        assertThat(acceptor.state()).isEqualTo(State.STA6);
        assertThat(requestor.state()).isEqualTo(State.STA6);

        // both ask to release before seeing the other's request
        requestor.release();
        acceptor.handle(Event.EVT11, null);
        req.runPendingTasks();
        assertThat(requestor.state()).isEqualTo(State.STA7);
        assertThat(acceptor.state()).isEqualTo(State.STA7);
        pump(req, acc); // each receives the other's A-RELEASE-RQ: AR-8
        assertThat(requestor.state()).isEqualTo(State.STA9);
        assertThat(acceptor.state()).isEqualTo(State.STA10);
        requestor.releaseResponse(); // AR-9: requestor answers first
        acceptor.releaseResponse();  // remembered until Sta12
        req.runPendingTasks();
        acc.runPendingTasks();
        assertThat(requestor.state()).isEqualTo(State.STA11);
        pump(req, acc);
        // acceptor: A-RELEASE-RP in Sta10 -> AR-10 -> Sta12, then its pending response -> AR-4 -> Sta13;
        // requestor: the acceptor's A-RELEASE-RP in Sta11 -> AR-3 -> Sta1
        pump(req, acc);
        assertThat(acceptor.state()).isEqualTo(State.STA13);
        assertThat(requestor.state()).isEqualTo(State.STA1);
    }

    /** Moves every written PDU to the other side until nothing is left. */
    private static void pump(EmbeddedChannel a, EmbeddedChannel b) {
        boolean moved = true;
        while (moved) {
            moved = false;
            a.runPendingTasks();
            b.runPendingTasks();
            for (Object o; (o = a.readOutbound()) != null; moved = true) {
                b.writeInbound((ByteBuf) o);
            }
            for (Object o; (o = b.readOutbound()) != null; moved = true) {
                a.writeInbound((ByteBuf) o);
            }
        }
    }
}
