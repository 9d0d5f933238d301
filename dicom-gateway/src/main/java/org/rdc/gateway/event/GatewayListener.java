package org.rdc.gateway.event;

import java.util.List;
import java.util.Set;
import org.rdc.storage.StoredInstance;
import org.rdc.storage.catalog.InstanceAttributes;

/**
 * What the gateway tells the rest of the centre (the worklist subscribes to these). Called on the
 * gateway's worker threads after the fact is durable; implementations must be quick or hand off.
 */
public interface GatewayListener {

    /** An instance is durable and in the catalog (C-STORE success or STOW-RS stored it). */
    default void instanceStored(InstanceStored event) {
    }

    /** A Storage Commitment request was answered; {@code studies} lists the studies it covered. */
    default void storageCommitted(StorageCommitted event) {
    }

    /** A STOW-RS request ended: its studies are complete as far as that request goes. */
    default void stowCompleted(StowCompleted event) {
    }

    record InstanceStored(String facilityId, String sourceAeTitle, InstanceAttributes attributes, StoredInstance stored,
                          String via) {
    }

    record StorageCommitted(String facilityId, String sourceAeTitle, String transactionUid, Set<String> studyInstanceUids,
                            List<String> committedSopInstanceUids, List<String> failedSopInstanceUids) {
        public boolean allCommitted() {
            return failedSopInstanceUids.isEmpty();
        }
    }

    record StowCompleted(String facilityId, String deviceAeTitle, Set<String> studyInstanceUids, int stored, int failed) {
    }

    /** Several listeners as one; a failing listener is logged and does not stop the others. */
    static GatewayListener all(List<GatewayListener> listeners) {
        return new GatewayListener() {
            @Override
            public void instanceStored(InstanceStored e) {
                listeners.forEach(l -> safely(() -> l.instanceStored(e)));
            }

            @Override
            public void storageCommitted(StorageCommitted e) {
                listeners.forEach(l -> safely(() -> l.storageCommitted(e)));
            }

            @Override
            public void stowCompleted(StowCompleted e) {
                listeners.forEach(l -> safely(() -> l.stowCompleted(e)));
            }

            private void safely(Runnable r) {
                try {
                    r.run();
                } catch (RuntimeException ex) {
                    org.slf4j.LoggerFactory.getLogger(GatewayListener.class).warn("gateway listener failed", ex);
                }
            }
        };
    }
}
