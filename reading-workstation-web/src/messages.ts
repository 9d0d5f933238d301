import { ApiError } from './api/client';
import { keyFor, t, type MessageKey } from './i18n';
import { Store } from './store';

export interface Message {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

/** What the app tells the user (problems from the API, outcomes): shown in the layout's live region. */
export const messages = new Store<Message[]>([]);
let nextId = 1;

export function inform(key: MessageKey, params?: Record<string, string | number>): void {
  push('info', t(key, params));
}

/** An error the UI itself found (before asking the centre), in the user's language. */
export function warn(key: MessageKey, params?: Record<string, string | number>): void {
  push('error', t(key, params));
}

/**
 * An error for the user: an RFC 9457 problem shows its translated `code` when the UI knows it, else the API's
 * `detail` (specific and in English), with the status.
 */
export function reportError(e: unknown): void {
  if (e instanceof ApiError) {
    const p = e.problem;
    const k = p.code ? keyFor('problem', p.code) : undefined;
    push('error', t('problem.prefix', { status: p.status }) + (k ? t(k) : p.detail ?? p.title ?? ''));
  } else {
    push('error', t('problem.network', { detail: e instanceof Error ? e.message : String(e) }));
  }
}

export function dismiss(id: number): void {
  messages.set(messages.get().filter((m) => m.id !== id));
}

function push(kind: Message['kind'], text: string): void {
  const m = { id: nextId++, kind, text };
  messages.set([...messages.get().slice(-4), m]);
  if (kind === 'info') {
    setTimeout(() => dismiss(m.id), 6000);
  }
}
