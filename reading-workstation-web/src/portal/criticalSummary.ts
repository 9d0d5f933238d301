import type { CriticalSummary } from '../api/portal';
import { portal } from '../api/portal';
import { reportError } from '../messages';
import { Store } from '../store';

/**
 * How many of the facility's critical values wait for acknowledgement: the banner on every page shows it, and
 * the critical-value screen refreshes it after an acknowledgement so the banner goes at once, not at the next poll.
 */
export const criticalSummary = new Store<CriticalSummary | null>(null);

/** The banner polls this often (15 s): an imaging deadline is 30 min, an ECG one 10 min. */
export const CRITICAL_POLL_MS = 15_000;

export async function refreshCriticalSummary(): Promise<void> {
  try {
    criticalSummary.set(await portal.criticalSummary());
  } catch (e) {
    reportError(e);
  }
}
