package org.rdc.gateway.scp;

import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.rdc.dicom.core.DicomParseException;
import org.rdc.dicom.core.VR;
import org.rdc.dicom.encoding.SpecificCharacterSet;
import org.rdc.dicom.object.DataSet;
import org.rdc.dicom.uid.Uids;
import org.rdc.gateway.dimse.AssociationEndedException;
import org.rdc.gateway.dimse.DataSetTooLargeException;
import org.rdc.gateway.dimse.Dimse;
import org.rdc.gateway.dimse.DimseChannel;
import org.rdc.gateway.dimse.DimseChannel.Closed;
import org.rdc.gateway.dimse.DimseChannel.Command;
import org.rdc.gateway.dimse.DimseChannel.Release;
import org.rdc.gateway.dimse.SopClasses;
import org.rdc.gateway.event.GatewayListener;
import org.rdc.gateway.scp.InstanceReceiver.InvalidDataSetException;
import org.rdc.gateway.ul.Association;
import org.rdc.gateway.ul.Association.PresentationContext;
import org.rdc.gateway.ul.AssociationException;
import org.rdc.gateway.ul.Pdu;
import org.rdc.storage.InstanceStore;
import org.rdc.storage.StorageException;
import org.rdc.storage.StoredInstance;
import org.rdc.storage.catalog.InstanceAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DIMSE service provider of one accepted association, on its own worker thread: reads command
 * sets in order and performs C-ECHO (PS3.4 A / PS3.7 9.1.5), C-STORE (PS3.4 B / PS3.7 9.1.1) and
 * Storage Commitment N-ACTION (PS3.4 J / PS3.7 10.1.4); answers anything else with "unrecognized
 * operation". Requests are performed one after the other, within the asynchronous operations window.
 */
final class ScpSession implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ScpSession.class);

    private final Association association;
    private final DimseChannel channel;
    private final GatewayConfig config;
    private final InstanceStore store;
    private final GatewayListener listener;
    private final StorageCommitmentScp commitment;
    private final AssociationPolicy.Peer peer;
    private final SpecificCharacterSet fallback;
    /** Responses to our own requests on this association (N-EVENT-REPORT of Storage Commitment), by message ID. */
    private final Map<Integer, CompletableFuture<DataSet>> pending = new ConcurrentHashMap<>();
    private final GatewayMetrics metrics;
    /** When the C-STORE being answered began (its request command had arrived). */
    private long storeStarted;

    ScpSession(Association association, GatewayConfig config, InstanceStore store, GatewayListener listener,
               StorageCommitmentScp commitment, GatewayMetrics metrics) {
        this.association = association;
        this.metrics = metrics;
        this.channel = new DimseChannel(association);
        this.config = config;
        this.store = store;
        this.listener = listener;
        this.commitment = commitment;
        this.peer = (AssociationPolicy.Peer) association.attachment();
        SpecificCharacterSet cs;
        try {
            cs = SpecificCharacterSet.of(peer.match().facility().defaultCharacterSet());
            if (cs == null) {
                cs = SpecificCharacterSet.DEFAULT_FALLBACK;
            }
        } catch (RuntimeException e) {
            cs = SpecificCharacterSet.DEFAULT_FALLBACK;
        }
        this.fallback = cs;
    }

    DimseChannel channel() {
        return channel;
    }

    AssociationPolicy.Peer peer() {
        return peer;
    }

    Map<Integer, CompletableFuture<DataSet>> pending() {
        return pending;
    }

    @Override
    public void run() {
        String name = Thread.currentThread().getName();
        Thread.currentThread().setName("dimse-" + peer.callingAe());
        log.info("{}: association accepted (facility '{}')", association, peer.facilityId());
        try {
            while (true) {
                DimseChannel.Incoming in = channel.readCommand();
                if (in instanceof Release) {
                    association.releaseResponse();
                    continue;
                }
                if (in instanceof Closed c) {
                    log.info("{}: association ended: {}", association, c.reason());
                    return;
                }
                Command c = (Command) in;
                try {
                    dispatch(c);
                } catch (IOException | AssociationException e) {
                    log.info("{}: {}", association, e.getMessage());
                    // the Ended item follows in the queue; keep reading so it is consumed
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            association.abort();
        } catch (RuntimeException e) {
            log.error("{}: DIMSE worker failed", association, e);
            association.abortProvider(Pdu.Abort.REASON_NOT_SPECIFIED, "internal error: " + e);
            association.discardUntilEnded(association.settings().artimTimeout().toMillis() + 1000);
        } finally {
            pending.values().forEach(f -> f.completeExceptionally(new AssociationException("association ended")));
            Thread.currentThread().setName(name);
        }
    }

    private void dispatch(Command c) throws IOException {
        DataSet cmd = c.command();
        PresentationContext pc = association.presentationContext(c.pcId());
        int field = c.field();
        if (field < 0 || !cmd.contains(field >= 0x8000 ? Dimse.MessageIDBeingRespondedTo : Dimse.MessageID)) {
            // Without a command field or message ID there is nothing to answer to (PS3.7 9.3, 10.3).
            discardDataSet(c);
            association.abortProvider(Pdu.Abort.REASON_INVALID_PARAMETER_VALUE,
                    "command set without (0000,0100) Command Field or message ID");
            return;
        }
        switch (field) {
            case Dimse.C_ECHO_RQ -> {
                discardDataSet(c);
                channel.sendCommand(c.pcId(), Dimse.response(cmd, Dimse.C_ECHO_RSP, Dimse.SUCCESS));
            }
            case Dimse.C_STORE_RQ -> store(c, pc);
            case Dimse.N_ACTION_RQ -> {
                if (!SopClasses.STORAGE_COMMITMENT_PUSH.equals(pc.abstractSyntax())) {
                    discardDataSet(c);
                    channel.sendCommand(c.pcId(), Dimse.response(cmd, Dimse.N_ACTION_RSP, Dimse.SOP_CLASS_NOT_SUPPORTED));
                    return;
                }
                commitment.nAction(this, c, pc);
            }
            case Dimse.N_EVENT_REPORT_RSP -> {
                discardDataSet(c);
                CompletableFuture<DataSet> f = pending.remove(cmd.getInt(Dimse.MessageIDBeingRespondedTo, -1));
                if (f != null) {
                    f.complete(cmd);
                } else {
                    log.warn("{}: N-EVENT-REPORT-RSP to no request of ours", association);
                }
            }
            default -> {
                discardDataSet(c);
                if (field < 0x8000) {
                    log.warn("{}: {} not supported", association, Dimse.commandName(field));
                    channel.sendCommand(c.pcId(), Dimse.errorComment(Dimse.response(cmd, field | 0x8000,
                            Dimse.UNRECOGNIZED_OPERATION), Dimse.commandName(field) + " is not supported here"));
                }
            }
        }
    }

    private void discardDataSet(Command c) throws IOException {
        if (Dimse.hasDataSet(c.command())) {
            DimseChannel.DataInput in = channel.dataSet(c.pcId());
            try {
                in.discard();
            } finally {
                in.close();
            }
        }
    }

    /** C-STORE: PS3.4 B.2.3 statuses; success only once {@link InstanceStore.Incoming#commit} returned. */
    private void store(Command c, PresentationContext pc) throws IOException {
        storeStarted = System.nanoTime();
        DataSet cmd = c.command();
        String sopClass = cmd.getString(Dimse.AffectedSOPClassUID);
        String sopInstance = cmd.getString(Dimse.AffectedSOPInstanceUID);
        if (!Dimse.hasDataSet(cmd)) {
            respond(c, Dimse.CANNOT_UNDERSTAND, "C-STORE-RQ without a data set");
            return;
        }
        DimseChannel.DataInput data = channel.dataSet(c.pcId());
        try {
            if (sopClass == null || sopInstance == null || !Uids.isValid(sopClass) || !Uids.isValid(sopInstance)) {
                data.discard();
                respond(c, Dimse.CANNOT_UNDERSTAND, "missing or invalid Affected SOP Class/Instance UID");
                return;
            }
            if (!sopClass.equals(pc.abstractSyntax())) {
                data.discard();
                respond(c, Dimse.SOP_CLASS_NOT_SUPPORTED, "SOP class differs from the presentation context's");
                return;
            }
            InstanceStore.Incoming incoming;
            try {
                incoming = store.begin();
            } catch (StorageException e) {
                data.discard();
                log.warn("{}: storage refused {}: {}", association, sopInstance, e.getMessage());
                respond(c, Dimse.OUT_OF_RESOURCES, "storage: " + e.getMessage());
                return;
            }
            try {
                InstanceReceiver.writeHeader(incoming, sopClass, sopInstance, pc.transferSyntax(), peer.callingAe());
                data.sink(incoming);
                data.limit(config.maxDataSetBytes());
                InstanceReceiver.Source source = new InstanceReceiver.Source(peer.facilityId(), peer.callingAe(), fallback,
                        peer.match().facility().patientIdentity());
                DataSet header = InstanceReceiver.parse(data, org.rdc.dicom.encoding.TransferSyntax.of(pc.transferSyntax()),
                        config.maxInflatedBytes(), fallback);
                data.drain();
                InstanceAttributes a = InstanceReceiver.attributes(header, sopClass, sopInstance, pc.transferSyntax(), source);
                StoredInstance stored = incoming.commit(a);
                respond(c, Dimse.SUCCESS, null, stored);
                log.debug("{}: stored {} ({} bytes, {})", association, sopInstance, stored.size(), stored.outcome());
                listener.instanceStored(new GatewayListener.InstanceStored(peer.facilityId(), peer.callingAe(), a, stored,
                        "C-STORE"));
            } catch (AssociationEndedException e) {
                throw e;
            } catch (DataSetTooLargeException e) {
                data.discard();
                log.warn("{}: {} refused: {}", association, sopInstance, e.getMessage());
                respond(c, Dimse.OUT_OF_RESOURCES, e.getMessage());
            } catch (InvalidDataSetException e) {
                data.discard();
                log.warn("{}: {} refused: {}", association, sopInstance, e.getMessage());
                respond(c, e.mismatch() ? Dimse.DATA_SET_DOES_NOT_MATCH_SOP_CLASS : Dimse.CANNOT_UNDERSTAND, e.getMessage());
            } catch (DicomParseException | EOFException | java.util.zip.ZipException e) {
                data.discard();
                log.warn("{}: {} is not a valid data set: {}", association, sopInstance, e.getMessage());
                respond(c, Dimse.CANNOT_UNDERSTAND, "invalid data set: " + e.getMessage());
            } catch (StorageException e) {
                data.discard();
                log.warn("{}: {} not stored ({}): {}", association, sopInstance, e.kind(), e.getMessage());
                respond(c, InstanceReceiver.failureStatus(e), "storage: " + e.getMessage());
            } catch (java.io.InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                data.discard();
                log.warn("{}: {} not stored: {}", association, sopInstance, e.toString());
                respond(c, Dimse.CANNOT_UNDERSTAND, e.getMessage());
            } catch (AssociationException e) {
                throw e;
            } catch (RuntimeException e) {
                log.error("{}: {} not stored", association, sopInstance, e);
                data.discard();
                respond(c, Dimse.CANNOT_UNDERSTAND, "cannot process: " + e);
            } finally {
                incoming.close();
            }
        } finally {
            data.close();
        }
    }

    private void respond(Command c, int status, String comment) {
        respond(c, status, comment, null);
    }

    private void respond(Command c, int status, String comment, StoredInstance stored) {
        DataSet rsp = Dimse.response(c.command(), Dimse.C_STORE_RSP, status);
        Dimse.errorComment(rsp, status == Dimse.SUCCESS ? null : comment);
        channel.sendCommand(c.pcId(), rsp);
        metrics.cstore(status, stored == null ? null : stored.outcome(), stored == null ? 0 : stored.size(),
                System.nanoTime() - storeStarted);
    }

    /** Sends one of our own requests (N-EVENT-REPORT) on this association and returns the future response. */
    CompletableFuture<DataSet> request(int pcId, DataSet command, byte[] dataSet, int messageId) {
        CompletableFuture<DataSet> f = new CompletableFuture<>();
        pending.put(messageId, f);
        command.setInt(Dimse.MessageID, VR.US, messageId);
        channel.send(pcId, command, dataSet);
        return f;
    }

    Association association() {
        return association;
    }
}
