import { api } from './client';
import type { ServiceLine, Task } from './types';

// The report API's JSON (reading-workstation-api report.ReportView, reports model.ReportVersion, template.ReportTemplate).

export type ReportState = 'DRAFT' | 'PRELIMINARY' | 'SIGNED' | 'REVISING' | 'VERIFIED' | 'FINAL';
export type SectionName = 'findings' | 'impression' | 'recommendation';
export const sectionNames: readonly SectionName[] = ['findings', 'impression', 'recommendation'];
export type FieldType = 'TEXT' | 'NUMBER' | 'CHOICE' | 'MULTI_CHOICE' | 'BOOLEAN' | 'TEXT_LIST';
export type FieldValue = string | number | boolean | string[];
export type Fields = Record<string, FieldValue>;

export interface Choice {
  code: string;
  zh: string;
  en: string;
}

export interface FieldDefinition {
  key: string;
  nameZh: string;
  nameEn: string;
  type: FieldType;
  unit: string | null;
  min: number | null;
  max: number | null;
  choices: Choice[];
  maxLength: number | null;
  required: boolean;
  /** where the value comes from before the reader sees it, e.g. ecg.heartRateBpm (the automatic analysis) */
  prefill: string | null;
}

export interface Phrase {
  section: SectionName;
  zh: string;
  en: string;
}

export interface ReportTemplate {
  id: string;
  version: number;
  nameZh: string;
  nameEn: string;
  serviceLine: ServiceLine;
  fields: FieldDefinition[];
  phrases: Phrase[];
}

export interface Sections {
  findings: string;
  impression: string;
  recommendation: string;
}

export interface ReportVersion {
  number: number;
  kind: 'ORIGINAL' | 'CORRECTION' | 'ADDENDUM';
  follows: number | null;
  reason: string | null;
  state: ReportState;
  templateId: string;
  templateVersion: number;
  sections: Sections;
  fields: Fields;
  critical: boolean;
  criticalCategory: string | null;
  draftRevision: number;
  author: string | null;
  authorName: string | null;
  requiresVerification: boolean;
  verifier: string | null;
  verifierName: string | null;
  preliminaryAt: string | null;
  signedAt: string | null;
  verifiedAt: string | null;
  finalAt: string | null;
  updatedAt: string;
}

export interface ArchivedDocument {
  version: number;
  role: 'PRELIMINARY' | 'AUTHOR' | 'VERIFIER';
  verificationCode: string;
  signedBy: string;
  createdAt: string;
}

export interface ReportView {
  id: number;
  taskId: number;
  studyInstanceUid: string;
  serviceLine: ServiceLine;
  stat: boolean;
  examination: { accessionNumber: string | null; studyDate: string | null; description: string | null; modalities: string[] };
  currentVersion: number | null;
  latestVersion: number;
  version: ReportVersion | null;
  documents: ArchivedDocument[];
}

export interface ReportItem {
  id: number;
  taskId: number;
  studyInstanceUid: string;
  examination: ReportView['examination'];
  currentVersion: number | null;
  latestState: ReportState;
}

export interface Draft {
  sections: Sections;
  fields: Fields;
  critical: boolean;
  criticalCategory: string | null;
}

/** The report calls of README "Reports", and the task actions the editor offers. */
export const reports = {
  /** Starts the task's report; without a template the centre chooses one from the study. */
  create(taskId: number, templateId?: string) {
    return api.post<ReportView>(`/api/tasks/${taskId}/report`, templateId ? { templateId } : {});
  },
  /** The template the centre chooses for the task's study (line, modality, description). */
  suggested(taskId: number) {
    return api.get<ReportTemplate>(`/api/tasks/${taskId}/report/template`);
  },
  get(id: number) {
    return api.get<ReportView>(`/api/reports/${id}`);
  },
  ofPatient(studyUid: string) {
    return api.get<ReportItem[]>(`/api/studies/${encodeURIComponent(studyUid)}/reports`);
  },
  templates(serviceLine: ServiceLine) {
    return api.get<ReportTemplate[]>('/api/report-templates', { serviceLine });
  },
  template(id: string, version: number) {
    return api.get<ReportTemplate>(`/api/report-templates/${encodeURIComponent(id)}`, { version: String(version) });
  },
  criticalCategories(serviceLine: ServiceLine) {
    return api.get<Choice[]>(`/api/report-templates/critical-categories/${serviceLine}`);
  },
  save(id: number, baseRevision: number, d: Draft) {
    return api.put<ReportVersion>(`/api/reports/${id}/draft`, {
      baseRevision,
      ...d.sections,
      fields: d.fields,
      critical: d.critical,
      criticalCategory: d.critical ? d.criticalCategory : null,
    });
  },
  preliminary(id: number) {
    return api.post<ReportVersion>(`/api/reports/${id}/preliminary`);
  },
  sign(id: number, requestCountersign: boolean) {
    return api.post<ReportVersion>(`/api/reports/${id}/sign`, { requestCountersign });
  },
  verify(id: number) {
    return api.post<ReportVersion>(`/api/reports/${id}/verify`);
  },
  /** One version (the centre's staff see every one). */
  version(id: number, number: number) {
    return api.get<ReportVersion>(`/api/reports/${id}/versions/${number}`);
  },
  /** A senior reader revises a version waiting for countersignature: the next version (REVISING) is theirs to edit, then countersign. */
  revise(id: number) {
    return api.post<ReportVersion>(`/api/reports/${id}/revise`);
  },
  /** A senior reader sends a version waiting for countersignature back to the reading queue, with the reason. */
  returnToReader(id: number, reason: string) {
    return api.post<ReportVersion>(`/api/reports/${id}/return`, { reason });
  },
  pdfUrl(id: number, version: number, role?: ArchivedDocument['role']) {
    return `/api/reports/${id}/versions/${version}/pdf${role ? `?role=${role}` : ''}`;
  },
  previewUrl(id: number, version: number, role: ArchivedDocument['role'], page = 1) {
    return `/api/reports/${id}/versions/${version}/preview/${page}.png?role=${role}`;
  },
};

export const tasks = {
  complete(id: number) {
    return api.post<Task>(`/api/tasks/${id}/complete`, {});
  },
  qcReasons() {
    return api.get<string[]>('/api/worklist/qc-reasons');
  },
  returnForQc(id: number, reason: string, text: string) {
    return api.post<Task>(`/api/tasks/${id}/return-for-qc`, { reason, text });
  },
  escalate(id: number, reason: string) {
    return api.post<Task>(`/api/tasks/${id}/escalate`, { reason });
  },
};
