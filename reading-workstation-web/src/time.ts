import { Store, useStore } from './store';

/** The time every countdown shows, ticking once a second (one timer for the whole app). */
export const now = new Store<number>(Date.now());
setInterval(() => now.set(Date.now()), 1000);

export function useNow(): number {
  return useStore(now);
}

/** A signed duration as [-]h:mm:ss (days as "Nd h:mm:ss"), for due-time countdowns. */
export function clock(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const hms = `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
  return sign + (d > 0 ? `${d}d ${hms}` : hms);
}

export function dateTime(iso: string | null, locale: string): string {
  if (!iso) {
    return '';
  }
  return new Date(iso).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'medium', hour12: false });
}

/** The local calendar day of an instant, yyyy-MM-dd (what a date input gives). */
export function localDay(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
