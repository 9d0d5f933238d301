// The JSON the centre answers, as its Java records define it (reading-workstation-api: Caller, Task, WorklistItem ...).
// Instants are ISO-8601 strings in UTC, dates yyyy-MM-dd.

export type Role = 'READER' | 'SENIOR_READER' | 'CONSULTANT' | 'FACILITY_USER' | 'ADMIN';
export type ServiceLine = 'RADIOLOGY' | 'ULTRASOUND' | 'ECG';
export const serviceLines: readonly ServiceLine[] = ['RADIOLOGY', 'ULTRASOUND', 'ECG'];
export type Priority = 'STAT' | 'INPATIENT' | 'OUTPATIENT' | 'CHECKUP';
export const priorities: readonly Priority[] = ['STAT', 'INPATIENT', 'OUTPATIENT', 'CHECKUP'];
export type TaskState =
  | 'SCHEDULED'
  | 'IN_PROGRESS'
  | 'COMPLETED'
  | 'CANCELED'
  | 'RETURNED_FOR_QC'
  | 'ESCALATED'
  | 'AWAITING_COUNTERSIGN';
export const taskStates: readonly TaskState[] = [
  'SCHEDULED',
  'IN_PROGRESS',
  'AWAITING_COUNTERSIGN',
  'ESCALATED',
  'RETURNED_FOR_QC',
  'COMPLETED',
  'CANCELED',
];
export type Queue = 'READING' | 'COUNTERSIGN' | 'CONSULTATION';

/** GET /api/session: the signed-in user. */
export interface Caller {
  username: string;
  roles: Role[];
  serviceLines: ServiceLine[];
  facilityId: string | null;
  requiresCountersign: boolean;
}

export interface SessionInfo {
  user: Caller;
  csrfHeader: string | null;
  csrfToken: string | null;
}

export interface Task {
  id: number;
  studyInstanceUid: string;
  facilityId: string;
  serviceLine: ServiceLine;
  priority: Priority;
  critical: boolean;
  state: TaskState;
  queue: Queue;
  holder: string | null;
  leaseExpiresAt: string | null;
  arrivedAt: string;
  readyAt: string | null;
  readyReason: string | null;
  dueAt: string;
  modalities: string | null;
  routingNote: string | null;
  instanceCount: number;
  lateInstanceCount: number;
  lateSince: string | null;
  readBy: string | null;
  qcReason: string | null;
  qcText: string | null;
  escalationReason: string | null;
  version: number;
  updatedAt: string;
}

export interface WorklistItem {
  task: Task;
  patientId: string | null;
  patientName: string | null;
  patientSex: string | null;
  patientBirthDate: string | null;
  accessionNumber: string | null;
  studyDate: string | null;
  studyDescription: string | null;
  thumbnailUrl: string;
}

export interface WorklistPage {
  items: WorklistItem[];
  page: number;
  size: number;
  hasMore: boolean;
}

export interface StudySummary {
  studyInstanceUid: string;
  patientId: string | null;
  issuerOfPatientId: string | null;
  patientName: string | null;
  patientSex: string | null;
  patientBirthDate: string | null;
  accessionNumber: string | null;
  studyDate: string | null;
  studyTime: string | null;
  studyDescription: string | null;
  facilityId: string;
  modalities: string[];
  instanceCount: number;
  totalBytes: number;
  status: string;
  firstReceivedAt: string;
  lastReceivedAt: string;
  requestedPriority: string | null;
  identityFlag: string | null;
}

export interface Prior {
  studyInstanceUid: string;
  studyDate: string | null;
  studyDescription: string | null;
  accessionNumber: string | null;
  facilityId: string;
  modalities: string[];
  firstReceivedAt: string;
  taskId: number | null;
  taskState: TaskState | null;
  serviceLine: ServiceLine | null;
  report: unknown;
}

export interface TaskEvent {
  at: string;
  actor: string;
  action: string;
  fromState: TaskState | null;
  toState: TaskState | null;
  reason: string | null;
  detail: string | null;
}

/** GET /api/tasks/{id} */
export interface TaskDetail {
  task: Task;
  study: StudySummary;
  priors: Prior[];
  history: TaskEvent[];
  /** The study has a stored Holter analysis: the task page shows the Holter review, not the resting viewer. */
  holter: boolean;
}

/** RFC 9457 problem details, as every error of the API is answered; `code` names the case where the API has one. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  instance?: string;
}
