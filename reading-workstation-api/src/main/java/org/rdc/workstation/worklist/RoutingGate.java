package org.rdc.workstation.worklist;

/**
 * Whether a ready study may be routed now. Work that decides the task (an ECG's automatic
 * analysis, whose critical flag makes it STAT) holds the study until it has run; work that failed
 * for good lets it through with a note for the reader, so nothing is held forever.
 */
@FunctionalInterface
public interface RoutingGate {

    Verdict check(String studyUid);

    /** {@code note}: why it is held, or what the reader should know when routed (null: nothing). */
    record Verdict(boolean hold, String note) {
        public static final Verdict ROUTE = new Verdict(false, null);

        public static Verdict hold(String why) {
            return new Verdict(true, why);
        }

        public static Verdict route(String note) {
            return new Verdict(false, note);
        }
    }

    RoutingGate OPEN = studyUid -> Verdict.ROUTE;
}
