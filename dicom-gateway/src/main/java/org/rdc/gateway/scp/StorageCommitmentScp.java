package org.rdc.gateway.scp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.rdc.dicom.core.Tag;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.TransferSyntax;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.object.DataSetReader;
import org.rdc.dicom.object.DataSetWriter;
import org.rdc.dicom.object.Item;
import org.rdc.dicom.object.Sequence;
import org.rdc.dicom.parser.DataSetParser;
import org.rdc.dicom.parser.Token;
import org.rdc.gateway.dimse.Dimse;
import org.rdc.gateway.dimse.DimseChannel;
import org.rdc.gateway.dimse.SopClasses;
import org.rdc.gateway.event.GatewayListener;
import org.rdc.gateway.registry.Facility.Device;
import org.rdc.gateway.scu.DicomClient;
import org.rdc.gateway.ul.Association.PresentationContext;
import org.rdc.gateway.ul.StateMachine;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.StorageException;
import org.rdc.storage.outbox.JobOutbox;
import org.rdc.storage.outbox.JobWorkers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage Commitment Push Model SCP (PS3.4 Annex J): N-ACTION-RQ (action type 1) names instances by
 * SOP class and instance UID; we answer N-ACTION-RSP at once, then check each instance is in the
 * catalog and reads back with its recorded SHA-256, and send N-EVENT-REPORT-RQ (event type 1: all
 * committed, 2: some failed, PS3.4 J.3.3) on the same association if it is still open, otherwise on a
 * new association to the device's configured address, through the shared job outbox (retries with backoff,
 * surviving a restart).
 */
public final class StorageCommitmentScp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StorageCommitmentScp.class);

    // PS3.4 J.3.3 / PS3.6 tags of the commitment data sets
    static final int TransactionUID = 0x00081195;
    static final int ReferencedSOPSequence = 0x00081199;
    static final int FailedSOPSequence = 0x00081198;
    static final int ReferencedSOPClassUID = 0x00081150;
    static final int ReferencedSOPInstanceUID = 0x00081155;
    static final int FailureReason = 0x00081197;
    /** PS3.4 J.3.3.1.1 failure reasons. */
    static final int PROCESSING_FAILURE = 0x0110;
    static final int NO_SUCH_OBJECT_INSTANCE = 0x0112;
    static final int CLASS_INSTANCE_CONFLICT = 0x0119;

    private static final long MAX_REQUEST_BYTES = 16L << 20;

    private final GatewayConfig config;
    private final InstanceStore store;
    private final GatewayListener listener;
    private final ExecutorService verifier = Executors.newFixedThreadPool(2, r -> daemon(r, "commitment-verify"));
    private final AtomicInteger messageIds = new AtomicInteger(1000);

    private final org.rdc.gateway.registry.FacilityRegistry registry;
    private final CommitmentOutbox outbox;
    private final JobWorkers delivery;

    /**
     * @param outbox where reports for a new association wait (the shared job outbox: they survive a restart), or
     *               null on a gateway that only answers on the same association
     */
    public StorageCommitmentScp(GatewayConfig config, InstanceStore store, GatewayListener listener,
                                org.rdc.gateway.registry.FacilityRegistry registry, CommitmentOutbox outbox) {
        this.config = config;
        this.store = store;
        this.listener = listener;
        this.registry = registry;
        this.outbox = outbox;
        if (outbox != null) {
            outbox.adoptEarlierReports();
            Duration first = config.commitmentRetryDelay();
            // the delay doubles up to 64 times the first; a claim outlasts a connect plus the 30 s DIMSE timeout
            JobOutbox.Retry retry = new JobOutbox.Retry(Math.max(1, config.commitmentRetries()), first, first.multipliedBy(64),
                    Duration.ofMinutes(2));
            delivery = new JobWorkers(outbox.jobs(), CommitmentOutbox.KIND, this::deliverJob, retry, Duration.ofSeconds(1)).start(1);
        } else {
            delivery = null;
        }
    }

    /** One report from the outbox, on a new association to the device as the registry knows it now. */
    private void deliverJob(JobOutbox.Job job) throws IOException {
        CommitmentOutbox.Report r = CommitmentOutbox.report(job);
        Device device = registry == null ? null
                : registry.byAeTitle(r.deviceAe()).map(org.rdc.gateway.registry.FacilityRegistry.Match::device).orElse(null);
        if (device == null) {
            throw new IOException("device '" + r.deviceAe() + "' is no longer in the registry");
        }
        send(device, r.deviceAe(), r.transactionUid(), r.eventType(), r.dataSet(), r.transferSyntax());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** One referenced instance and, once checked, its failure reason (0 = committed). */
    record Ref(String sopClassUid, String sopInstanceUid, int failure) {
    }

    void nAction(ScpSession session, DimseChannel.Command c, PresentationContext pc) throws IOException {
        DataSet cmd = c.command();
        DataSet rsp = Dimse.response(cmd, Dimse.N_ACTION_RSP, Dimse.SUCCESS);
        rsp.remove(Dimse.AffectedSOPClassUID);
        rsp.setString(Dimse.AffectedSOPClassUID, VR.UI, SopClasses.STORAGE_COMMITMENT_PUSH);
        rsp.setString(Dimse.AffectedSOPInstanceUID, VR.UI, SopClasses.STORAGE_COMMITMENT_PUSH_INSTANCE);
        if (!Dimse.hasDataSet(cmd)) {
            channelSend(session, c, Dimse.errorComment(withStatus(rsp, Dimse.MISTYPED_ARGUMENT), "N-ACTION without data set"));
            return;
        }
        DimseChannel.DataInput data = session.channel().dataSet(c.pcId());
        DataSet request;
        try {
            data.limit(MAX_REQUEST_BYTES);
            request = new DataSetReader().read(DataSetParser.open(data, TransferSyntax.of(pc.transferSyntax())));
            data.discard();
        } catch (org.rdc.gateway.dimse.AssociationEndedException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            data.discard();
            channelSend(session, c, Dimse.errorComment(withStatus(rsp, Dimse.PROCESSING_FAILURE),
                    "cannot read the N-ACTION data set: " + e.getMessage()));
            return;
        } finally {
            data.close();
        }
        int actionType = cmd.getInt(Dimse.ActionTypeID, -1);
        String transaction = request.getString(TransactionUID);
        Sequence refs = request.getSequence(ReferencedSOPSequence);
        if (actionType != 1) {
            channelSend(session, c, withStatus(rsp, Dimse.NO_SUCH_ACTION_TYPE));
            return;
        }
        if (transaction == null || refs == null) {
            channelSend(session, c, Dimse.errorComment(withStatus(rsp, Dimse.INVALID_ARGUMENT_VALUE),
                    "Transaction UID and Referenced SOP Sequence are required"));
            return;
        }
        List<Ref> wanted = new ArrayList<>();
        for (Item item : refs.items()) {
            wanted.add(new Ref(item.getString(ReferencedSOPClassUID), item.getString(ReferencedSOPInstanceUID), 0));
        }
        rsp.setInt(Dimse.ActionTypeID, VR.US, 1);
        channelSend(session, c, rsp);
        log.info("{}: storage commitment request {} for {} instances", session.association(), transaction, wanted.size());
        AssociationPolicy.Peer peer = session.peer();
        verifier.execute(() -> {
            List<Ref> checked = wanted.stream().map(r -> verify(r, peer.facilityId())).toList();
            Set<String> studies = new LinkedHashSet<>();
            checked.stream().filter(r -> r.failure == 0)
                    .forEach(r -> studyOf(r.sopInstanceUid).ifPresent(studies::add));
            byte[] report = report(transaction, checked, pc.transferSyntax());
            int eventType = checked.stream().allMatch(r -> r.failure == 0) ? 1 : 2;
            listener.storageCommitted(new GatewayListener.StorageCommitted(peer.facilityId(), peer.callingAe(), transaction,
                    studies, checked.stream().filter(r -> r.failure == 0).map(Ref::sopInstanceUid).toList(),
                    checked.stream().filter(r -> r.failure != 0).map(Ref::sopInstanceUid).toList()));
            deliver(session, pc, peer, transaction, eventType, report);
        });
    }

    private java.util.Optional<String> studyOf(String sopInstanceUid) {
        return store.locate(sopInstanceUid).map(o -> {
            // object keys are dicom/<study>/<series>/<sop>/<sha>.dcm (InstanceAttributes.objectKey)
            String[] p = o.objectKey().split("/");
            return p.length > 1 ? p[1] : null;
        });
    }

    private static DataSet withStatus(DataSet rsp, int status) {
        rsp.setInt(Dimse.Status, VR.US, status);
        return rsp;
    }

    private static void channelSend(ScpSession session, DimseChannel.Command c, DataSet rsp) {
        session.channel().sendCommand(c.pcId(), rsp);
    }

    /**
     * In the catalog as the calling facility's own, readable, SHA-256 verified over every byte, and of the SOP class
     * the request names. Another facility's instance is answered as an unknown one (0112H), so that a device learns
     * nothing of other facilities' data.
     */
    Ref verify(Ref r, String facilityId) {
        if (r.sopInstanceUid == null || r.sopClassUid == null) {
            return new Ref(r.sopClassUid, r.sopInstanceUid, PROCESSING_FAILURE);
        }
        if (store.locate(r.sopInstanceUid).isEmpty()) {
            return new Ref(r.sopClassUid, r.sopInstanceUid, NO_SUCH_OBJECT_INSTANCE);
        }
        java.util.Optional<String> owner = store.catalog().facilityOfInstance(r.sopInstanceUid);
        if (!owner.equals(java.util.Optional.ofNullable(facilityId))) {
            log.warn("storage commitment: facility '{}' asked for {}, an instance of facility '{}': answered as unknown",
                    facilityId, r.sopInstanceUid, owner.orElse(null));
            return new Ref(r.sopClassUid, r.sopInstanceUid, NO_SUCH_OBJECT_INSTANCE);
        }
        try (InputStream in = store.open(r.sopInstanceUid)) {
            byte[] head = in.readNBytes(4096);
            String storedClass = metaSopClass(head);
            in.transferTo(java.io.OutputStream.nullOutputStream()); // the verifying stream checks the SHA-256 at the end
            if (storedClass != null && !storedClass.equals(r.sopClassUid)) {
                return new Ref(r.sopClassUid, r.sopInstanceUid, CLASS_INSTANCE_CONFLICT);
            }
            return r;
        } catch (IOException | StorageException e) {
            log.warn("storage commitment: {} failed verification: {}", r.sopInstanceUid, e.getMessage());
            return new Ref(r.sopClassUid, r.sopInstanceUid, PROCESSING_FAILURE);
        }
    }

    /** (0002,0002) from the start of a stored Part 10 file. */
    static String metaSopClass(byte[] head) {
        if (head.length < 132 || head[128] != 'D' || head[129] != 'I' || head[130] != 'C' || head[131] != 'M') {
            return null;
        }
        try {
            DataSetParser p = new DataSetParser(new java.io.ByteArrayInputStream(head, 132, head.length - 132),
                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, 132, head.length - 132);
            for (Token t = p.next(); t == Token.ELEMENT && org.rdc.dicom.core.Tag.group(p.header().tag()) == 2; t = p.next()) {
                if (p.header().tag() == Tag.MediaStorageSOPClassUID) {
                    String s = new String(p.readValue(), java.nio.charset.StandardCharsets.US_ASCII);
                    return s.replace("\0", "").trim();
                }
            }
        } catch (IOException ignored) {
            // not a file we wrote; no class check
        }
        return null;
    }

    static byte[] report(String transaction, List<Ref> refs, String transferSyntax) {
        DataSet ds = new DataSet();
        ds.setString(TransactionUID, VR.UI, transaction);
        Sequence ok = null;
        Sequence failed = null;
        for (Ref r : refs) {
            Item item;
            if (r.failure == 0) {
                ok = ok == null ? ds.newSequence(ReferencedSOPSequence) : ok;
                item = ok.addItem();
            } else {
                failed = failed == null ? ds.newSequence(FailedSOPSequence) : failed;
                item = failed.addItem();
            }
            item.setString(ReferencedSOPClassUID, VR.UI, r.sopClassUid == null ? "" : r.sopClassUid);
            item.setString(ReferencedSOPInstanceUID, VR.UI, r.sopInstanceUid == null ? "" : r.sopInstanceUid);
            if (r.failure != 0) {
                item.setInt(FailureReason, VR.US, r.failure);
            }
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new DataSetWriter(TransferSyntax.of(transferSyntax)).write(ds, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DataSet eventReport(int eventType) {
        DataSet rq = Dimse.command(Dimse.N_EVENT_REPORT_RQ, 0x0000);
        rq.setString(Dimse.AffectedSOPClassUID, VR.UI, SopClasses.STORAGE_COMMITMENT_PUSH);
        rq.setString(Dimse.AffectedSOPInstanceUID, VR.UI, SopClasses.STORAGE_COMMITMENT_PUSH_INSTANCE);
        rq.setInt(Dimse.EventTypeID, VR.US, eventType);
        return rq;
    }

    private void deliver(ScpSession session, PresentationContext pc, AssociationPolicy.Peer peer, String transaction,
                         int eventType, byte[] report) {
        if (session.association().state() == StateMachine.State.STA6) {
            try {
                DataSet rsp = session.request(pc.id(), eventReport(eventType), report, messageIds.incrementAndGet() & 0xFFFF)
                        .get(30, TimeUnit.SECONDS);
                log.info("{}: storage commitment report {} (event type {}) answered with status 0x{}", session.association(),
                        transaction, eventType, Integer.toHexString(rsp.getInt(Dimse.Status, -1)));
                return;
            } catch (Exception e) {
                log.info("{}: report {} not delivered on the same association ({}); trying a new one", session.association(),
                        transaction, e.toString());
            }
        }
        deliverOnNewAssociation(peer, transaction, eventType, report, pc.transferSyntax());
    }

    private void deliverOnNewAssociation(AssociationPolicy.Peer peer, String transaction, int eventType, byte[] report,
                                         String ts) {
        Device d = peer.match().device();
        String host = d.host() != null ? d.host() : d.hosts().isEmpty() ? null : d.hosts().get(0);
        if (host == null || d.port() == 0 || outbox == null) {
            log.warn("storage commitment report {} for '{}' cannot be delivered: the association is closed and {}", transaction,
                    peer.callingAe(), outbox == null ? "this gateway has no outbox" : "the device has no host/port in the registry");
            return;
        }
        outbox.add(new CommitmentOutbox.Report(transaction, peer.callingAe(), peer.facilityId(), eventType, ts, report));
    }

    /** N-EVENT-REPORT on a new association to the device's own listener (we are the SCP role there). */
    private void send(Device d, String deviceAe, String transaction, int eventType, byte[] report, String ts) throws IOException {
        String host = d.host() != null ? d.host() : d.hosts().isEmpty() ? null : d.hosts().get(0);
        if (host == null || d.port() == 0) {
            throw new IOException("device '" + deviceAe + "' has no host/port in the registry");
        }
        try (DicomClient client = DicomClient.open(DicomClient.request(host, d.port(), deviceAe)
                .callingAe(config.aeTitle())
                .context(SopClasses.STORAGE_COMMITMENT_PUSH, List.of(ts, SopClasses.EXPLICIT_VR_LE, SopClasses.IMPLICIT_VR_LE))
                // PS3.4 J.3.3: on an association we open, we are the SCP of Storage Commitment
                .role(SopClasses.STORAGE_COMMITMENT_PUSH, false, true)
                .dimseTimeout(Duration.ofSeconds(30)))) {
            PresentationContext pc = client.context(SopClasses.STORAGE_COMMITMENT_PUSH, null);
            if (pc == null) {
                throw new IOException("Storage Commitment not accepted by " + deviceAe);
            }
            byte[] data = pc.transferSyntax().equals(ts) ? report : reencode(report, ts, pc.transferSyntax());
            DataSet rsp = client.request(pc.id(), eventReport(eventType), new java.io.ByteArrayInputStream(data));
            log.info("storage commitment report {} delivered to {}@{}:{} (status 0x{})", transaction, deviceAe, host,
                    d.port(), Integer.toHexString(rsp.getInt(Dimse.Status, -1)));
        }
    }

    private static byte[] reencode(byte[] data, String from, String to) throws IOException {
        DataSet ds = new DataSetReader().read(DataSetParser.open(new java.io.ByteArrayInputStream(data), TransferSyntax.of(from)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DataSetWriter(TransferSyntax.of(to)).write(ds, out);
        return out.toByteArray();
    }

    @Override
    public void close() {
        verifier.shutdownNow();
        if (delivery != null) {
            delivery.close();
        }
    }
}
