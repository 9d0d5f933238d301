import { api } from './client';
import type { Priority, Queue, ServiceLine, Task, TaskDetail, TaskState, WorklistPage } from './types';

/** The worklist calls of README "Worklist API". */
export const worklist = {
  list(q: { serviceLine: ServiceLine; priority?: Priority; facility?: string; state?: TaskState[]; size?: number }) {
    return api.get<WorklistPage>('/api/worklist', {
      serviceLine: q.serviceLine,
      priority: q.priority,
      facility: q.facility,
      state: q.state,
      size: String(q.size ?? 200),
    });
  },
  /** The most urgent waiting task of the line and queue, claimed; undefined (204) when none waits. */
  next(serviceLine: ServiceLine, queue: Queue) {
    return api.post<Task | undefined>('/api/worklist/next', undefined, { serviceLine, queue });
  },
  task(id: number) {
    return api.get<TaskDetail>(`/api/tasks/${id}`);
  },
  claim(id: number) {
    return api.post<Task>(`/api/tasks/${id}/claim`);
  },
  renew(id: number) {
    return api.post<Task>(`/api/tasks/${id}/renew`);
  },
  release(id: number) {
    return api.post<Task>(`/api/tasks/${id}/release`);
  },
  releaseOnLeave(id: number) {
    api.postOnLeave(`/api/tasks/${id}/release`);
  },
};
