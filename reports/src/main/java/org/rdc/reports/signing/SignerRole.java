package org.rdc.reports.signing;

/** Who signs a report: the author (报告医师) or the verifier (审核医师). */
public enum SignerRole {
    AUTHOR("报告医师"),
    VERIFIER("审核医师");

    private final String chineseName;

    SignerRole(String chineseName) {
        this.chineseName = chineseName;
    }

    public String chineseName() {
        return chineseName;
    }
}
