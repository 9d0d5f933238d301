package org.rdc.reports.lifecycle;

import static org.rdc.reports.lifecycle.ReportAction.AMEND;
import static org.rdc.reports.lifecycle.ReportAction.FINALIZE;
import static org.rdc.reports.lifecycle.ReportAction.RELEASE_PRELIMINARY;
import static org.rdc.reports.lifecycle.ReportAction.RETURN;
import static org.rdc.reports.lifecycle.ReportAction.REVISE;
import static org.rdc.reports.lifecycle.ReportAction.SAVE;
import static org.rdc.reports.lifecycle.ReportAction.SIGN;
import static org.rdc.reports.lifecycle.ReportAction.VERIFY;
import static org.rdc.reports.model.ReportState.DRAFT;
import static org.rdc.reports.model.ReportState.FINAL;
import static org.rdc.reports.model.ReportState.PRELIMINARY;
import static org.rdc.reports.model.ReportState.REVISING;
import static org.rdc.reports.model.ReportState.SIGNED;
import static org.rdc.reports.model.ReportState.VERIFIED;

import java.util.EnumMap;
import java.util.Map;
import org.rdc.reports.ReportException;
import org.rdc.reports.model.ReportState;

/**
 * The report version's state machine as one table, state x action: either the next state or the
 * specific refusal (409 with its code). Nothing else decides whether a transition is legal; the
 * store then applies it with an UPDATE conditional on the state read, so a concurrent change
 * loses instead of overwriting.
 */
public final class ReportTransitions {

    /** The cell of the table: a next state, or a refusal. */
    public record Cell(ReportState next, String code, String why) {

        static Cell to(ReportState next) {
            return new Cell(next, null, null);
        }

        static Cell refuse(String code, String why) {
            return new Cell(null, code, why);
        }

        public boolean allowed() {
            return next != null;
        }
    }

    private static final Map<ReportState, Map<ReportAction, Cell>> TABLE = new EnumMap<>(ReportState.class);

    private static final Cell SIGNED_IMMUTABLE = Cell.refuse("version-signed",
            "is signed and never changes; after it is FINAL make a correction or addendum");
    private static final Cell FINAL_IMMUTABLE = Cell.refuse("version-final",
            "is FINAL and never changes; make a correction or addendum (a new version)");
    private static final Cell NOT_SIGNED = Cell.refuse("version-not-signed", "is not signed by its author yet");
    private static final Cell OPEN = Cell.refuse("version-open", "is still being written; finish it before starting another version");

    static {
        Cell alreadyVerified = Cell.refuse("already-verified", "is already verified");
        Cell notFinal = Cell.refuse("version-not-final", "is not FINAL yet; it can be corrected only once released");
        row(DRAFT, Cell.to(DRAFT), Cell.to(PRELIMINARY), Cell.to(SIGNED), NOT_SIGNED, NOT_SIGNED, OPEN, NOT_SIGNED, NOT_SIGNED);
        row(PRELIMINARY, Cell.to(PRELIMINARY), Cell.refuse("already-preliminary", "was already released as preliminary"),
                Cell.to(SIGNED), NOT_SIGNED, NOT_SIGNED, OPEN, NOT_SIGNED, NOT_SIGNED);
        // returned or revised by the senior reader, a signed version stays as it is; the change is the next version
        row(SIGNED, SIGNED_IMMUTABLE, SIGNED_IMMUTABLE, Cell.refuse("already-signed", "is already signed"), Cell.to(VERIFIED),
                Cell.to(FINAL), notFinal, Cell.to(SIGNED), Cell.to(SIGNED));
        // the senior's revision: edited like a draft, never signed as the author's (the reader signed the version it
        // follows), countersigned by the senior straight to VERIFIED
        Cell countersigned = Cell.refuse("revision-countersigned",
                "is a senior reader's revision of a signed version; its reviser countersigns it, nobody signs it as its author");
        row(REVISING, Cell.to(REVISING), countersigned, countersigned, Cell.to(VERIFIED), NOT_SIGNED, OPEN,
                Cell.refuse("revision-open", "is being revised by the senior reader; they countersign it, it is not returned"),
                Cell.refuse("already-revising", "is already a senior reader's revision"));
        row(VERIFIED, SIGNED_IMMUTABLE, SIGNED_IMMUTABLE, Cell.refuse("already-signed", "is already signed"),
                alreadyVerified, Cell.to(FINAL), notFinal, alreadyVerified, alreadyVerified);
        row(FINAL, FINAL_IMMUTABLE, FINAL_IMMUTABLE, FINAL_IMMUTABLE, FINAL_IMMUTABLE, Cell.refuse("already-final", "is already FINAL"),
                Cell.to(FINAL), FINAL_IMMUTABLE, FINAL_IMMUTABLE);
    }

    private ReportTransitions() {
    }

    private static void row(ReportState s, Cell save, Cell preliminary, Cell sign, Cell verify, Cell finalize, Cell amend,
                            Cell giveBack, Cell revise) {
        Map<ReportAction, Cell> r = new EnumMap<>(ReportAction.class);
        r.put(SAVE, save);
        r.put(RELEASE_PRELIMINARY, preliminary);
        r.put(SIGN, sign);
        r.put(VERIFY, verify);
        r.put(FINALIZE, finalize);
        r.put(AMEND, amend);
        r.put(RETURN, giveBack);
        r.put(REVISE, revise);
        TABLE.put(s, r);
    }

    public static Cell cell(ReportState from, ReportAction action) {
        return TABLE.get(from).get(action);
    }

    /** The next state, or CONFLICT with the cell's code and a message naming the version. */
    public static ReportState next(ReportState from, ReportAction action, String what) {
        Cell c = cell(from, action);
        if (!c.allowed()) {
            throw ReportException.conflict(c.code(), what + " " + c.why() + " (it is " + from + "; "
                    + action.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " refused)");
        }
        return c.next();
    }
}
