import { api } from './api/client';
import type { Caller, Queue, Role, ServiceLine } from './api/types';
import { serviceLines } from './api/types';
import type { MessageKey } from './i18n';
import { Store } from './store';

/** The signed-in user: undefined while the session is being checked, null when signed out. */
export const user = new Store<Caller | null | undefined>(undefined);

/**
 * Whether this browser signed in and has not signed out since. Only then is GET /api/session asked at start:
 * a browser that never signed in goes straight to the sign-in screen instead of provoking a 401 (which the
 * browser would log as an error on every first visit). Only the API saying the session is gone (a 401, the
 * sign-out) clears it: a session check that failed without an answer, as one does when the reader leaves the
 * page before it is answered, says nothing about the session, and clearing the mark then showed every later
 * page of the browser the sign-in screen while the session was still valid.
 */
const SIGNED_IN = 'rdc.signedIn';
user.subscribe((u) => {
  if (u) {
    localStorage.setItem(SIGNED_IN, '1');
  }
});

/** The session is gone (a 401 or the sign-out): the sign-in screen, here and on the browser's next page. */
export function signedOut(): void {
  localStorage.removeItem(SIGNED_IN);
  user.set(null);
}

api.onUnauthorized(signedOut);

/** Finds out who is signed in (at start); rejects when the check gets no answer, the mark then kept. */
export async function restoreSession(): Promise<void> {
  if (!localStorage.getItem(SIGNED_IN)) {
    user.set(null);
    return;
  }
  const me = await api.session();
  if (me) {
    user.set(me);
  } else {
    signedOut();
  }
}

export function has(u: Caller, role: Role): boolean {
  return u.roles.includes(role);
}

function staff(u: Caller): boolean {
  return has(u, 'READER') || has(u, 'SENIOR_READER') || has(u, 'CONSULTANT');
}

/** Which queues of which line the user works in (as the API's Caller.qualifiedFor decides). */
export function works(u: Caller, queue: Queue, line: ServiceLine): boolean {
  if (!u.serviceLines.includes(line)) {
    return false;
  }
  switch (queue) {
    case 'READING':
      return has(u, 'READER') || has(u, 'SENIOR_READER');
    case 'COUNTERSIGN':
      return has(u, 'SENIOR_READER');
    case 'CONSULTATION':
      return has(u, 'CONSULTANT');
  }
}

/** Sees a queue's list: who works in it, and administrators (every task, to reassign or cancel). */
export function seesQueue(u: Caller, queue: Queue, line: ServiceLine): boolean {
  return works(u, queue, line) || has(u, 'ADMIN');
}

/** A facility's user and nothing else: the clinic portal only. */
export function facilityOnly(u: Caller): boolean {
  return has(u, 'FACILITY_USER') && !has(u, 'ADMIN') && !staff(u);
}

export function seesTasks(u: Caller): boolean {
  return staff(u) || has(u, 'ADMIN');
}

export interface NavEntry {
  href: string;
  label: MessageKey;
  line?: ServiceLine;
}

export const queuePaths: Record<Queue, string> = { READING: 'worklist', COUNTERSIGN: 'countersign', CONSULTATION: 'consultation' };
const queueLabels: Record<Queue, MessageKey> = {
  READING: 'nav.worklist',
  COUNTERSIGN: 'nav.countersign',
  CONSULTATION: 'nav.consultation',
};

/** The navigation the user's roles allow, in this order: reading lines, countersign, consultation, portal, administration. */
export function navFor(u: Caller): NavEntry[] {
  const entries: NavEntry[] = [];
  for (const queue of ['READING', 'COUNTERSIGN', 'CONSULTATION'] as const) {
    for (const line of serviceLines) {
      const shown = queue === 'READING' ? seesQueue(u, queue, line) : works(u, queue, line);
      if (shown) {
        entries.push({ href: `/${queuePaths[queue]}/${line}`, label: queueLabels[queue], line });
      }
    }
  }
  if (facilityOnly(u) || (has(u, 'FACILITY_USER') && u.facilityId)) {
    entries.push({ href: '/portal', label: 'nav.portal' });
  }
  if (facilityOnly(u)) {
    entries.push({ href: '/portal/critical', label: 'nav.critical' });
  }
  if (facilityOnly(u) && u.facilityId) {
    entries.push({ href: '/portal/qc', label: 'nav.qcReturns' });
  }
  if (has(u, 'ADMIN')) {
    entries.push({ href: '/admin', label: 'nav.admin' });
  }
  return entries;
}
