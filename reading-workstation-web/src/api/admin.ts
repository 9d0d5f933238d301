import { api } from './client';
import type { Priority, Role, ServiceLine } from './types';

// The administration calls (README "Users and the reading worklist", "DICOM gateway" facilities file, "Reports"
// templates) and their JSON.

export interface DeviceView {
  aeTitle: string;
  kind: string | null;
  hosts: string[];
  host?: string;
  port?: number;
  apiKeySet?: boolean;
  username?: string;
}

/** A device as PUT sends it: apiKey only when a new one was made (left out, the centre keeps the old one). */
export interface DeviceEntry extends Omit<DeviceView, 'apiKeySet'> {
  apiKey?: string;
}

/** GET /api/admin/facilities: one entry of the facilities file, without secrets. */
export interface FacilityView {
  id: string;
  name: string;
  defaultCharacterSet: string | null;
  reportDestination?: { aeTitle: string; host: string; port: number };
  devices: DeviceView[];
  [other: string]: unknown;
}

export interface UserAccount {
  username: string;
  displayName: string | null;
  roles: Role[];
  serviceLines: ServiceLine[];
  facilityId: string | null;
  requiresCountersign: boolean;
  enabled: boolean;
  createdAt: string;
}

export interface UserRequest {
  username?: string;
  password?: string;
  displayName?: string;
  roles?: Role[];
  serviceLines?: ServiceLine[];
  facilityId?: string;
  requiresCountersign?: boolean;
  enabled?: boolean;
}

export interface TemplateSummary {
  id: string;
  version: number;
  nameZh: string;
  nameEn: string;
  serviceLine: ServiceLine;
  [other: string]: unknown;
}

/** GET /api/admin/sla: minutes from arrival to due time, per service line and priority. */
export type SlaMatrix = Record<ServiceLine, Record<Priority, number>>;

/** PUT /api/admin/sla: any subset of the cells; the others stay. */
export type SlaCells = Partial<Record<ServiceLine, Partial<Record<Priority, number>>>>;

/** The longest time a cell may give (30 days), as the centre checks it. */
export const SLA_MAX_MINUTES = 43200;

export const admin = {
  facilities() {
    return api.get<FacilityView[]>('/api/admin/facilities');
  },
  saveFacility(id: string, body: Omit<FacilityView, 'devices'> & { devices: DeviceEntry[] }) {
    return api.put<FacilityView>(`/api/admin/facilities/${encodeURIComponent(id)}`, body);
  },
  users() {
    return api.get<UserAccount[]>('/api/admin/users');
  },
  createUser(u: UserRequest) {
    return api.post<UserAccount>('/api/admin/users', u);
  },
  updateUser(username: string, u: UserRequest) {
    return api.put<UserAccount>(`/api/admin/users/${encodeURIComponent(username)}`, u);
  },
  templates() {
    return api.get<TemplateSummary[]>('/api/report-templates');
  },
  templateVersions(id: string) {
    return api.get<TemplateSummary[]>(`/api/report-templates/${encodeURIComponent(id)}/versions`);
  },
  /** A new template or a new version of one: the definition as the template files have it. */
  addTemplate(definition: unknown) {
    return api.post<TemplateSummary>('/api/admin/report-templates', definition);
  },
  sla() {
    return api.get<SlaMatrix>('/api/admin/sla');
  },
  /** Changes the given cells; the whole matrix after the change. */
  saveSla(cells: SlaCells) {
    return api.put<SlaMatrix>('/api/admin/sla', cells);
  },
};

/**
 * A device API key made in the browser from the platform's CSPRNG: 160 bits as 40 hex digits (the centre asks
 * for 128 or more). It is shown once; the centre keeps only its SHA-256.
 */
export function newApiKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
