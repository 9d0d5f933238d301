package org.rdc.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rdc.dicom.uid.UidGenerator;
import org.rdc.gateway.dimse.SopClasses;
import org.rdc.gateway.scu.DicomClient;

/** Graceful shutdown of the listener: drain (stop accepting, let associations finish), then close (abort the rest). */
@Timeout(120)
class ShutdownTest {

    @TempDir
    Path dir;

    private static DicomClient connect(int port) throws Exception {
        return DicomClient.open(DicomClient.request("127.0.0.1", port, GatewayFixture.AE).callingAe("ZHUSHAN_DR")
                .verification().context(StorageFailureTest.DX, List.of(SopClasses.EXPLICIT_VR_LE)));
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void drainingRefusesNewConnectionsWhileTheOpenAssociationFinishesItsWork() throws Exception {
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            int port = gw.port();
            String before = UidGenerator.newUid();
            String during = UidGenerator.newUid();
            try (DicomClient open = connect(port)) {
                assertThat(StorageFailureTest.store(open, before)).isZero();
                CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> gw.gateway.drain(Duration.ofSeconds(60)));
                for (int i = 0; i < 300 && listening(port); i++) {
                    Thread.sleep(100);
                }
                assertThat(listening(port)).as("no new connections once draining").isFalse();
                assertThat(StorageFailureTest.store(open, during)).as("the association in progress goes on").isZero();
                assertThat(drained).isNotDone();
                open.release();
                assertThat(drained.get(30, TimeUnit.SECONDS)).as("drained once the association was released").isTrue();
            }
            assertThat(gw.storage.store.locate(before)).isPresent();
            assertThat(gw.storage.store.locate(during)).isPresent();
        }
    }

    @Test
    void afterTheGracePeriodCloseAbortsTheAssociationsLeft() throws Exception {
        try (GatewayFixture gw = new GatewayFixture(dir)) {
            String stored = UidGenerator.newUid();
            try (DicomClient open = connect(gw.port())) {
                assertThat(StorageFailureTest.store(open, stored)).isZero();
                assertThat(gw.gateway.drain(Duration.ofMillis(200))).as("an association is still open").isFalse();
                gw.gateway.close();
                assertThat(open.association().ended().get(30, TimeUnit.SECONDS)).isNotNull();
                assertThat(gw.gateway.activeAssociations()).isZero();
                assertThatThrownBy(() -> StorageFailureTest.store(open, UidGenerator.newUid())).isInstanceOf(Exception.class);
            }
            assertThat(gw.storage.store.locate(stored)).isPresent();
        }
    }
}
