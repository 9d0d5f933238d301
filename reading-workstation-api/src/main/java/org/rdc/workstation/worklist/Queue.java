package org.rdc.workstation.worklist;

import java.util.Arrays;
import java.util.Optional;

/**
 * Who a waiting task waits for. A task IN_PROGRESS keeps its queue: releasing it or letting its
 * lease expire puts it back into that queue's waiting state.
 */
public enum Queue {
    /** County readers of the service line. */
    READING(TaskState.SCHEDULED),
    /** Tertiary-hospital consultants of the service line. */
    CONSULTATION(TaskState.ESCALATED),
    /** Senior readers of the service line, for reports that need a second signature. */
    COUNTERSIGN(TaskState.AWAITING_COUNTERSIGN);

    private final TaskState waiting;

    Queue(TaskState waiting) {
        this.waiting = waiting;
    }

    public TaskState waitingState() {
        return waiting;
    }

    public static Optional<Queue> waitingIn(TaskState state) {
        return Arrays.stream(values()).filter(q -> q.waiting == state).findFirst();
    }
}
