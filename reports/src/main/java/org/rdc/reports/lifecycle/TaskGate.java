package org.rdc.reports.lifecycle;

/**
 * The reading task's rules as they apply to its report: only the user who holds the task, with a
 * lease that has not run out, edits, signs or verifies the report of that task. The worklist
 * implements it; a refusal is a ReportException (CONFLICT, code {@code not-task-holder}).
 */
@FunctionalInterface
public interface TaskGate {

    void requireHolder(long taskId, String username);
}
