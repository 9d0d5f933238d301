package org.rdc.workstation.worklist;

import java.util.Set;

/** Filters of the worklist; null or empty means any. No state given: the active states. */
public record WorklistQuery(ServiceLine serviceLine, Priority priority, String facilityId, Set<TaskState> states, int page,
                            int size) {

    public static final int MAX_SIZE = 500;

    public WorklistQuery {
        if (page < 0) {
            throw new IllegalArgumentException("page must not be negative: " + page);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be within 1.." + MAX_SIZE + ": " + size);
        }
        states = states == null ? Set.of() : Set.copyOf(states);
    }
}
