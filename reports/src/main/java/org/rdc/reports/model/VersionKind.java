package org.rdc.reports.model;

/** Why a version exists: the first report, a correction of a FINAL one (更正), or an addendum to it (补充). */
public enum VersionKind {
    ORIGINAL, CORRECTION, ADDENDUM
}
