import type { Caller, Queue, ServiceLine } from './api/types';
import { serviceLines } from './api/types';
import type { Route } from './router';
import { AdminScreen, adminSections, type AdminSection } from './admin/AdminScreen';
import { facilityOnly, has, seesQueue, seesTasks } from './session';
import { CriticalScreen } from './portal/CriticalScreen';
import { QcReturnsScreen } from './portal/QcReturnsScreen';
import { ReportScreen } from './portal/ReportScreen';
import { ReportsScreen } from './portal/ReportsScreen';
import { TaskScreen } from './screens/TaskScreen';
import { WorklistScreen } from './screens/WorklistScreen';
import { ViewerScreen } from './viewer/ViewerScreen';
import { EcgScreen } from './ecg/EcgScreen';

function line(p: Record<string, string>): ServiceLine | null {
  return (serviceLines as readonly string[]).includes(p.line) ? (p.line as ServiceLine) : null;
}

function queueRoute(path: string, queue: Queue): Route<Caller> {
  return {
    path: `/${path}/:line`,
    view: ({ params }) => <WorklistScreen line={line(params)!} queue={queue} />,
    allow: (u, p) => line(p) !== null && seesQueue(u, queue, line(p)!),
  };
}

/**
 * Every screen of the workstation. A later screen adds its entry here (and, if it has one, its navigation
 * entry in session.ts navFor); `allow` mirrors what the API lets the user do, the API still decides.
 */
export const routes: readonly Route<Caller>[] = [
  queueRoute('worklist', 'READING'),
  queueRoute('countersign', 'COUNTERSIGN'),
  queueRoute('consultation', 'CONSULTATION'),
  {
    path: '/tasks/:id',
    view: ({ params }) => <TaskScreen id={Number(params.id)} />,
    allow: (u, p) => seesTasks(u) && /^\d+$/.test(p.id),
  },
  {
    path: '/viewer/:study',
    view: ({ params }) => <ViewerScreen studyUid={params.study} />,
    allow: (u, p) => (seesTasks(u) || has(u, 'FACILITY_USER')) && /^[0-9.]{1,64}$/.test(p.study),
  },
  {
    path: '/ecg/:study',
    view: ({ params }) => <EcgScreen studyUid={params.study} />,
    allow: (u, p) => (seesTasks(u) || has(u, 'FACILITY_USER')) && /^[0-9.]{1,64}$/.test(p.study),
  },
  // screen 6, the clinic portal: what the API shows a facility's user (and the centre, which sees every facility's)
  { path: '/portal', view: () => <ReportsScreen />, allow: (u) => facilityOnly(u) || has(u, 'FACILITY_USER') },
  {
    path: '/portal/reports/:id',
    view: ({ params }) => <ReportScreen id={Number(params.id)} />,
    allow: (u, p) => (facilityOnly(u) || has(u, 'FACILITY_USER')) && /^\d+$/.test(p.id),
  },
  { path: '/portal/critical', view: () => <CriticalScreen />, allow: (u) => facilityOnly(u) },
  { path: '/portal/qc', view: () => <QcReturnsScreen />, allow: (u) => facilityOnly(u) && !!u.facilityId },
  // screen 7, administration
  { path: '/admin', view: () => <AdminScreen section="facilities" />, allow: (u) => has(u, 'ADMIN') },
  {
    path: '/admin/:section',
    view: ({ params }) => <AdminScreen section={params.section as AdminSection} />,
    allow: (u, p) => has(u, 'ADMIN') && (adminSections as readonly string[]).includes(p.section),
  },
];
