package org.rdc.workstation.worklist;

import java.time.Instant;

/** One recorded transition: who did what, when, from which state to which, and why. */
public record TaskEvent(Instant at, String actor, String action, TaskState fromState, TaskState toState, String reason,
                        String detail) {
}
