package org.rdc.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.DataSetWriter;
import org.rdc.dicom.uid.UidGenerator;
import org.rdc.gateway.dimse.Dimse;
import org.rdc.gateway.dimse.SopClasses;
import org.rdc.gateway.scu.DicomClient;
import org.rdc.storage.StorageFixture;

/** Storage full or down: C-STORE answers A700 (out of resources), never success, and the association goes on. */
class StorageFailureTest {

    @TempDir
    Path dir;

    static final String DX = "1.2.840.10008.5.1.4.1.1.1.1";

    static byte[] instance(String sop) throws Exception {
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, DX);
        ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
        ds.setString(Tag.StudyInstanceUID, VR.UI, UidGenerator.newUid());
        ds.setString(Tag.SeriesInstanceUID, VR.UI, UidGenerator.newUid());
        ds.setBytes(Tag.PixelData, VR.OW, new byte[50_000]);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DataSetWriter(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(ds, out);
        return out.toByteArray();
    }

    static int store(DicomClient c, String sop) throws Exception {
        return c.store(DX, sop, SopClasses.EXPLICIT_VR_LE, new ByteArrayInputStream(instance(sop))).getInt(Dimse.Status, -1);
    }

    @Test
    void diskFullThenDatabaseDown() throws Exception {
        AtomicLong free = new AtomicLong(Long.MAX_VALUE);
        StorageFixture storage = new StorageFixture(dir, free::get, 1L << 30);
        try (GatewayFixture gw = new GatewayFixture(storage, c -> c, GatewayFixture.FACILITIES);
             DicomClient c = DicomClient.open(DicomClient.request("127.0.0.1", gw.port(), GatewayFixture.AE)
                     .callingAe("ZHUSHAN_DR").verification().context(DX, List.of(SopClasses.EXPLICIT_VR_LE)))) {
            String ok = UidGenerator.newUid();
            assertThat(store(c, ok)).isZero();

            free.set(1L << 20); // below the 1 GiB watermark: the spool refuses new writes
            String refused = UidGenerator.newUid();
            assertThat(store(c, refused)).isEqualTo(0xA700);
            assertThat(gw.storage.store.locate(refused)).isEmpty();
            assertThat(c.echo()).isZero();

            free.set(Long.MAX_VALUE);
            String again = UidGenerator.newUid();
            assertThat(store(c, again)).isZero();

            long storedBytes = gw.storage.store.locate(ok).orElseThrow().size() + gw.storage.store.locate(again).orElseThrow().size();

            // the catalog database goes away: the spool has the bytes but the instance is not in the catalog
            try (Connection conn = gw.storage.dataSource.getConnection(); Statement st = conn.createStatement()) {
                st.execute("SHUTDOWN");
            }
            String noDb = UidGenerator.newUid();
            assertThat(store(c, noDb)).isEqualTo(0xA700);
            assertThat(c.echo()).isZero();

            // what an operator sees on /actuator/prometheus
            assertThat(gw.meters.get("rdc.dicom.cstore").tags("status", "0000", "outcome", "new").timer().count()).isEqualTo(2);
            assertThat(gw.meters.get("rdc.dicom.cstore").tags("status", "A700", "outcome", "refused").timer().count()).isEqualTo(2);
            assertThat(gw.meters.get("rdc.dicom.cstore.stored.bytes").summary().totalAmount()).isEqualTo((double) storedBytes);
            assertThat(gw.meters.get("rdc.dicom.associations").tags("outcome", "accepted").counter().count()).isEqualTo(1);
            assertThat(gw.meters.get("rdc.dicom.associations.active").gauge().value()).isEqualTo(1);
        }
    }
}
