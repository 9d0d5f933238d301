package org.rdc.workstation.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which reads the audit filter records, and as what: every path that shows a patient's data has an action. */
class AccessAuditFilterTest {

    @Test
    void reportTaskAndWorklistReadsAreRecordedAsWhatTheyRead() {
        assertThat(AccessAuditFilter.action("/api/reports")).isEqualTo(AccessRecord.Action.API_REPORTS);
        assertThat(AccessAuditFilter.action("/api/reports/7/versions/2/pdf")).isEqualTo(AccessRecord.Action.API_REPORTS);
        assertThat(AccessAuditFilter.action("/api/tasks/7/report")).isEqualTo(AccessRecord.Action.API_REPORTS);
        assertThat(AccessAuditFilter.action("/api/tasks/7/report/template")).isEqualTo(AccessRecord.Action.API_REPORTS);
        assertThat(AccessAuditFilter.action("/api/reports/7/versions/2/preview/1.png")).isEqualTo(AccessRecord.Action.API_REPORTS);
        assertThat(AccessAuditFilter.action("/api/studies/1.2.3/reports")).isEqualTo(AccessRecord.Action.API_REPORTS);
        assertThat(AccessAuditFilter.action("/api/studies/1.2.3/ecg")).isEqualTo(AccessRecord.Action.API_ECG);
        assertThat(AccessAuditFilter.action("/api/studies/1.2.3")).isEqualTo(AccessRecord.Action.API_STUDIES);
        assertThat(AccessAuditFilter.action("/api/tasks/7")).isEqualTo(AccessRecord.Action.API_TASKS);
        assertThat(AccessAuditFilter.action("/api/worklist")).isEqualTo(AccessRecord.Action.API_WORKLIST);
        assertThat(AccessAuditFilter.action("/api/facilities/th01/qc-returns")).as("the returned studies' patients")
                .isEqualTo(AccessRecord.Action.API_WORKLIST);
        assertThat(AccessAuditFilter.URL_PATTERNS).contains("/api/tasks/*", "/api/worklist", "/api/facilities/*");
    }

    @Test
    void readsOfNoPatientDataAreNotRecorded() {
        assertThat(AccessAuditFilter.action("/api/worklist/qc-reasons")).isNull();
        assertThat(AccessAuditFilter.action("/api/tasks/7/history-of-nothing")).isNull();
        assertThat(AccessAuditFilter.action("/api/report-templates")).isNull();
    }
}
