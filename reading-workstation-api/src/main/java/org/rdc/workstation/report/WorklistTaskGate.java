package org.rdc.workstation.report;

import java.time.Clock;
import org.rdc.reports.ReportException;
import org.rdc.reports.lifecycle.TaskGate;
import org.rdc.workstation.worklist.Task;
import org.rdc.workstation.worklist.TaskState;
import org.rdc.workstation.worklist.Worklist;

/**
 * The worklist's lease rules for a task's report: the holder of the IN_PROGRESS task, while the
 * lease lasts, is the only one who edits, signs or (in the countersign queue) verifies it.
 */
public final class WorklistTaskGate implements TaskGate {

    private final Worklist worklist;
    private final Clock clock;

    public WorklistTaskGate(Worklist worklist, Clock clock) {
        this.worklist = worklist;
        this.clock = clock;
    }

    @Override
    public void requireHolder(long taskId, String username) {
        Task t = worklist.find(taskId).orElseThrow(() -> ReportException.notFound("no task " + taskId));
        if (t.state() != TaskState.IN_PROGRESS || !username.equals(t.holder())) {
            if (worklist.lapsedHolder(taskId).filter(username::equals).isPresent()) {
                // the router has already put the task back in its queue: still the caller's own lease that ran out
                throw leaseExpired(taskId, t);
            }
            throw ReportException.conflict("not-task-holder", "task " + taskId + " is " + t.state()
                    + (t.holder() == null ? "" : ", held by " + t.holder()) + ": only the user who has claimed it works on its report");
        }
        if (t.leaseExpiresAt() == null || !t.leaseExpiresAt().isAfter(clock.instant())) {
            throw leaseExpired(taskId, t);
        }
    }

    private static ReportException leaseExpired(long taskId, Task t) {
        return ReportException.conflict("lease-expired", "your lease on task " + taskId + " expired"
                + (t.leaseExpiresAt() == null ? "" : " at " + t.leaseExpiresAt())
                + "; claim it again to go on with its report (the draft is kept)");
    }
}
