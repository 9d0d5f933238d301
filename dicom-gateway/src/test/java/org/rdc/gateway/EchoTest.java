package org.rdc.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.gateway.scu.DicomClient;
import org.rdc.gateway.ul.AssociationRejectedException;
import org.rdc.gateway.ul.Pdu.AssociateRj;

/** C-ECHO with our SCU and dcmtk echoscu; the three rejections of issue 4 with their PS3.8 9.3.4 reasons. */
class EchoTest {

    @TempDir
    static Path dir;
    static GatewayFixture gw;

    @BeforeAll
    static void start() {
        gw = new GatewayFixture(dir);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    /** Rejections counted for /actuator/prometheus, by the reason's label. */
    private static double rejections(String reason) {
        var c = gw.meters.find("rdc.dicom.associations").tags("outcome", "rejected", "reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void ourScuEchoes() throws Exception {
        try (DicomClient c = DicomClient.open(DicomClient.request("127.0.0.1", gw.port(), GatewayFixture.AE)
                .callingAe("ZHUSHAN_DR").verification())) {
            assertThat(c.echo()).isZero();
            assertThat(c.echo()).isZero();
        }
    }

    @Test
    void unknownCallingAeIsRejected() {
        assertThatThrownBy(() -> DicomClient.open(DicomClient.request("127.0.0.1", gw.port(), GatewayFixture.AE)
                .callingAe("NOBODY").verification()))
                .isInstanceOfSatisfying(AssociationRejectedException.class, e -> {
                    assertThat(e.rejection()).isEqualTo(new AssociateRj(1, 1, 3));
                });
        assertThat(rejections("unknown-device")).isPositive();
    }

    @Test
    void wrongCalledAeIsRejected() {
        assertThatThrownBy(() -> DicomClient.open(DicomClient.request("127.0.0.1", gw.port(), "NOT_US")
                .callingAe("ZHUSHAN_DR").verification()))
                .isInstanceOfSatisfying(AssociationRejectedException.class, e -> {
                    assertThat(e.rejection()).isEqualTo(new AssociateRj(1, 1, 7));
                });
        assertThat(rejections("called-ae")).isEqualTo(1);
    }

    @Test
    void sourceAddressOutsideTheDeviceListIsRejected() {
        // ZHUSHAN_US may only connect from 10.9.9.9
        assertThatThrownBy(() -> DicomClient.open(DicomClient.request("127.0.0.1", gw.port(), GatewayFixture.AE)
                .callingAe("ZHUSHAN_US").verification()))
                .isInstanceOfSatisfying(AssociationRejectedException.class, e -> {
                    assertThat(e.rejection()).isEqualTo(new AssociateRj(1, 1, 3));
                });
        assertThat(rejections("source-address")).isEqualTo(1);
    }

    @Test
    void userIdentityIsChecked() throws Exception {
        assertThatThrownBy(() -> DicomClient.open(DicomClient.request("127.0.0.1", gw.port(), GatewayFixture.AE)
                .callingAe("ZHUSHAN_CT").verification()))
                .isInstanceOfSatisfying(AssociationRejectedException.class, e ->
                        assertThat(e.rejection()).isEqualTo(new AssociateRj(1, 1, 1)));
        assertThatThrownBy(() -> DicomClient.open(DicomClient.request("127.0.0.1", gw.port(), GatewayFixture.AE)
                .callingAe("ZHUSHAN_CT").userIdentity("ct", "wrong").verification()))
                .isInstanceOf(AssociationRejectedException.class);
        try (DicomClient c = DicomClient.open(DicomClient.request("127.0.0.1", gw.port(), GatewayFixture.AE)
                .callingAe("ZHUSHAN_CT").userIdentity("ct", "s3cret").verification())) {
            assertThat(c.echo()).isZero();
            // positive response requested: the AC carries a (empty) server response
            assertThat(c.association().acceptance().userInfo().userIdentityServerResponse()).isNotNull();
        }
    }

    @Test
    void dcmtkEchoscu() throws Exception {
        Tools.require("echoscu");
        Tools.Result r = Tools.run(30, "echoscu", "-aet", "ECHOSCU", "-aec", GatewayFixture.AE, "127.0.0.1",
                String.valueOf(gw.port()));
        assertThat(r.exitCode()).as(r.output()).isZero();
        Tools.Result rejected = Tools.run(30, "echoscu", "-aet", "STRANGER", "-aec", GatewayFixture.AE, "127.0.0.1",
                String.valueOf(gw.port()));
        assertThat(rejected.exitCode()).isNotZero();
        assertThat(rejected.output()).contains("Calling AE Title Not Recognized");
    }
}
