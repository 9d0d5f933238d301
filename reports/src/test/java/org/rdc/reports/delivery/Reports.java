package org.rdc.reports.delivery;

import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;

/** Report versions for the delivery tests. */
final class Reports {

    static final String STUDY_UID = "1.2.826.0.1.3680043.10.543.20261203.1";

    private Reports() {
    }

    static DeliverableReport report(String id, int version, String facility, byte[] pdf) {
        return new DeliverableReport(id, version, version == 1 ? DeliverableReport.Status.FINAL : DeliverableReport.Status.CORRECTED,
                facility, STUDY_UID, "ACC20261203001", new DeliverableReport.Patient("P0001", "张三", "M", LocalDate.of(1960, 5, 1)),
                "胸部正位 DR", "RADIOLOGY", "双肺纹理清晰，未见实质性病变。心影不大。", "胸部正位片未见明显异常。", "随访。", false,
                new DeliverableReport.Person("liwei", "李伟"), new DeliverableReport.Person("wangfang", "王芳"),
                Instant.parse("2026-12-03T01:10:00Z"), Instant.parse("2026-12-03T02:30:00Z"), "reports/" + sha256(pdf) + ".pdf",
                sha256(pdf));
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
