package org.rdc.workstation.worklist;

/** Reading priority, most urgent first: 急诊, 住院, 门诊, 体检. */
public enum Priority {
    STAT, INPATIENT, OUTPATIENT, CHECKUP;

    /** 0 is the most urgent; what the worklist sorts by. */
    public int rank() {
        return ordinal();
    }
}
