import { api } from './client';
import type { ServiceLine, WorklistItem } from './types';

// The clinic portal's calls (README "Reports", "Critical values", "Worklist API") and their JSON, as the Java
// records define it (ReportView, VerificationView, CriticalNotification).

export type ReportState = 'DRAFT' | 'PRELIMINARY' | 'SIGNED' | 'REVISING' | 'VERIFIED' | 'FINAL';
export type VersionKind = 'ORIGINAL' | 'CORRECTION' | 'ADDENDUM';
export type SignatureRole = 'PRELIMINARY' | 'AUTHOR' | 'VERIFIER';

export interface ReportPatient {
  id: string | null;
  name: string | null;
  sex: string | null;
  birthDate: string | null;
}

export interface Examination {
  accessionNumber: string | null;
  studyDate: string | null;
  description: string | null;
  modalities: string[];
}

/** A row of GET /api/reports. */
export interface ReportItem {
  id: number;
  taskId: number;
  studyInstanceUid: string;
  facilityId: string;
  serviceLine: ServiceLine;
  patient: ReportPatient;
  examination: Examination;
  currentVersion: number | null;
  latestVersion: number;
  latestState: ReportState;
}

export interface VersionSummary {
  number: number;
  kind: VersionKind;
  follows: number | null;
  reason: string | null;
  state: ReportState;
  current: boolean;
  preliminary: boolean;
  authorName: string | null;
  signedAt: string | null;
  verifierName: string | null;
  verifiedAt: string | null;
  finalAt: string | null;
}

export interface ReportVersion {
  number: number;
  kind: VersionKind;
  state: ReportState;
  sections: { findings: string; impression: string; recommendation: string };
  critical: boolean;
  criticalCategory: string | null;
  sharingMark: string | null;
  authorName: string | null;
  signedAt: string | null;
  verifierName: string | null;
  verifiedAt: string | null;
  preliminaryAt: string | null;
}

export interface ArchivedDocument {
  version: number;
  role: SignatureRole;
  pdfSha256: string;
  pdfSize: number;
  verificationCode: string;
  signedBy: string | null;
  createdAt: string;
}

/** GET /api/reports/{id}: for a facility, `version` is the current one (or null before any is FINAL). */
export interface ReportView {
  id: number;
  studyInstanceUid: string;
  facilityId: string;
  serviceLine: ServiceLine;
  stat: boolean;
  patient: ReportPatient;
  examination: Examination;
  currentVersion: number | null;
  latestVersion: number;
  versions: VersionSummary[];
  version: ReportVersion | null;
  documents: ArchivedDocument[];
}

export type VerificationOutcome = 'VALID_CURRENT' | 'VALID_SUPERSEDED' | 'MODIFIED' | 'SIGNATURE_MISSING' | 'NOT_OURS';

export interface SignatureCheck {
  role: SignatureRole | null;
  signer: string | null;
  standard: 'PADES' | 'SM2' | null;
  signedAt: string | null;
  timestampAt: string | null;
  valid: boolean;
  coversWholeFile: boolean;
  certificateTrusted: boolean;
  problem: string | null;
}

/** POST /api/reports/verify */
export interface Verification {
  outcome: VerificationOutcome;
  intact: boolean;
  documentSha256: string;
  report: { reportId: number; version: number; currentVersion: number; current: boolean; role: SignatureRole; code: string } | null;
  signatures: SignatureCheck[];
}

export type CriticalState = 'OPEN' | 'LATE' | 'ACKNOWLEDGED';

export interface CriticalNotification {
  id: number;
  source: 'REPORT' | 'ECG';
  facilityId: string;
  studyInstanceUid: string;
  patientId: string | null;
  patientName: string | null;
  serviceLine: ServiceLine;
  category: string | null;
  summary: string;
  reportId: number | null;
  reportVersion: number | null;
  state: CriticalState;
  raisedAt: string;
  deadlineAt: string;
  late: boolean;
  acknowledgement: { at: string; username: string; name: string; informedClinician: string | null; note: string | null } | null;
  escalationContact: { name: string | null; phone: string | null } | null;
}

export interface CriticalSummary {
  open: number;
  late: number;
}

/** A critical-result category of a service line (its code, Chinese and English names). */
export interface Choice {
  code: string;
  zh: string;
  en: string;
}

export interface ReportSearch {
  patient?: string;
  from?: string;
  to?: string;
  modality?: string;
}

export const portal = {
  reports(q: ReportSearch) {
    return api.get<ReportItem[]>('/api/reports', { ...q, size: '200' });
  },
  report(id: number) {
    return api.get<ReportView>(`/api/reports/${id}`);
  },
  version(id: number, n: number) {
    return api.get<ReportVersion>(`/api/reports/${id}/versions/${n}`);
  },
  /** Where the signed PDF of a document is served (a link downloads it with the session cookie). */
  pdfPath(id: number, d: Pick<ArchivedDocument, 'version' | 'role'>) {
    return `/api/reports/${id}/versions/${d.version}/pdf?role=${d.role}`;
  },
  pdf(id: number, d: Pick<ArchivedDocument, 'version' | 'role'>) {
    return api.blob(this.pdfPath(id, d));
  },
  /** Is the PDF one of the centre's, unchanged, and current (the server's check, not the browser's). */
  verify(pdf: Blob) {
    return api.postFile<Verification>('/api/reports/verify', pdf, 'application/pdf');
  },
  criticalValues(states: CriticalState[]) {
    return api.get<CriticalNotification[]>('/api/critical-values', { state: states.join(','), size: '200' });
  },
  criticalSummary() {
    return api.get<CriticalSummary>('/api/critical-values/summary');
  },
  acknowledge(id: number, body: { name?: string; informedClinician?: string; note?: string }) {
    return api.post<CriticalNotification>(`/api/critical-values/${id}/acknowledge`, body);
  },
  criticalCategories(line: ServiceLine) {
    return api.get<Choice[]>(`/api/report-templates/critical-categories/${line}`);
  },
  qcReturns(facilityId: string) {
    return api.get<WorklistItem[]>(`/api/facilities/${encodeURIComponent(facilityId)}/qc-returns`, { size: '200' });
  },
};
