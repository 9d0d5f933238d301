package org.rdc.gateway.ul;

import java.util.EnumMap;
import java.util.Map;

/**
 * The DICOM Upper Layer protocol state machine, PS3.8 section 9.2: states (Table 9-1), events and
 * actions (Tables 9-6 to 9-9), and the state transition table (Table 9-10) written out as in the
 * standard. {@link Association} performs the actions; this class only says which one.
 */
public final class StateMachine {

    private StateMachine() {
    }

    /** PS3.8 Table 9-1. */
    public enum State {
        STA1("Idle"),
        STA2("Transport connection open (awaiting A-ASSOCIATE-RQ PDU)"),
        STA3("Awaiting local A-ASSOCIATE response primitive"),
        STA4("Awaiting transport connection opening to complete"),
        STA5("Awaiting A-ASSOCIATE-AC or A-ASSOCIATE-RJ PDU"),
        STA6("Association established and ready for data transfer"),
        STA7("Awaiting A-RELEASE-RP PDU"),
        STA8("Awaiting local A-RELEASE response primitive"),
        STA9("Release collision requestor side; awaiting A-RELEASE response primitive"),
        STA10("Release collision acceptor side; awaiting A-RELEASE-RP PDU"),
        STA11("Release collision requestor side; awaiting A-RELEASE-RP PDU"),
        STA12("Release collision acceptor side; awaiting A-RELEASE response primitive"),
        STA13("Awaiting Transport Connection Close Indication");

        public final String description;

        State(String description) {
            this.description = description;
        }
    }

    /** PS3.8 Table 9-10, first column. */
    public enum Event {
        EVT1("A-ASSOCIATE request (local user)"),
        EVT2("Transport connect confirmation (local transport service)"),
        EVT3("A-ASSOCIATE-AC PDU (received on transport connection)"),
        EVT4("A-ASSOCIATE-RJ PDU (received on transport connection)"),
        EVT5("Transport connection indication (local transport service)"),
        EVT6("A-ASSOCIATE-RQ PDU (received on transport connection)"),
        EVT7("A-ASSOCIATE response primitive (accept)"),
        EVT8("A-ASSOCIATE response primitive (reject)"),
        EVT9("P-DATA request primitive"),
        EVT10("P-DATA-TF PDU"),
        EVT11("A-RELEASE request primitive"),
        EVT12("A-RELEASE-RQ PDU (received on open transport connection)"),
        EVT13("A-RELEASE-RP PDU (received on transport connection)"),
        EVT14("A-RELEASE response primitive"),
        EVT15("A-ABORT request primitive"),
        EVT16("A-ABORT PDU (received on open transport connection)"),
        EVT17("Transport connection closed indication (local transport service)"),
        EVT18("ARTIM timer expired (Association reject/release timer)"),
        EVT19("Unrecognized or invalid PDU received");

        public final String description;

        Event(String description) {
            this.description = description;
        }
    }

    /** PS3.8 Tables 9-6 (AE), 9-7 (DT), 9-8 (AR), 9-9 (AA). */
    public enum Action {
        AE_1("Issue TRANSPORT CONNECT request primitive to local transport service", State.STA4),
        AE_2("Send A-ASSOCIATE-RQ-PDU", State.STA5),
        AE_3("Issue A-ASSOCIATE confirmation (accept) primitive", State.STA6),
        AE_4("Issue A-ASSOCIATE confirmation (reject) primitive and close transport connection", State.STA1),
        AE_5("Issue Transport connection response primitive; start ARTIM timer", State.STA2),
        AE_6("Stop ARTIM timer and if A-ASSOCIATE-RQ acceptable by service-provider: issue A-ASSOCIATE indication"
                + " primitive (next state Sta3), otherwise: issue A-ASSOCIATE-RJ-PDU and start ARTIM timer (Sta13)", null),
        AE_7("Send A-ASSOCIATE-AC PDU", State.STA6),
        AE_8("Send A-ASSOCIATE-RJ PDU and start ARTIM timer", State.STA13),

        DT_1("Send P-DATA-TF PDU", State.STA6),
        DT_2("Send P-DATA indication primitive", State.STA6),

        AR_1("Send A-RELEASE-RQ PDU", State.STA7),
        AR_2("Issue A-RELEASE indication primitive", State.STA8),
        AR_3("Issue A-RELEASE confirmation primitive, and close transport connection", State.STA1),
        AR_4("Issue A-RELEASE-RP PDU and start ARTIM timer", State.STA13),
        AR_5("Stop ARTIM timer", State.STA1),
        AR_6("Issue P-DATA indication", State.STA7),
        AR_7("Issue P-DATA-TF PDU", State.STA8),
        AR_8("Issue A-RELEASE indication (release collision): if association-requestor, next state is Sta9,"
                + " if not next state is Sta10", null),
        AR_9("Send A-RELEASE-RP PDU", State.STA11),
        AR_10("Issue A-RELEASE confirmation primitive", State.STA12),

        AA_1("Send A-ABORT PDU (service-user source) and start (or restart if already started) ARTIM timer", State.STA13),
        AA_2("Stop ARTIM timer if running. Close transport connection", State.STA1),
        AA_3("If (service-user initiated abort): issue A-ABORT indication and close transport connection;"
                + " otherwise (service-provider initiated abort): issue A-P-ABORT indication and close transport connection",
                State.STA1),
        AA_4("Issue A-P-ABORT indication primitive", State.STA1),
        AA_5("Stop ARTIM timer", State.STA1),
        AA_6("Ignore PDU", State.STA13),
        AA_7("Send A-ABORT PDU", State.STA13),
        AA_8("Send A-ABORT PDU (service-provider source), issue an A-P-ABORT indication, and start ARTIM timer",
                State.STA13);

        public final String description;
        /** The next state, or null where the action decides (AE-6, AR-8). */
        public final State next;

        Action(String description, State next) {
            this.description = description;
            this.next = next;
        }
    }

    private static final Map<Event, Map<State, Action>> TABLE = new EnumMap<>(Event.class);

    private static void row(Event e, Object... stateAction) {
        Map<State, Action> row = new EnumMap<>(State.class);
        for (int i = 0; i < stateAction.length; i += 2) {
            row.put((State) stateAction[i], (Action) stateAction[i + 1]);
        }
        TABLE.put(e, row);
    }

    // PS3.8 Table 9-10 "DICOM Upper Layer Protocol State Transition Table", one row per event.
    static {
        State s1 = State.STA1, s2 = State.STA2, s3 = State.STA3, s4 = State.STA4, s5 = State.STA5, s6 = State.STA6,
                s7 = State.STA7, s8 = State.STA8, s9 = State.STA9, s10 = State.STA10, s11 = State.STA11,
                s12 = State.STA12, s13 = State.STA13;
        Action aa1 = Action.AA_1, aa2 = Action.AA_2, aa3 = Action.AA_3, aa4 = Action.AA_4, aa5 = Action.AA_5,
                aa6 = Action.AA_6, aa7 = Action.AA_7, aa8 = Action.AA_8;
        row(Event.EVT1, s1, Action.AE_1);
        row(Event.EVT2, s4, Action.AE_2);
        row(Event.EVT3, s2, aa1, s3, aa8, s5, Action.AE_3, s6, aa8, s7, aa8, s8, aa8, s9, aa8, s10, aa8, s11, aa8, s12, aa8,
                s13, aa6);
        row(Event.EVT4, s2, aa1, s3, aa8, s5, Action.AE_4, s6, aa8, s7, aa8, s8, aa8, s9, aa8, s10, aa8, s11, aa8, s12, aa8,
                s13, aa6);
        row(Event.EVT5, s1, Action.AE_5);
        row(Event.EVT6, s2, Action.AE_6, s3, aa8, s5, aa8, s6, aa8, s7, aa8, s8, aa8, s9, aa8, s10, aa8, s11, aa8, s12, aa8,
                s13, aa7);
        row(Event.EVT7, s3, Action.AE_7);
        row(Event.EVT8, s3, Action.AE_8);
        row(Event.EVT9, s6, Action.DT_1, s8, Action.AR_7);
        row(Event.EVT10, s2, aa1, s3, aa8, s5, aa8, s6, Action.DT_2, s7, Action.AR_6, s8, aa8, s9, aa8, s10, aa8, s11, aa8,
                s12, aa8, s13, aa6);
        row(Event.EVT11, s6, Action.AR_1);
        row(Event.EVT12, s2, aa1, s3, aa8, s5, aa8, s6, Action.AR_2, s7, Action.AR_8, s8, aa8, s9, aa8, s10, aa8, s11, aa8,
                s12, aa8, s13, aa6);
        row(Event.EVT13, s2, aa1, s3, aa8, s5, aa8, s6, aa8, s7, Action.AR_3, s8, aa8, s9, aa8, s10, Action.AR_10,
                s11, Action.AR_3, s12, aa8, s13, aa6);
        row(Event.EVT14, s8, Action.AR_4, s9, Action.AR_9, s12, Action.AR_4);
        row(Event.EVT15, s3, aa1, s4, aa2, s5, aa1, s6, aa1, s7, aa1, s8, aa1, s9, aa1, s10, aa1, s11, aa1, s12, aa1);
        row(Event.EVT16, s2, aa2, s3, aa3, s5, aa3, s6, aa3, s7, aa3, s8, aa3, s9, aa3, s10, aa3, s11, aa3, s12, aa3,
                s13, aa2);
        row(Event.EVT17, s2, aa5, s3, aa4, s4, aa4, s5, aa4, s6, aa4, s7, aa4, s8, aa4, s9, aa4, s10, aa4, s11, aa4,
                s12, aa4, s13, Action.AR_5);
        row(Event.EVT18, s2, aa2, s13, aa2);
        row(Event.EVT19, s2, aa1, s3, aa8, s5, aa8, s6, aa8, s7, aa8, s8, aa8, s9, aa8, s10, aa8, s11, aa8, s12, aa8,
                s13, aa7);
    }

    /** The action for an event in a state, or null where Table 9-10 has no entry (the event cannot occur there). */
    public static Action action(State state, Event event) {
        return TABLE.get(event).get(state);
    }
}
