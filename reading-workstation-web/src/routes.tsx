import type { Caller, Queue, ServiceLine } from './api/types';
import { serviceLines } from './api/types';
import type { Route } from './router';
import { facilityOnly, has, seesQueue, seesTasks } from './session';
import { Placeholder } from './screens/Placeholder';
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
  { path: '/portal', view: () => <Placeholder title="nav.portal" />, allow: (u) => facilityOnly(u) || has(u, 'FACILITY_USER') },
  { path: '/admin', view: () => <Placeholder title="nav.admin" />, allow: (u) => has(u, 'ADMIN') },
];
