package org.rdc.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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
import org.rdc.gateway.ul.Pdu;
import org.rdc.gateway.ul.Pdu.Abort;
import org.rdc.gateway.ul.Pdu.AssociateAc;
import org.rdc.gateway.ul.Pdu.AssociateRj;
import org.rdc.gateway.ul.Pdu.AssociateRq;
import org.rdc.gateway.ul.Pdu.PresentationContextRq;
import org.rdc.gateway.ul.Pdu.UserInfo;
import org.rdc.gateway.ul.PduCodec;
import org.rdc.gateway.ul.PduException;

/**
 * Hostile input: every case gets its defined answer (A-ABORT with a reason, A-ASSOCIATE-RJ, a failure
 * status, or a closed connection) and a C-ECHO on a fresh association succeeds right after (checked
 * after each test). The gateway runs with small limits: 16 KiB PDUs, 1 MiB data sets, ARTIM 1 s, idle 2 s.
 */
@Timeout(60)
class HostileInputTest {

    @TempDir
    static java.nio.file.Path dir;
    static GatewayFixture gw;

    static final String DX = "1.2.840.10008.5.1.4.1.1.1.1";
    static final String ELE = SopClasses.EXPLICIT_VR_LE;

    @BeforeAll
    static void start() {
        gw = new GatewayFixture(dir, c -> c.withUl(c.ul().withMaxPduLength(16384).withArtimTimeout(Duration.ofSeconds(1))
                .withIdleTimeout(Duration.ofSeconds(2))).withLimits(20, 400, 1 << 20, 1 << 20), GatewayFixture.FACILITIES);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @AfterEach
    void freshEchoStillWorks() throws Exception {
        try (DicomClient c = DicomClient.open(DicomClient.request("127.0.0.1", gw.port(), GatewayFixture.AE)
                .callingAe("ZHUSHAN_DR").verification())) {
            assertThat(c.echo()).isZero();
        }
    }

    // ------------------------------------------------------------------ raw connection helpers

    static final class Raw implements AutoCloseable {
        final Socket s;
        final OutputStream out;
        final DataInputStream in;

        Raw() throws IOException {
            s = new Socket("127.0.0.1", gw.port());
            s.setTcpNoDelay(true);
            s.setSoTimeout(5000);
            out = s.getOutputStream();
            in = new DataInputStream(s.getInputStream());
        }

        Raw send(byte[] b) throws IOException {
            out.write(b);
            out.flush();
            return this;
        }

        /** The next PDU the gateway sends, or null when it closed the connection. */
        Pdu read() throws IOException {
            byte[] head = new byte[6];
            try {
                in.readFully(head);
            } catch (EOFException e) {
                return null;
            }
            long length = ByteBuffer.wrap(head).getInt(2) & 0xFFFFFFFFL;
            byte[] all = new byte[6 + (int) length];
            System.arraycopy(head, 0, all, 0, 6);
            in.readFully(all, 6, (int) length);
            try {
                return PduCodec.decode(Unpooled.wrappedBuffer(all));
            } catch (PduException e) {
                throw new AssertionError(e);
            }
        }

        /** True when the gateway closes the connection within the socket timeout (reading and discarding). */
        boolean closed() throws IOException {
            try {
                while (in.read() >= 0) {
                    // discard
                }
                return true;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true; // reset
            }
        }

        /** Associates with the given contexts and returns the accept. */
        AssociateAc associate(PresentationContextRq... pcs) throws IOException {
            send(bytes(rq("ZHUSHAN_DR", GatewayFixture.AE, List.of(pcs))));
            Pdu p = read();
            assertThat(p).isInstanceOf(AssociateAc.class);
            return (AssociateAc) p;
        }

        void expectAbort(int reason) throws IOException {
            Pdu p = read();
            assertThat(p).isInstanceOf(Abort.class);
            assertThat(((Abort) p).source()).isEqualTo(Abort.SOURCE_PROVIDER);
            assertThat(((Abort) p).reason()).isEqualTo(reason);
            assertThat(closed()).as("connection closed after A-ABORT").isTrue();
        }

        @Override
        public void close() throws IOException {
            s.close();
        }
    }

    static AssociateRq rq(String calling, String called, List<PresentationContextRq> pcs) {
        return new AssociateRq(1, called, calling, Pdu.DICOM_APPLICATION_CONTEXT, pcs,
                new UserInfo(16384, "1.2.3", "HOSTILE", -1, -1, List.of(), null, null));
    }

    static byte[] bytes(Pdu pdu) {
        ByteBuf b = PduCodec.encode(pdu, ByteBufAllocator.DEFAULT);
        byte[] a = new byte[b.readableBytes()];
        b.readBytes(a);
        b.release();
        return a;
    }

    static PresentationContextRq pc(int id, String as, String... ts) {
        return new PresentationContextRq(id, as, List.of(ts));
    }

    static byte[] pdata(int pcId, boolean command, boolean last, byte[] data) {
        ByteBuf b = Unpooled.buffer();
        PduCodec.writePDataHeader(b, pcId, command, last, data.length);
        b.writeBytes(data);
        byte[] a = new byte[b.readableBytes()];
        b.readBytes(a);
        return a;
    }

    static byte[] echoRq(int id) {
        DataSet c = Dimse.command(Dimse.C_ECHO_RQ, Dimse.NO_DATA_SET);
        c.setString(Dimse.AffectedSOPClassUID, VR.UI, SopClasses.VERIFICATION);
        c.setInt(Dimse.MessageID, VR.US, id);
        return Dimse.encode(c);
    }

    static byte[] storeRq(int id, String sopClass, String sopInstance) {
        DataSet c = Dimse.command(Dimse.C_STORE_RQ, 0);
        if (sopClass != null) {
            c.setString(Dimse.AffectedSOPClassUID, VR.UI, sopClass);
        }
        c.setInt(Dimse.MessageID, VR.US, id);
        c.setInt(Dimse.Priority, VR.US, 0);
        if (sopInstance != null) {
            c.setString(Dimse.AffectedSOPInstanceUID, VR.UI, sopInstance);
        }
        return Dimse.encode(c);
    }

    static byte[] dataSet(String sop, int pixelBytes, TransferSyntax ts) throws IOException {
        DataSet ds = new DataSet();
        ds.setString(Tag.SOPClassUID, VR.UI, DX);
        ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
        ds.setString(Tag.StudyInstanceUID, VR.UI, UidGenerator.newUid());
        ds.setString(Tag.SeriesInstanceUID, VR.UI, UidGenerator.newUid());
        ds.setString(Tag.PatientID, VR.LO, "H1");
        if (pixelBytes > 0) {
            ds.setBytes(Tag.PixelData, VR.OW, new byte[pixelBytes]);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DataSetWriter(ts).write(ds, out);
        return out.toByteArray();
    }

    /** The status of the next response on an association, reading any PDUs before it. */
    static DataSet response(Raw r) throws IOException {
        ByteArrayOutputStream cmd = new ByteArrayOutputStream();
        while (true) {
            Pdu p = r.read();
            assertThat(p).as("a P-DATA-TF with the response").isInstanceOf(Pdu.PDataTf.class);
            for (Pdu.Pdv v : ((Pdu.PDataTf) p).pdvs()) {
                byte[] b = new byte[v.data().readableBytes()];
                v.data().readBytes(b);
                v.data().release();
                cmd.write(b);
                if (v.last()) {
                    return Dimse.decode(cmd.toByteArray());
                }
            }
        }
    }

    static int status(Raw r) throws IOException {
        return response(r).getInt(Dimse.Status, -1);
    }

    /** Sends a C-STORE with the data set in PDVs of at most 16000 bytes. */
    static void store(Raw r, int pcId, String sop, byte[] data) throws IOException {
        r.send(pdata(pcId, true, true, storeRq(7, DX, sop)));
        for (int off = 0; off < data.length; off += 16000) {
            int n = Math.min(16000, data.length - off);
            byte[] part = new byte[n];
            System.arraycopy(data, off, part, 0, n);
            r.send(pdata(pcId, false, off + n == data.length, part));
        }
    }

    // ------------------------------------------------------------------ before an association (Sta2)

    @Test
    void garbageIsAnUnrecognizedPdu() throws Exception {
        try (Raw r = new Raw()) {
            r.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            r.expectAbort(Abort.REASON_UNRECOGNIZED_PDU);
        }
    }

    @Test
    void hugeDeclaredAssociateRqLengthIsRefusedWithoutAllocating() throws Exception {
        try (Raw r = new Raw()) {
            r.send(new byte[] {1, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 1});
            r.expectAbort(Abort.REASON_INVALID_PARAMETER_VALUE);
        }
    }

    @Test
    void associateRqOverTheAssociationPduLimit() throws Exception {
        try (Raw r = new Raw()) {
            r.send(new byte[] {1, 0, 0, 1, (byte) 0x90, 0}); // 100 KB declared, limit 64 KB
            r.expectAbort(Abort.REASON_INVALID_PARAMETER_VALUE);
        }
    }

    @Test
    void hugeDeclaredPDataLengthBeforeAssociation() throws Exception {
        try (Raw r = new Raw()) {
            r.send(new byte[] {4, 0, (byte) 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
            r.expectAbort(Abort.REASON_INVALID_PARAMETER_VALUE);
        }
    }

    @Test
    void pDataBeforeAssociation() throws Exception {
        try (Raw r = new Raw()) {
            r.send(pdata(1, true, true, echoRq(1)));
            r.expectAbort(Abort.REASON_UNEXPECTED_PDU);
        }
    }

    @Test
    void releaseRqBeforeAssociation() throws Exception {
        try (Raw r = new Raw()) {
            r.send(bytes(new Pdu.ReleaseRq()));
            r.expectAbort(Abort.REASON_UNEXPECTED_PDU);
        }
    }

    @Test
    void associateAcSentToTheAcceptor() throws Exception {
        try (Raw r = new Raw()) {
            r.send(bytes(new AssociateAc(1, "A", "B", Pdu.DICOM_APPLICATION_CONTEXT, List.of(),
                    new UserInfo(0, null, null, -1, -1, List.of(), null, null))));
            r.expectAbort(Abort.REASON_UNEXPECTED_PDU);
        }
    }

    @Test
    void fixedSizePduWithWrongLength() throws Exception {
        try (Raw r = new Raw()) {
            r.send(new byte[] {7, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0});
            r.expectAbort(Abort.REASON_INVALID_PARAMETER_VALUE);
        }
    }

    @Test
    void associateRqShorterThanItsFixedPart() throws Exception {
        try (Raw r = new Raw()) {
            r.send(new byte[] {1, 0, 0, 0, 0, 10, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0});
            r.expectAbort(Abort.REASON_INVALID_PARAMETER_VALUE);
        }
    }

    @Test
    void itemLengthBeyondItsPdu() throws Exception {
        byte[] b = bytes(rq("ZHUSHAN_DR", GatewayFixture.AE, List.of(pc(1, SopClasses.VERIFICATION, ELE))));
        b[6 + 68 + 2] = 0x7F; // application context item length -> 32 K inside a small PDU
        try (Raw r = new Raw()) {
            r.send(b);
            r.expectAbort(Abort.REASON_INVALID_PARAMETER_VALUE);
        }
    }

    @Test
    void unknownItemTypeInAssociateRq() throws Exception {
        byte[] b = bytes(rq("ZHUSHAN_DR", GatewayFixture.AE, List.of(pc(1, SopClasses.VERIFICATION, ELE))));
        b[6 + 68] = 0x77; // the application context item's type
        try (Raw r = new Raw()) {
            r.send(b);
            r.expectAbort(Abort.REASON_UNRECOGNIZED_PARAMETER);
        }
    }

    @Test
    void associateRqWithoutPresentationContext() throws Exception {
        try (Raw r = new Raw()) {
            r.send(bytes(rq("ZHUSHAN_DR", GatewayFixture.AE, List.of())));
            r.expectAbort(Abort.REASON_INVALID_PARAMETER_VALUE);
        }
    }

    @Test
    void tooManyPresentationContexts() throws Exception {
        List<PresentationContextRq> pcs = new ArrayList<>();
        for (int i = 0; i < 129; i++) {
            pcs.add(pc(2 * i + 1, SopClasses.VERIFICATION, ELE));
        }
        try (Raw r = new Raw()) {
            r.send(bytes(rq("ZHUSHAN_DR", GatewayFixture.AE, pcs)));
            r.expectAbort(Abort.REASON_INVALID_PARAMETER_VALUE);
        }
    }

    @Test
    void uidLongerThan64Characters() throws Exception {
        try (Raw r = new Raw()) {
            r.send(bytes(rq("ZHUSHAN_DR", GatewayFixture.AE, List.of(pc(1, "1.2." + "3".repeat(70), ELE)))));
            r.expectAbort(Abort.REASON_INVALID_PARAMETER_VALUE);
        }
    }

    @Test
    void unsupportedProtocolVersionIsRejected() throws Exception {
        AssociateRq good = rq("ZHUSHAN_DR", GatewayFixture.AE, List.of(pc(1, SopClasses.VERIFICATION, ELE)));
        AssociateRq v2 = new AssociateRq(2, good.calledAe(), good.callingAe(), good.applicationContext(),
                good.presentationContexts(), good.userInfo());
        try (Raw r = new Raw()) {
            r.send(bytes(v2));
            assertThat(r.read()).isEqualTo(new AssociateRj(1, 2, 2));
            assertThat(r.closed()).isTrue();
        }
    }

    @Test
    void wrongApplicationContextIsRejected() throws Exception {
        AssociateRq good = rq("ZHUSHAN_DR", GatewayFixture.AE, List.of(pc(1, SopClasses.VERIFICATION, ELE)));
        AssociateRq bad = new AssociateRq(1, good.calledAe(), good.callingAe(), "1.2.3.4", good.presentationContexts(),
                good.userInfo());
        try (Raw r = new Raw()) {
            r.send(bytes(bad));
            assertThat(r.read()).isEqualTo(new AssociateRj(1, 1, 2));
        }
    }

    @Test
    void truncatedAssociateRqThenSilenceIsClosedByArtim() throws Exception {
        byte[] b = bytes(rq("ZHUSHAN_DR", GatewayFixture.AE, List.of(pc(1, SopClasses.VERIFICATION, ELE))));
        try (Raw r = new Raw()) {
            r.send(java.util.Arrays.copyOf(b, 40));
            long t0 = System.nanoTime();
            assertThat(r.closed()).isTrue();
            assertThat(System.nanoTime() - t0).isLessThan(Duration.ofSeconds(4).toNanos());
        }
    }

    @Test
    void truncatedPduThenClose() throws Exception {
        byte[] b = bytes(rq("ZHUSHAN_DR", GatewayFixture.AE, List.of(pc(1, SopClasses.VERIFICATION, ELE))));
        try (Raw r = new Raw()) {
            r.send(java.util.Arrays.copyOf(b, b.length / 2));
        }
        // nothing to answer on a closed connection; the gateway must just forget it (checked by the echo after)
    }

    @Test
    void oneByteASecondIsCutOffByArtim() throws Exception {
        byte[] b = bytes(rq("ZHUSHAN_DR", GatewayFixture.AE, List.of(pc(1, SopClasses.VERIFICATION, ELE))));
        try (Raw r = new Raw()) {
            boolean closed = false;
            for (int i = 0; i < 8 && !closed; i++) {
                try {
                    r.send(new byte[] {b[i]});
                } catch (IOException e) {
                    closed = true;
                    break;
                }
                Thread.sleep(1000);
                r.s.setSoTimeout(10);
                closed = r.closed();
            }
            assertThat(closed).as("closed by the ARTIM timer (1 s) long before the request is complete").isTrue();
        }
    }

    @Test
    void twoHundredIdleConnections() throws Exception {
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                Socket s = new Socket("127.0.0.1", gw.port());
                s.setSoTimeout(5000);
                idle.add(s);
            }
            // a device still gets through while they hang
            freshEchoStillWorks();
            for (Socket s : idle) {
                assertThat(s.getInputStream().read()).as("closed by ARTIM").isEqualTo(-1);
            }
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
    }

    @Test
    void unsupportedAbstractAndTransferSyntaxAreRejectedPerContext() throws Exception {
        try (Raw r = new Raw()) {
            AssociateAc ac = r.associate(pc(1, "1.2.840.10008.5.1.4.1.2.1.1", ELE), pc(3, DX, "1.2.3.4.5"),
                    pc(5, SopClasses.VERIFICATION, ELE));
            assertThat(ac.presentationContexts()).extracting(Pdu.PresentationContextAc::result).containsExactly(3, 4, 0);
            r.send(pdata(5, true, true, echoRq(1)));
            assertThat(status(r)).isZero();
        }
    }

    // ------------------------------------------------------------------ on an established association (Sta6)

    @Test
    void wrongPresentationContextId() throws Exception {
        try (Raw r = new Raw()) {
            r.associate(pc(1, SopClasses.VERIFICATION, ELE));
            r.send(pdata(99, true, true, echoRq(1)));
            r.expectAbort(Abort.REASON_UNEXPECTED_PARAMETER);
        }
    }

    @Test
    void evenPresentationContextIdIsAnInvalidPdu() throws Exception {
        try (Raw r = new Raw()) {
            r.associate(pc(1, SopClasses.VERIFICATION, ELE));
            r.send(pdata(2, true, true, echoRq(1)));
            r.expectAbort(Abort.REASON_INVALID_PARAMETER_VALUE);
        }
    }

    @Test
    void pDataLongerThanTheNegotiatedMaximum() throws Exception {
        try (Raw r = new Raw()) {
            r.associate(pc(1, SopClasses.VERIFICATION, ELE));
            r.send(new byte[] {4, 0, 0, 0, 0x40, 1}); // 16385 declared, 16384 negotiated
            r.expectAbort(Abort.REASON_INVALID_PARAMETER_VALUE);
        }
    }

    @Test
    void pdvItemLongerThanItsPdu() throws Exception {
        byte[] p = pdata(1, true, true, echoRq(1));
        p[6 + 2] = 0x10; // PDV item length far beyond the PDU
        try (Raw r = new Raw()) {
            r.associate(pc(1, SopClasses.VERIFICATION, ELE));
            r.send(p);
            r.expectAbort(Abort.REASON_INVALID_PARAMETER_VALUE);
        }
    }

    @Test
    void undecodableCommandSet() throws Exception {
        try (Raw r = new Raw()) {
            r.associate(pc(1, SopClasses.VERIFICATION, ELE));
            r.send(pdata(1, true, true, new byte[] {0, 0, 0, 0, (byte) 0xF0, (byte) 0xFF, (byte) 0xFF, 0x7F, 1, 2}));
            r.expectAbort(Abort.REASON_UNEXPECTED_PARAMETER);
        }
    }

    @Test
    void commandWithoutCommandField() throws Exception {
        DataSet c = new DataSet();
        c.setInt(Dimse.MessageID, VR.US, 1);
        try (Raw r = new Raw()) {
            r.associate(pc(1, SopClasses.VERIFICATION, ELE));
            r.send(pdata(1, true, true, Dimse.encode(c)));
            r.expectAbort(Abort.REASON_INVALID_PARAMETER_VALUE);
        }
    }

    @Test
    void dataWhereACommandIsDue() throws Exception {
        try (Raw r = new Raw()) {
            r.associate(pc(1, SopClasses.VERIFICATION, ELE));
            r.send(pdata(1, false, true, new byte[16]));
            r.expectAbort(Abort.REASON_UNEXPECTED_PARAMETER);
        }
    }

    @Test
    void commandSetOver64KiB() throws Exception {
        try (Raw r = new Raw()) {
            r.associate(pc(1, SopClasses.VERIFICATION, ELE));
            for (int i = 0; i < 6; i++) {
                r.send(pdata(1, true, false, new byte[16000]));
            }
            r.expectAbort(Abort.REASON_UNEXPECTED_PARAMETER);
        }
    }

    @Test
    void storeWithoutAffectedSopInstanceUidFailsAndTheAssociationGoesOn() throws Exception {
        try (Raw r = new Raw()) {
            r.associate(pc(1, DX, ELE), pc(3, SopClasses.VERIFICATION, ELE));
            r.send(pdata(1, true, true, storeRq(1, DX, null)));
            r.send(pdata(1, false, true, dataSet(UidGenerator.newUid(), 0, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)));
            DataSet rsp = response(r);
            assertThat(rsp.getInt(Dimse.Status, -1)).isEqualTo(0xC000);
            assertThat(rsp.getString(Dimse.ErrorComment)).contains("Affected SOP");
            r.send(pdata(3, true, true, echoRq(2)));
            assertThat(status(r)).isZero();
        }
    }

    /** PS3.5 9.1 through the one validator: UIDs become object-key segments, so ".." must never be stored. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"..", "1..2", ".1", "1.", "01.2",
            "1.2.840.10008.111111111111111111111111111111111111111111111111111"})
    void malformedUidsFailTheStoreAndNothingIsStored(String bad) throws Exception {
        try (Raw r = new Raw()) {
            r.associate(pc(1, DX, ELE), pc(3, SopClasses.VERIFICATION, ELE));
            store(r, 1, bad, dataSet(bad, 0, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
            DataSet rsp = response(r);
            assertThat(rsp.getInt(Dimse.Status, -1)).as("SOP Instance UID '%s'", bad).isEqualTo(0xC000);
            assertThat(rsp.getString(Dimse.ErrorComment)).contains("Affected SOP");
            assertThat(gw.storage.store.locate(bad)).isEmpty();

            // a valid SOP Instance UID in a data set whose Study Instance UID is malformed
            String sop = UidGenerator.newUid();
            DataSet ds = new DataSet();
            ds.setString(Tag.SOPClassUID, VR.UI, DX);
            ds.setString(Tag.SOPInstanceUID, VR.UI, sop);
            ds.setString(Tag.StudyInstanceUID, VR.UI, bad);
            ds.setString(Tag.SeriesInstanceUID, VR.UI, UidGenerator.newUid());
            ds.setString(Tag.PatientID, VR.LO, "H1");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new DataSetWriter(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).write(ds, out);
            store(r, 1, sop, out.toByteArray());
            rsp = response(r);
            assertThat(rsp.getInt(Dimse.Status, -1)).as("Study Instance UID '%s'", bad).isEqualTo(0xC000);
            assertThat(rsp.getString(Dimse.ErrorComment)).contains("Study Instance UID (0020,000D) is not a valid UID");
            assertThat(gw.storage.store.locate(sop)).isEmpty();
            assertThat(gw.storage.store.catalog().study(bad)).isEmpty();

            r.send(pdata(3, true, true, echoRq(2)));
            assertThat(status(r)).isZero();
        }
    }

    @Test
    void sopClassOtherThanTheContexts() throws Exception {
        try (Raw r = new Raw()) {
            r.associate(pc(1, DX, ELE));
            String sop = UidGenerator.newUid();
            r.send(pdata(1, true, true, storeRq(1, "1.2.840.10008.5.1.4.1.1.7", sop)));
            r.send(pdata(1, false, true, dataSet(sop, 0, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)));
            assertThat(status(r)).isEqualTo(0x0122);
        }
    }

    @Test
    void dataSetOfAnotherInstanceThanTheCommandSays() throws Exception {
        try (Raw r = new Raw()) {
            r.associate(pc(1, DX, ELE));
            String sop = UidGenerator.newUid();
            store(r, 1, sop, dataSet(UidGenerator.newUid(), 0, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
            assertThat(status(r)).isEqualTo(0xA900);
            assertThat(gw.storage.store.locate(sop)).isEmpty();
        }
    }

    @Test
    void truncatedDataSetFailsAndTheAssociationGoesOn() throws Exception {
        String sop = UidGenerator.newUid();
        byte[] full = dataSet(sop, 4000, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        try (Raw r = new Raw()) {
            r.associate(pc(1, DX, ELE), pc(3, SopClasses.VERIFICATION, ELE));
            store(r, 1, sop, java.util.Arrays.copyOf(full, full.length - 1000));
            DataSet rsp = response(r);
            assertThat(rsp.getInt(Dimse.Status, -1)).isEqualTo(0xC000);
            assertThat(rsp.getString(Dimse.ErrorComment)).isNotBlank();
            assertThat(gw.storage.store.locate(sop)).isEmpty();
            r.send(pdata(3, true, true, echoRq(2)));
            assertThat(status(r)).isZero();
            // and a good instance on the same association is stored
            String sop2 = UidGenerator.newUid();
            store(r, 1, sop2, dataSet(sop2, 4000, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
            assertThat(status(r)).isZero();
            assertThat(gw.storage.store.locate(sop2)).isPresent();
        }
    }

    @Test
    void badValueLengthInTheDataSet() throws Exception {
        String sop = UidGenerator.newUid();
        byte[] ds = dataSet(sop, 0, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(ds);
        // (0028,0010) US with a 4-byte length field claiming 0xFFFFFF00 bytes, then a few bytes
        b.write(new byte[] {0x28, 0, 0x10, 0, 'U', 'S', 0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 2, 3, 4});
        try (Raw r = new Raw()) {
            r.associate(pc(1, DX, ELE));
            store(r, 1, sop, b.toByteArray());
            assertThat(status(r)).isEqualTo(0xC000);
        }
    }

    @Test
    void deflateBomb() throws Exception {
        String sop = UidGenerator.newUid();
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(deflated, new Deflater(9, true))) {
            byte[] ds = dataSet(sop, 0, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            d.write(ds);
            // then a 64 MB OB value of zeros: 60 KB deflated, 64 times the inflated limit
            d.write(new byte[] {(byte) 0x09, 0x00, 0x10, 0x00, 'O', 'B', 0, 0, 0, 0, 0, 4});
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                d.write(zeros);
            }
        }
        assertThat(deflated.size()).isLessThan(200_000);
        try (Raw r = new Raw()) {
            r.associate(pc(1, DX, SopClasses.DEFLATED_EXPLICIT_VR_LE));
            store(r, 1, sop, deflated.toByteArray());
            DataSet rsp = response(r);
            assertThat(rsp.getInt(Dimse.Status, -1)).isEqualTo(0xA700);
            assertThat(rsp.getString(Dimse.ErrorComment)).contains("inflates");
        }
    }

    @Test
    void dataSetOverTheSizeLimit() throws Exception {
        String sop = UidGenerator.newUid();
        try (Raw r = new Raw()) {
            r.associate(pc(1, DX, ELE), pc(3, SopClasses.VERIFICATION, ELE));
            store(r, 1, sop, dataSet(sop, 2 << 20, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
            assertThat(status(r)).isEqualTo(0xA700);
            assertThat(gw.storage.store.locate(sop)).isEmpty();
            r.send(pdata(3, true, true, echoRq(2)));
            assertThat(status(r)).isZero();
        }
    }

    @Test
    void unsupportedDimseCommand() throws Exception {
        DataSet c = Dimse.command(Dimse.C_FIND_RQ, Dimse.NO_DATA_SET);
        c.setString(Dimse.AffectedSOPClassUID, VR.UI, DX);
        c.setInt(Dimse.MessageID, VR.US, 5);
        try (Raw r = new Raw()) {
            r.associate(pc(1, DX, ELE));
            r.send(pdata(1, true, true, Dimse.encode(c)));
            DataSet rsp = response(r);
            assertThat(rsp.getInt(Dimse.Status, -1)).isEqualTo(0x0211);
            assertThat(rsp.getInt(Dimse.CommandField, -1)).isEqualTo(0x8020);
        }
    }

    @Test
    void releaseInTheMiddleOfADataSet() throws Exception {
        String sop = UidGenerator.newUid();
        try (Raw r = new Raw()) {
            r.associate(pc(1, DX, ELE));
            r.send(pdata(1, true, true, storeRq(1, DX, sop)));
            r.send(pdata(1, false, false, new byte[100]));
            r.send(bytes(new Pdu.ReleaseRq()));
            r.expectAbort(Abort.REASON_UNEXPECTED_PDU);
        }
        assertThat(gw.storage.store.locate(sop)).isEmpty();
    }

    @Test
    void abortedAssociationDiscardsItsDataSet() throws Exception {
        String sop = UidGenerator.newUid();
        byte[] full = dataSet(sop, 100_000, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        try (Raw r = new Raw()) {
            r.associate(pc(1, DX, ELE));
            r.send(pdata(1, true, true, storeRq(1, DX, sop)));
            r.send(pdata(1, false, false, java.util.Arrays.copyOf(full, 16000)));
            r.send(bytes(new Abort(0, 0)));
            assertThat(r.closed()).isTrue();
        }
        Thread.sleep(200);
        assertThat(gw.storage.store.locate(sop)).isEmpty();
    }

    @Test
    void connectionDroppedInTheMiddleOfADataSet() throws Exception {
        String sop = UidGenerator.newUid();
        byte[] full = dataSet(sop, 100_000, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        try (Raw r = new Raw()) {
            r.associate(pc(1, DX, ELE));
            r.send(pdata(1, true, true, storeRq(1, DX, sop)));
            r.send(pdata(1, false, false, java.util.Arrays.copyOf(full, 16000)));
        }
        Thread.sleep(200);
        assertThat(gw.storage.store.locate(sop)).isEmpty();
    }

    @Test
    void idleAssociationIsAborted() throws Exception {
        try (Raw r = new Raw()) {
            r.associate(pc(1, SopClasses.VERIFICATION, ELE));
            Pdu p = r.read(); // within the 5 s socket timeout: idle limit is 2 s
            assertThat(p).isInstanceOf(Abort.class);
            assertThat(r.closed()).isTrue();
        }
    }

    @Test
    void releaseIsAnsweredAndTheConnectionEnds() throws Exception {
        try (Raw r = new Raw()) {
            r.associate(pc(1, SopClasses.VERIFICATION, ELE));
            r.send(pdata(1, true, true, echoRq(1)));
            assertThat(status(r)).isZero();
            r.send(bytes(new Pdu.ReleaseRq()));
            assertThat(r.read()).isInstanceOf(Pdu.ReleaseRp.class);
        }
    }

    @Test
    void pipelinedRequestsWithinTheWindowAreAnsweredInOrder() throws Exception {
        try (Raw r = new Raw()) {
            r.associate(pc(1, SopClasses.VERIFICATION, ELE));
            for (int i = 1; i <= 5; i++) {
                r.send(pdata(1, true, true, echoRq(i)));
            }
            for (int i = 1; i <= 5; i++) {
                DataSet rsp = response(r);
                assertThat(rsp.getInt(Dimse.MessageIDBeingRespondedTo, -1)).isEqualTo(i);
            }
        }
    }
}
