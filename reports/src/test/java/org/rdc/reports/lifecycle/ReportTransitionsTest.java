package org.rdc.reports.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.rdc.reports.ReportException;
import org.rdc.reports.model.ReportState;

class ReportTransitionsTest {

    @Test
    void everyCellIsEitherANextStateOrASpecificRefusal() {
        for (ReportState s : ReportState.values()) {
            for (ReportAction a : ReportAction.values()) {
                ReportTransitions.Cell c = ReportTransitions.cell(s, a);
                assertThat(c).as(s + " x " + a).isNotNull();
                assertThat(c.allowed() || (c.code() != null && !c.code().isBlank())).as(s + " x " + a).isTrue();
            }
        }
    }

    @Test
    void onlyEditableStatesTakeContentAndOnlyFinalOnesTakeCorrections() {
        for (ReportState s : ReportState.values()) {
            assertThat(ReportTransitions.cell(s, ReportAction.SAVE).allowed()).as(s.name()).isEqualTo(s.editable());
            assertThat(ReportTransitions.cell(s, ReportAction.AMEND).allowed()).as(s.name()).isEqualTo(s == ReportState.FINAL);
            // only a version waiting for its countersignature goes back to its reader
            assertThat(ReportTransitions.cell(s, ReportAction.RETURN).allowed()).as(s.name()).isEqualTo(s == ReportState.SIGNED);
            // and only one is revised by the senior reader, the reader's signed version staying as it is
            assertThat(ReportTransitions.cell(s, ReportAction.REVISE).allowed()).as(s.name()).isEqualTo(s == ReportState.SIGNED);
            assertThat(ReportTransitions.cell(s, ReportAction.REVISE).next()).as(s.name()).isIn(ReportState.SIGNED, null);
        }
        assertThat(ReportTransitions.next(ReportState.DRAFT, ReportAction.SIGN, "v")).isEqualTo(ReportState.SIGNED);
        assertThat(ReportTransitions.next(ReportState.SIGNED, ReportAction.VERIFY, "v")).isEqualTo(ReportState.VERIFIED);
        assertThat(ReportTransitions.next(ReportState.VERIFIED, ReportAction.FINALIZE, "v")).isEqualTo(ReportState.FINAL);
        assertThatThrownBy(() -> ReportTransitions.next(ReportState.SIGNED, ReportAction.SAVE, "version 1 of report 7"))
                .isInstanceOfSatisfying(ReportException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ReportException.Kind.CONFLICT);
                    assertThat(e.code()).isEqualTo("version-signed");
                    assertThat(e.getMessage()).startsWith("version 1 of report 7 is signed and never changes");
                });
        assertThat(ReportTransitions.cell(ReportState.DRAFT, ReportAction.VERIFY).code()).isEqualTo("version-not-signed");
        // the revision is countersigned straight to VERIFIED, never signed as the author's
        assertThat(ReportTransitions.next(ReportState.REVISING, ReportAction.SAVE, "v")).isEqualTo(ReportState.REVISING);
        assertThat(ReportTransitions.next(ReportState.REVISING, ReportAction.VERIFY, "v")).isEqualTo(ReportState.VERIFIED);
        assertThat(ReportTransitions.cell(ReportState.REVISING, ReportAction.SIGN).code()).isEqualTo("revision-countersigned");
        assertThat(ReportTransitions.cell(ReportState.REVISING, ReportAction.RELEASE_PRELIMINARY).code()).isEqualTo("revision-countersigned");
        assertThat(ReportTransitions.cell(ReportState.REVISING, ReportAction.REVISE).code()).isEqualTo("already-revising");
        assertThat(ReportTransitions.cell(ReportState.FINAL, ReportAction.SIGN).code()).isEqualTo("version-final");
    }
}
