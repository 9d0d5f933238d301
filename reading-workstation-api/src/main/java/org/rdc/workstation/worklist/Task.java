package org.rdc.workstation.worklist;

import java.time.Instant;

/**
 * One reading task: a ready study in a service line's queue. {@code lateInstanceCount} counts
 * instances that arrived after the study was routed (flagged to the reader from {@code lateSince}).
 */
public record Task(long id, String studyInstanceUid, String facilityId, ServiceLine serviceLine, Priority priority,
                   boolean critical, TaskState state, Queue queue, String holder, Instant leaseExpiresAt,
                   Instant arrivedAt, Instant readyAt, String readyReason, Instant dueAt, String modalities,
                   String routingNote, int instanceCount, int lateInstanceCount, Instant lateSince, String readBy,
                   String qcReason, String qcText, String escalationReason, long version, Instant updatedAt) {
}
