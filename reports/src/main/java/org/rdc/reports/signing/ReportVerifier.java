package org.rdc.reports.signing;

/** Checks the signatures of a PDF on its own, without knowing which report it is. */
public interface ReportVerifier {

    /** Never throws for a bad or unsigned PDF: the answer says what is wrong. */
    Verification verify(byte[] pdf);
}
